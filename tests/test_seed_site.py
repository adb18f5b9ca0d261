"""The real site, built from data/claims.yaml with the repository's mkdocs.yml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from mkdocs_rebuttal.database.translations import plain_texts

from sitecheck import Site, SitePage

ROOT = Path(__file__).resolve().parent.parent
# Translations as plain text, without the fingerprints of their originals.
DATA = plain_texts(yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8")))
PAIRS = [claim["id"] for claim in DATA["claims"]]
LANGUAGES = {"zh": "", "en": "en/"}
# GB/T 7714-2015 document-type codes: [J], [C], [M], [EB/OL], [J/OL], ...
GBT_TYPE_CODE = re.compile(r"\[[A-Z]{1,2}(/OL)?\]")


def pages_of(site: Site, prefix: str) -> list[SitePage]:
    urls = ["", "claims/", "bibliography/", *(f"claims/{pair}/" for pair in PAIRS)]
    return [site.page(prefix + url) for url in [*urls, "translations/"]]


def test_the_seed_debate_has_seven_pairs() -> None:
    assert len(PAIRS) == 7


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pair_has_a_page_in_each_language(seed_site: Site, language: str) -> None:
    prefix = LANGUAGES[language]
    for number, pair in enumerate(DATA["claims"], start=1):
        page = seed_site.page(f"{prefix}claims/{pair['id']}/")
        assert page.lang == language
        heading = page.content().cssselect("h1")[0]
        assert heading.get("id") == pair["id"]
        assert heading.text_content().strip().rstrip("¶") == pair["claim"]["title"][language]
        assert {"claim", "counterclaim", "evidence"} <= page.ids(), number


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_citation_lands_on_a_bibliography_entry(seed_site: Site, language: str) -> None:
    prefix = LANGUAGES[language]
    cited = set()
    for page in pages_of(seed_site, prefix):
        for href in page.links("article a.rb-cite"):
            target = seed_site.assert_resolves(page, href)
            assert target.url == f"{prefix}bibliography/"
            cited.add(page.resolve(href)[1])
    assert cited == set(DATA["references"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_cited_by_link_lands_on_a_pair_that_cites_the_entry(
    seed_site: Site, language: str
) -> None:
    prefix = LANGUAGES[language]
    bibliography = seed_site.page(f"{prefix}bibliography/")
    entries = bibliography.content().cssselect(".rb-entry")
    ids = [entry.get("id") for entry in entries]
    assert sorted(ids) == sorted(DATA["references"])
    if language == "zh":  # numbered in order of first citation, as the essay numbers them
        assert ids == ["hare2019", "peters2006", "schulman2017", "li2018", "he2019", "corneanu2020"]
    else:  # APA: alphabetical by author
        assert ids == ["corneanu2020", "hare2019", "he2019", "li2018", "peters2006", "schulman2017"]
    for entry in entries:
        backlinks = [a.get("href") for a in entry.cssselect("a") if "rb-link" not in a.classes]
        assert backlinks, f"{entry.get('id')} has no cited-by link"
        for href in backlinks:
            pair = seed_site.assert_resolves(bibliography, href)
            cites = {pair.resolve(h)[1] for h in pair.links("article a.rb-cite")}
            assert entry.get("id") in cites


def test_chinese_bibliography_has_gbt_type_codes_and_links(seed_site: Site) -> None:
    entries = seed_site.page("bibliography/").content().cssselect(".rb-entry .rb-reference")
    assert len(entries) == len(DATA["references"])
    for entry in entries:
        text = entry.text_content()
        assert GBT_TYPE_CODE.search(text), f"no document-type code in: {text}"
    links = seed_site.page("bibliography/").links(".rb-link")
    assert "https://arxiv.org/abs/1707.06347" in links
    assert "https://doi.org/10.1109/ICCV.2019.00502" in links


def test_english_bibliography_is_apa(seed_site: Site) -> None:
    text = seed_site.page("en/bibliography/").content().text_content()
    assert "Schulman, J., Wolski, F., Dhariwal, P., Radford, A., & Klimov, O. (2017)" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_lands_on_the_same_page(seed_site: Site, language: str) -> None:
    prefix = LANGUAGES[language]
    for page in pages_of(seed_site, prefix):
        counterpart = {lang: p + page.url[len(prefix) :] for lang, p in LANGUAGES.items()}
        assert page.switcher() == counterpart, page.url
        alternates = {
            link.get("hreflang"): page.resolve(link.get("href"))[0]
            for link in page.tree.cssselect('link[rel="alternate"][hreflang]')
        }
        assert alternates == counterpart, page.url


def test_anchors_do_not_depend_on_the_language(seed_site: Site) -> None:
    for url in ["claims/", "bibliography/", *(f"claims/{pair}/" for pair in PAIRS)]:
        zh = seed_site.page(url).content()
        en = seed_site.page("en/" + url).content()
        ids = [{el.get("id") for el in tree.iter() if el.get("id")} for tree in (zh, en)]
        assert ids[0] == ids[1], url


def test_generated_pages_have_no_edit_link(seed_site: Site) -> None:
    for prefix in LANGUAGES.values():
        for page in pages_of(seed_site, prefix)[1:]:
            assert not page.tree.cssselect("a.md-content__button"), page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_hand_written_pages_link_to_their_markdown_file(seed_site: Site, language: str) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    edit_base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"]
    prefix = LANGUAGES[language]
    for url, name in [("", "index"), ("format/", "format")]:
        source = f"{name}.{language}.md"
        assert (ROOT / "docs" / source).is_file()
        page = seed_site.page(prefix + url)
        assert page.links('a.md-content__button[rel="edit"]') == [edit_base + source], page.url


def test_search_index_finds_chinese_and_english_words(seed_site: Site) -> None:
    index = json.loads((seed_site.root / "search" / "search_index.json").read_text("utf-8"))
    # Material's zh separator splits on U+200B, which jieba's segmentation inserts.
    separator = re.compile(index["config"]["separator"])

    def pages_with(word: str) -> set[str]:
        return {
            doc["location"].split("#")[0]
            for doc in index["docs"]
            if word in separator.split(doc["text"]) or word in separator.split(doc["title"])
        }

    assert "claims/head-start/" in pages_with("起点")
    # Material splits "pre-training" at the hyphen, in the index and in the query alike.
    assert "en/claims/head-start/" in pages_with("pre") & pages_with("training")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_is_up_to_date(seed_site: Site, language: str) -> None:
    for page in pages_of(seed_site, LANGUAGES[language]):
        assert not page.tree.cssselect(".rb-notice, article span[lang]"), page.url
    status = seed_site.page(f"{LANGUAGES[language]}translations/").content().text_content()
    assert {"zh": "所有译文都是最新的。", "en": "All translations are up to date."}[
        language
    ] in status
