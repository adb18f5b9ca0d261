"""What the reader's site adds to the pages, read from the built HTML: fit badges on the
claims index, the previews of citations, the link to suggest a correction. (How they behave
in a browser is test_browser.py's.)"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from mkdocs_rebuttal.pages.corrections import correction_link, issue_url
from mkdocs_rebuttal.pages.strings import STRINGS

from sitecheck import Site, build_site

ROOT = Path(__file__).resolve().parent.parent
OTHER = ROOT / "tests" / "sites" / "other-debate"  # a site without repo_url
DATA = yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))
PAIRS = [claim["id"] for claim in DATA["claims"]]
PREFIX = {"zh": "", "en": "en/"}


def test_an_issue_on_github_and_on_gitlab() -> None:
    github = urlsplit(issue_url("https://github.com/o/r/", "T (x)", "a\nb & c"))
    assert github.path == "/o/r/issues/new"
    assert parse_qs(github.query) == {"title": ["T (x)"], "body": ["a\nb & c"]}
    gitlab = urlsplit(issue_url("https://gitlab.com/o/r", "T", "B"))
    assert gitlab.path == "/o/r/-/issues/new"
    assert parse_qs(gitlab.query) == {"issue[title]": ["T"], "issue[description]": ["B"]}
    assert correction_link(None, STRINGS["en"], "p", "en", "/x/") == ""
    assert correction_link("", STRINGS["en"], "p", "en", "/x/") == ""


def test_every_pair_page_offers_a_correction_with_its_id_language_and_address(
    seed_site: Site,
) -> None:
    for language, prefix in PREFIX.items():
        for pair in PAIRS:
            page = seed_site.page(f"{prefix}claims/{pair}/")
            (link,) = page.content().cssselect("a.rb-correction")
            assert link.text_content() == STRINGS[language]["suggest_correction"]
            url = urlsplit(link.get("href"))
            assert f"{url.scheme}://{url.netloc}{url.path}" == (
                "https://github.com/sgd-debate/sgd-debate/issues/new"
            )
            query = parse_qs(url.query)
            assert pair in query["title"][0] and language in query["title"][0]
            body = query["body"][0]
            assert f"{seed_site.site_url}{prefix}claims/{pair}/" in body
            assert pair in body and language in body
    # Only pair pages.
    assert not seed_site.page("claims/").content().cssselect("a.rb-correction")


def test_no_correction_link_without_a_repository(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    config = yaml.safe_load((OTHER / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "repo_url" not in config
    site = build_site(OTHER / "mkdocs.yml", tmp_path_factory.mktemp("no-repo"))
    pages = [p for p in site.pages() if "/arguments/" in f"/{p.url}" and p.url.count("/") >= 2]
    assert pages
    assert not any(p.content().cssselect("a.rb-correction") for p in pages)


@pytest.mark.parametrize("page", ["claims/", ""])  # the claims index, the home page
def test_the_claims_index_and_the_home_page_show_every_pairs_verdict(
    seed_site: Site, page: str
) -> None:
    for language, prefix in PREFIX.items():
        index = seed_site.page(f"{prefix}{page}").content()
        rows = index.cssselect(".rb-index tbody tr")
        assert len(rows) == len(PAIRS)
        for row, claim in zip(rows, DATA["claims"], strict=True):
            fits = [c["fit"] for c in claim.get("counterclaim", {}).get("citations", [])]
            badges = row.cssselect(".rb-fit")
            assert [b.get("class").split()[1] for b in badges] == [f"rb-fit-{f}" for f in fits]
            for badge, fit in zip(badges, fits, strict=True):
                # The words say it; the sign and the colour only help.
                assert STRINGS[language][f"fit_{fit}"] in badge.text_content()


def test_previews_hold_a_card_for_every_citation_of_a_pair(seed_site: Site) -> None:
    for prefix in PREFIX.values():
        for claim in DATA["claims"]:
            page = seed_site.page(f"{prefix}claims/{claim['id']}/")
            keys = {c["ref"] for c in claim.get("counterclaim", {}).get("citations", [])}
            scripts = page.tree.cssselect("script.rb-previews")
            if not keys:
                assert not scripts  # nothing to preview, no script
                continue
            cards = json.loads(scripts[0].text)["cards"]
            assert {card.split("|")[1] for card in cards} == keys
            assert all(card.split("|")[0] == claim["id"] for card in cards)


def test_the_translated_label_names_the_original_in_the_pages_language() -> None:
    from mkdocs_rebuttal.pages.strings import strings_for
    from mkdocs_rebuttal.pages.translated import translated_label

    label = translated_label(strings_for("en"), "en", "zh", "../../claims/x/#claim")
    assert label == (
        '<p class="rb-translated"><a href="../../claims/x/#claim" hreflang="zh">'
        "Translated from Chinese</a></p>"
    )
    # A Chinese page of a debate written in English; a language without a known name.
    assert "译自英文" in translated_label(strings_for("zh"), "zh", "en", None)
    assert "Translated from the original" in translated_label(strings_for("en"), "en", "ko", None)
    assert "<a" not in translated_label(strings_for("en"), "en", "zh", None)


def test_the_home_pages_table_is_generated_and_its_links_resolve(seed_site: Site) -> None:
    for prefix in PREFIX.values():
        home = seed_site.page(prefix)
        assert "rebuttal: verdicts" not in home.site.file_for(prefix).read_text("utf-8")
        for link in home.content().cssselect(".rb-index a"):
            seed_site.assert_resolves(home, link.get("href"))
        # Its citations preview as the claims index's do.
        (script,) = home.tree.cssselect("script.rb-previews")
        assert f"{PAIRS[0]}|" in script.text
        claim = home.content().cssselect(".rb-index tbody tr a")[0]
        assert home.resolve(claim.get("href"))[0] == f"{prefix}claims/{PAIRS[0]}/"
