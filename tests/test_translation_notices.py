"""A site whose translations lag behind: notices, the original in its place, a status page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import UnexpectedWarnings

from sitecheck import Site, build_site

OTHER = Path(__file__).parent / "sites" / "other-debate"
# The English claim title was translated from an earlier original, 总是要预训练.
OUTDATED_TITLE = (
    "title: {zh: 总要预训练, en: Always pre-train}",
    "title: {zh: 总要预训练, en: {text: Always pre-train, from: 807c9faf}}",
)
# A rebuttal of two paragraphs, not translated yet.
MISSING_TEXT = (
    "text: {zh: 有时大步更快。, en: Sometimes large steps are faster.}",
    'text: {zh: "有时大步更快。\\n\\n第二段。"}',
)
# A name not translated yet, shown on the index and on the pages of the pairs.
MISSING_NAME = ("name: {zh: 博, en: Bo}", "name: {zh: 博}")


def lagging_copy(root: Path, allow: bool) -> Path:
    shutil.copytree(OTHER, root)
    database = root / "data" / "debate.yaml"
    text = database.read_text("utf-8")
    for old, new in (OUTDATED_TITLE, MISSING_TEXT, MISSING_NAME):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    database.write_text(text, "utf-8")
    config = root / "mkdocs.yml"
    option = "\n      allow_incomplete_translations: true" if allow else ""
    config.write_text(
        config.read_text("utf-8").replace("claims_in_nav: never", f"claims_in_nav: never{option}"),
        "utf-8",
    )
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("lagging")
    return build_site(lagging_copy(root / "project", allow=True), root / "site")


def test_an_untranslated_text_is_shown_in_the_original_with_a_notice(site: Site) -> None:
    page = site.page("en/arguments/small-steps/")
    notice = page.content().cssselect(".rb-notice")[0]
    assert notice.get("role") == "note"
    assert "Not translated yet: Rebuttal." in notice.text_content()
    assert notice.cssselect("a")[0].get("href") == "#counterclaim"
    quote = page.content().cssselect("#counterclaim + p + blockquote")[0]
    # One element per paragraph: an inline element cannot hold a paragraph break.
    assert [(s.get("lang"), s.text) for s in quote.cssselect("span")] == [
        ("zh", "有时大步更快。"),
        ("zh", "第二段。"),
    ]
    # The claim's speaker has no English name yet.
    speaker = page.content().cssselect("#claim + p strong span")[0]
    assert (speaker.get("lang"), speaker.text) == ("zh", "博")


def test_an_outdated_translation_is_shown_with_a_notice(site: Site) -> None:
    page = site.page("en/arguments/always-pretrain/")
    notice = page.content().cssselect(".rb-notice")[0]
    text = " ".join(notice.text_content().split())
    assert text.startswith(
        "This translation may be outdated: the original of Claim has changed since it was "
        "translated."
    )
    assert "Not translated yet" not in text
    assert page.content().cssselect("h1")[0].text == "Always pre-train"


def test_a_notice_leads_to_the_original_and_to_the_translation_status(site: Site) -> None:
    page = site.page("en/arguments/always-pretrain/")
    links = page.content().cssselect(".rb-notice a")
    assert [a.text_content() for a in links] == ["Claim", "Read the original", "Translation status"]
    original = site.assert_resolves(page, links[1].get("href"))
    assert (original.url, original.lang, links[1].get("hreflang")) == (
        "arguments/always-pretrain/",
        "zh",
        "zh",
    )
    assert site.assert_resolves(page, links[2].get("href")).url == "en/translations/"


def test_the_original_has_no_notices(site: Site) -> None:
    for page in site.pages():
        if not page.url.startswith("en/"):
            assert not page.tree.cssselect(".rb-notice"), page.url
            assert not page.content().cssselect("span[lang]"), page.url


def test_the_index_notes_the_untranslated_name(site: Site) -> None:
    page = site.page("en/arguments/")
    notice = page.content().cssselect(".rb-notice")[0]
    assert " ".join(notice.text_content().split()).startswith("Not translated yet: People.")
    names = page.content().cssselect("#people + ul strong")
    assert [(n.text_content(), n.cssselect("span[lang]") != []) for n in names] == [
        ("Ada", False),
        ("博", True),
    ]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_status_page_lists_every_gap_with_a_link(site: Site, prefix: str) -> None:
    page = site.page(f"{prefix}translations/")
    rows = page.content().cssselect("tbody tr")
    found = []
    for row in rows:
        link, field, state = row.cssselect("td")
        target = site.assert_resolves(page, link.cssselect("a")[0].get("href"))
        found.append((target.url.removeprefix(prefix), field.text_content(), state.text_content()))
    outdated, missing = (
        ("可能已过时", "尚未翻译") if prefix == "" else ("may be outdated", "not translated yet")
    )
    assert found == [
        ("arguments/", "people.bo.name", missing),
        ("arguments/always-pretrain/", "claims[0].claim.title", outdated),
        ("arguments/small-steps/", "claims[1].counterclaim.text", missing),
    ]


def test_every_link_of_the_lagging_site_resolves(site: Site) -> None:
    broken = [
        f"/{page.url}: {reference}: {why}"
        for page in site.pages()
        for reference in page.references()
        if (why := site.broken(page, reference))
    ]
    assert not broken, "\n".join(broken)


@pytest.mark.expect_warnings
def test_a_strict_build_fails_unless_the_site_allows_lagging_translations(
    tmp_path: Path, no_unexpected_warnings: UnexpectedWarnings
) -> None:
    config = lagging_copy(tmp_path / "project", allow=False)
    with pytest.raises(Abort):
        build_site(config, tmp_path / "site")
    warnings = sorted(
        {r.getMessage().split(": warning: ")[-1] for r in no_unexpected_warnings.records}
    )
    assert warnings == [
        "claims[0].claim.title.en: outdated translation: the `zh` text has changed since "
        "(from: 807c9faf, now 3f4a956f) (update the translation, then write `from: 3f4a956f`)",
        "claims[1].counterclaim.text: missing translation `en`; the `zh` text is shown",
        "people.bo.name: missing translation `en`; the `zh` text is shown",
    ]
