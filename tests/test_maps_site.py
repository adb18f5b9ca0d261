"""Argument maps in the built sites: one per pair page, an overview per language, working links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from lxml import etree

from test_seed_site import LANGUAGES, PAIRS

from sitecheck import Site, SitePage, build_site

SVG = "{http://www.w3.org/2000/svg}"
OTHER = Path(__file__).parent / "sites" / "other-debate"


def maps_of(page: SitePage) -> list[etree._Element]:
    """The page's SVG maps, parsed as the XML they are written as."""
    html = page.site.file_for(page.url).read_text(encoding="utf-8")
    found = re.findall(r'<svg\b[^>]*class="rb-map-svg[ "].*?</svg>', html, re.S)
    return [etree.fromstring(text.encode()) for text in found]


def assert_every_node_leads_somewhere(
    site: Site, page: SitePage, drawing: str = "svg"
) -> list[str]:
    hrefs = [a.get("xlink:href") for a in page.tree.cssselect(f"figure.rb-map {drawing} a")]
    assert hrefs, page.url
    for href in hrefs:
        site.assert_resolves(page, href)
    return hrefs


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pair_page_has_one_map_whose_nodes_are_links(seed_site: Site, language: str) -> None:
    prefix = LANGUAGES[language]
    for pair in PAIRS:
        page = seed_site.page(f"{prefix}claims/{pair}/")
        # Drawn across for wide screens, down for narrow ones: the same boxes and links.
        drawing, narrow = maps_of(page)
        assert drawing.get("class") == "rb-map-svg rb-map-wide"
        assert narrow.get("class") == "rb-map-svg rb-map-narrow"
        # Named by the wide drawing's title and description, which a search index then
        # reads once; its boxes by their whole text.
        assert narrow.get("aria-labelledby") == drawing.get("aria-labelledby")
        assert narrow.find(f".//{SVG}title") is None
        names = {a.get("aria-label") for a in narrow.iter(f"{SVG}a")}
        assert names == {a.find(f"{SVG}title").text for a in drawing.iter(f"{SVG}a")}
        hrefs = assert_every_node_leads_somewhere(seed_site, page, "svg.rb-map-wide")
        down = assert_every_node_leads_somewhere(seed_site, page, "svg.rb-map-narrow")
        assert sorted(hrefs) == sorted(down)
        assert hrefs[:2] == ["#claim", "#counterclaim"]
        assert all(h.startswith("../../bibliography/#") for h in hrefs[2:]), hrefs
        # The map stands before the claim, after the title and the previous / next links.
        content = page.content()
        figure = content.cssselect("figure.rb-map")[0]
        claim = content.cssselect("h2#claim")[0]
        assert list(content.iter()).index(figure) < list(content.iter()).index(claim)


def test_the_map_speaks_the_language_of_its_page(seed_site: Site) -> None:
    def text(url: str) -> str:
        return "".join(maps_of(seed_site.page(url))[0].itertext())

    zh, en = text("claims/aim-big/"), text("en/claims/aim-big/")
    assert "反驳" in zh and "部分支持" in zh
    assert "attacks" in en and "partly supports" in en
    assert "目标要小而具体" in zh and "Aim small and specific" in en
    # The pair whose cited work does not support the rebuttal.
    assert "不支持" in text("claims/simple-is-best/")
    assert "does not support" in text("en/claims/simple-is-best/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_overview_map_draws_every_pair(seed_site: Site, language: str) -> None:
    page = seed_site.page(f"{LANGUAGES[language]}argument-map/")
    (drawing,) = maps_of(page)
    claims = [a for a in drawing.iter(f"{SVG}a") if "rb-map-claim" in a.get("class")]
    assert len(claims) == len(PAIRS)
    hrefs = assert_every_node_leads_somewhere(seed_site, page)
    assert "../claims/aim-big/#claim" in hrefs
    # In the sidebar, between the claims and the bibliography.
    sidebar = page.links("nav.md-nav--primary > ul > li > a.md-nav__link")
    assert sidebar.index("./") < sidebar.index("../bibliography/")


@pytest.fixture(scope="module")
def limited_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The other debate, with an overview map of at most two pairs."""
    config = yaml.safe_load((OTHER / "mkdocs.yml").read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("limited")
    config["docs_dir"] = str(OTHER / "docs")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "rebuttal" in plugin:
            plugin["rebuttal"]["database"] = str(OTHER / "data" / "debate.yaml")
            plugin["rebuttal"]["map_limit"] = 2
            plugin["rebuttal"]["argument_map"] = "debate-map"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return build_site(folder / "mkdocs.yml", folder / "site")


def test_a_capped_overview_says_so_and_links_to_the_index(limited_site: Site) -> None:
    for prefix, words in (("", "前 2 组（共 3 组）"), ("en/", "the first 2 of 3 pairs")):
        page = limited_site.page(f"{prefix}debate-map/")
        assert words in page.content().text_content()
        (drawing,) = maps_of(page)
        claims = [a for a in drawing.iter(f"{SVG}a") if "rb-map-claim" in a.get("class")]
        assert len(claims) == 2
        assert_every_node_leads_somewhere(limited_site, page)
        index = page.content().cssselect("p a")[-1].get("href")
        assert limited_site.assert_resolves(page, index).url == f"{prefix}arguments/"
