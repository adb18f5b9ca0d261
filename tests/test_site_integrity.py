"""The whole built site, file by file: links, anchors, assets, titles and descriptions."""

from __future__ import annotations

from sitecheck import Site


def test_every_link_and_asset_of_every_page_resolves(seed_site: Site) -> None:
    pages = seed_site.pages()
    assert len(pages) > 20
    broken = [
        f"/{page.url}: {reference}: {why}"
        for page in pages
        for reference in page.references()
        if (why := seed_site.broken(page, reference))
    ]
    assert not broken, "\n".join(broken)
