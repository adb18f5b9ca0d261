"""Another debate, other people and papers, other folder names: only a YAML file and options."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitecheck import Site, build_site

SITE = Path(__file__).parent / "sites" / "other-debate"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(SITE / "mkdocs.yml", tmp_path_factory.mktemp("other-debate"))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_claim_has_a_page_in_each_language(site: Site, prefix: str) -> None:
    for claim in ["always-pretrain", "small-steps", "open-question"]:
        page = site.page(f"{prefix}arguments/{claim}/")
        assert page.lang == (prefix.strip("/") or "zh")
        assert claim in page.ids()


def test_a_claim_without_counterclaim_says_so(site: Site) -> None:
    zh = site.page("arguments/open-question/").content().text_content()
    en = site.page("en/arguments/open-question/").content().text_content()
    assert "尚无反驳" in zh
    assert "No rebuttal yet." in en


def test_claims_stay_out_of_the_sidebar_when_asked(site: Site) -> None:
    index = site.page("en/")
    sidebar = " ".join(index.links("nav.md-nav--primary a"))
    assert "always-pretrain" not in sidebar
    assert "sources/" in sidebar


def test_index_lists_every_pair_with_its_citations(site: Site) -> None:
    index = site.page("en/arguments/")
    rows = index.content().cssselect("tbody tr")
    assert [row.cssselect("td")[1].cssselect("a")[0].text for row in rows] == [
        "Always pre-train",
        "Keep every step small",
        "Still open",
    ]
    for href in index.links("a.rb-cite"):
        site.assert_resolves(index, href)


def test_citations_of_claims_and_counterclaims_reach_the_bibliography(site: Site) -> None:
    for prefix in ["", "en/"]:
        page = site.page(f"{prefix}arguments/small-steps/")
        targets = {page.resolve(href) for href in page.links("a.rb-cite")}
        assert targets == {(f"{prefix}sources/", "schulman2017")}
        bibliography = site.page(f"{prefix}sources/")
        for href in bibliography.links(".rb-entry#schulman2017 a:not(.rb-link)"):
            target = site.assert_resolves(bibliography, href)
            assert target.url == f"{prefix}arguments/small-steps/"


def test_uses_the_options_layout_and_nothing_else(site: Site) -> None:
    assert not site.has("claims/")
    assert not site.has("bibliography/")
    assert site.has("sources/") and site.has("en/sources/")
