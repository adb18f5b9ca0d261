"""Any set of languages: the same debate as a site of one language without the i18n plugin,
with English as the default of a debate written in Chinese, and in three languages of which
the third is partly translated. Each is a real `mkdocs build --strict`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from mkdocs_rebuttal.pages.strings import STRINGS

from sitecheck import Site, build_site

OTHER = Path(__file__).parent / "sites" / "other-debate"
PAIRS = ["always-pretrain", "small-steps", "open-question"]


def make_site(
    folder: Path,
    languages: list[str] | None,
    *,
    original: str | None = None,
    database: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> Path:
    """The other debate in `folder`, for `languages` (the default first; None: one language,
    the theme's, without the i18n plugin)."""
    shutil.copytree(OTHER, folder)
    config = yaml.safe_load((OTHER / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config["plugins"]
    rebuttal = plugins[1]["rebuttal"]
    rebuttal.update(options or {})
    data_file = folder / "data" / "debate.yaml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    if languages is None:
        config["plugins"] = plugins[:2]
        data = _only(data, "zh")
        (folder / "docs" / "index.en.md").unlink()
        (folder / "docs" / "index.zh.md").rename(folder / "docs" / "index.md")
    else:
        config["theme"]["language"] = languages[0]
        plugins[2]["i18n"]["languages"] = [
            {"locale": code, "name": code, "default": n == 0, "build": True}
            for n, code in enumerate(languages)
        ]
        for code in languages:
            page = folder / "docs" / f"index.{code}.md"
            if not page.exists():
                page.write_text(f"# {code}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    if original:
        data["debate"]["original_language"] = original
    data.update(database or {})
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return folder / "mkdocs.yml"


def _only(data: Any, language: str) -> Any:
    """The database with the texts of `language` alone: a debate of one language."""
    if isinstance(data, dict):
        if language in data and set(data) <= {"zh", "en"}:
            return {language: data[language]}
        return {key: _only(value, language) for key, value in data.items()}
    if isinstance(data, list):
        return [_only(value, language) for value in data]
    return data


def json_ld(site: Site, url: str) -> dict[str, Any]:
    script = site.page(url).tree.cssselect('script[type="application/ld+json"]')[0]
    return json.loads(script.text)


def claims_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["@id"].rsplit("#", 1)[1]: node for node in document["@graph"][1:]}


# (a) One language, no i18n plugin --------------------------------------------------------


@pytest.fixture(scope="module")
def one_language(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("one")
    return build_site(make_site(root / "src", None), root / "site")


def test_one_language_has_plain_page_names(one_language: Site) -> None:
    for pair in PAIRS:
        page = one_language.page(f"arguments/{pair}/")
        assert page.lang == "zh"
        assert pair in page.ids()
    assert not one_language.has("arguments/small-steps.zh/")
    assert not one_language.has("en/")


def every_link_resolves(site: Site) -> None:
    broken = [
        f"/{page.url}: {reference}: {why}"
        for page in site.pages()
        for reference in page.references()
        if (why := site.broken(page, reference))
    ]
    assert not broken, "\n".join(broken)


def test_one_language_links_all_resolve(one_language: Site) -> None:
    every_link_resolves(one_language)


def test_one_language_has_no_translation_status(one_language: Site) -> None:
    assert not one_language.has("translations/")


# (b) Written in Chinese, English the site's default ---------------------------------------


@pytest.fixture(scope="module")
def english_default(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("en-default")
    database = yaml.safe_load((OTHER / "data" / "debate.yaml").read_text(encoding="utf-8"))
    # One English text missing: the Chinese original is shown, and marked as such.
    del database["claims"][2]["claim"]["text"]["en"]
    config = make_site(
        root / "src",
        ["en", "zh"],
        original="zh",
        database={"claims": database["claims"]},
        options={"allow_incomplete_translations": True},
    )
    return build_site(config, root / "site")


def test_english_default_is_at_the_root_and_chinese_in_its_folder(english_default: Site) -> None:
    assert english_default.page("arguments/small-steps/").lang == "en"
    assert english_default.page("zh/arguments/small-steps/").lang == "zh"
    assert "Keep every step small" in english_default.page("arguments/small-steps/").title


def test_the_chinese_original_is_no_translation(english_default: Site) -> None:
    # The missing English text is shown in Chinese, marked as Chinese, with a notice on the
    # English page; the Chinese page has none.
    english = english_default.page("arguments/open-question/")
    shown = english.content().cssselect('span[lang="zh"]')
    assert any("这一点还没有人反驳" in span.text_content() for span in shown)
    assert english.content().cssselect(".rb-notice")
    assert not english_default.page("zh/arguments/open-question/").content().cssselect(".rb-notice")


def test_notices_link_to_the_original_language_page(english_default: Site) -> None:
    english = english_default.page("arguments/open-question/")
    original = english.content().cssselect('.rb-notice a[hreflang="zh"]')[0].get("href")
    assert english.resolve(original)[0] == "zh/arguments/open-question/"


def test_translated_quotes_say_so_and_lead_to_the_original(english_default: Site) -> None:
    # English is the site's default, Chinese the original: the label follows the database.
    english = english_default.page("arguments/small-steps/")
    labels = english.content().cssselect("p.rb-translated a")
    assert [a.text_content() for a in labels] == ["Translated from Chinese"] * 2
    targets = [english.resolve(a.get("href")) for a in labels]
    assert targets == [
        ("zh/arguments/small-steps/", "claim"),
        ("zh/arguments/small-steps/", "counterclaim"),
    ]
    assert {a.get("hreflang") for a in labels} == {"zh"}
    assert (
        not english_default.page("zh/arguments/small-steps/").content().cssselect(".rb-translated")
    )
    # A claim shown in the original, untranslated, is no translation: the notice tells.
    untranslated = english_default.page("arguments/open-question/").content()
    claim_quote = untranslated.cssselect("h2#claim ~ blockquote")[0]
    following = claim_quote.getnext()
    assert following is None or "rb-translated" not in (following.get("class") or "")
    claims = claims_of(json_ld(english_default, "arguments/small-steps/"))
    assert claims["claim"]["translationOfWork"]["@id"].endswith("/zh/arguments/small-steps/#claim")
    assert (
        "translationOfWork"
        not in claims_of(json_ld(english_default, "arguments/open-question/"))["claim"]
    )


def test_json_ld_says_which_page_is_the_original(english_default: Site) -> None:
    english = json_ld(english_default, "arguments/small-steps/")
    chinese = json_ld(english_default, "zh/arguments/small-steps/")
    assert english["@graph"][0]["translationOfWork"]["@id"].endswith("/zh/arguments/small-steps/")
    assert "workTranslation" in chinese["@graph"][0]
    # The language of each text is the language it is shown in.
    open_question = claims_of(json_ld(english_default, "arguments/open-question/"))
    assert open_question["claim"]["inLanguage"] == "zh"


def test_english_default_links_all_resolve(english_default: Site) -> None:
    every_link_resolves(english_default)


def test_english_default_404_links_each_language(english_default: Site) -> None:
    tree = lxml.html.fromstring(english_default.file_for("404.html").read_bytes())
    assert tree.cssselect("h1")[0].text_content() == STRINGS["en"]["not_found_title"]
    links = {
        div.get("lang"): [a.get("href") for a in div.cssselect("a")]
        for div in tree.cssselect("div[lang]")
    }
    assert links == {
        "en": ["/dispute/", "/dispute/arguments/"],
        "zh": ["/dispute/zh/", "/dispute/zh/arguments/"],
    }


def test_the_language_switcher_leads_to_the_same_page(english_default: Site) -> None:
    page = english_default.page("arguments/small-steps/")
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in page.tree.cssselect('link[rel="alternate"][hreflang]')
    }
    assert alternates["zh"].endswith("/zh/arguments/small-steps/")
    assert english_default.has("zh/arguments/small-steps/sitemap.xml")


# (c) Three languages, the third partly translated -----------------------------------------


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("three")
    database = yaml.safe_load((OTHER / "data" / "debate.yaml").read_text(encoding="utf-8"))
    database["claims"][0]["claim"]["title"]["ja"] = "常に事前学習を"
    config = make_site(
        root / "src",
        ["zh", "en", "ja"],
        database={"claims": database["claims"]},
        options={"allow_incomplete_translations": True, "strings": {"ja": "strings/ja.yml"}},
    )
    words = {**STRINGS["en"], "index_title": "主張と反論", "claim": "主張"}
    strings = config.parent / "strings"
    strings.mkdir()
    (strings / "ja.yml").write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    return build_site(config, root / "site")


def test_the_third_language_has_every_page(three_languages: Site) -> None:
    for pair in PAIRS:
        assert three_languages.page(f"ja/arguments/{pair}/").lang == "ja"
    assert three_languages.page("ja/arguments/always-pretrain/").title.startswith("常に事前学習を")
    index = three_languages.page("ja/arguments/")
    assert index.content().cssselect("h1")[0].text_content().startswith("主張と反論")


def test_the_third_language_shows_the_original_where_untranslated(three_languages: Site) -> None:
    page = three_languages.page("ja/arguments/small-steps/")
    spans = page.content().cssselect('span[lang="zh"]')
    assert any("每步都要小" in span.text_content() for span in spans)
    claims = claims_of(json_ld(three_languages, "ja/arguments/always-pretrain/"))
    assert claims["claim"]["name"] == "常に事前学習を"
    assert claims["claim"]["inLanguage"] == "zh"  # its text is untranslated


def test_the_third_language_has_its_translation_status(three_languages: Site) -> None:
    status = three_languages.page("ja/translations/").content().text_content()
    assert "arguments" not in status or "claims[0]" in status
    # The original's page lists every translation under the language's name.
    original = three_languages.page("translations/").content()
    headings = [h.text_content().strip() for h in original.cssselect("h2")]
    assert headings[:2] == ["英文 (en)", "日文 (ja)"], headings


def test_three_languages_links_all_resolve(three_languages: Site) -> None:
    every_link_resolves(three_languages)


def test_404_speaks_every_language(three_languages: Site) -> None:
    tree = lxml.html.fromstring(three_languages.file_for("404.html").read_bytes())
    assert [div.get("lang") for div in tree.cssselect("div[lang]")] == ["zh", "en", "ja"]


# Bad configurations: one clear message naming the option -----------------------------------


@pytest.mark.expect_warnings
def test_missing_interface_words_are_a_warning_naming_the_option(
    tmp_path: Path, no_unexpected_warnings: Any
) -> None:
    config = make_site(
        tmp_path / "src", ["zh", "en", "ja"], options={"allow_incomplete_translations": True}
    )
    with pytest.raises(Abort):
        build_site(config, tmp_path / "site")
    assert any(
        "No interface words for `ja`" in message and "strings: {ja: strings/ja.yml}" in message
        for message in (r.getMessage() for r in no_unexpected_warnings.records)
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"styles": {"en": "chicago"}}, "chicago-author-date"),
        ({"locales": {"en": "en-XX"}}, "`locales` option for `en`"),
        ({"strings": {"en": {"pair": "Pair {x}"}}}, "placeholders"),
        ({"strings": {"en": {"pari": "Pair {n}"}}}, "did you mean `pair`"),
        ({"claims_dir": "../x"}, "`claims_dir`"),
        ({"languages": ["zh", "fr"]}, "`fr`"),
        ({"argument_map": "sources"}, "`argument_map` and `bibliography` options"),
        ({"map_limit": -3}, "`map_limit` option is -3"),
    ],
)
@pytest.mark.expect_warnings
def test_bad_options_name_the_option(
    tmp_path: Path, options: dict[str, Any], message: str, no_unexpected_warnings: Any
) -> None:
    config = make_site(tmp_path / "src", ["zh", "en"], options=options)
    with pytest.raises((PluginError, Abort)):
        build_site(config, tmp_path / "site")
    (error,) = [record.getMessage() for record in no_unexpected_warnings.records]
    assert "mkdocs.yml" in error and message in error


# What the cited works show, per statement -------------------------------------------------


def test_a_work_cited_by_claim_and_rebuttal_shows_each_ones_evidence(tmp_path: Path) -> None:
    database = yaml.safe_load((OTHER / "data" / "debate.yaml").read_text(encoding="utf-8"))
    counter = database["claims"][1]["counterclaim"]
    counter["text"] = {
        "zh": "有时大步更快[@schulman2017]。",
        "en": "Sometimes faster [@schulman2017].",
    }
    counter["citations"] = [
        {
            "ref": "schulman2017",
            "locator": {"zh": "第 3 节", "en": "section 3"},
            "note": {"zh": "裁剪的是概率比。", "en": "It clips the probability ratio."},
            "fit": "does-not-support",
        }
    ]
    config = make_site(tmp_path / "src", ["zh", "en"], database={"claims": database["claims"]})
    site = build_site(config, tmp_path / "site")
    evidence = site.page("en/arguments/small-steps/").content()
    text = " ".join(evidence.text_content().split())
    assert "What the works the claim and the rebuttal cite actually show." in text
    claim_part, rebuttal_part = text.split("Checking the sources", 1)[1].split("Rebuttal", 1)
    assert "Support: ✓ supports" in claim_part and "It clips" not in claim_part
    assert "Where: section 3" in rebuttal_part
    assert "does not support" in rebuttal_part and "supports " not in rebuttal_part
    assert "It clips the probability ratio." in rebuttal_part
