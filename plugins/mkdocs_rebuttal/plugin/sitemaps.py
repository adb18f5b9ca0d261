"""A one-entry sitemap beside every page, for Material's language selector.

Material fetches `sitemap.xml` relative to each `<link rel="alternate" hreflang>` of a page,
expecting those links to lead to language roots. static-i18n points them at the page's own
translations (what search engines want), so Material asks for `<page>/sitemap.xml` in every
language. Each such file holds only the entry of its page, with that page's alternates: all
the selector needs, and linear in the number of pages.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def write_page_sitemaps(site_dir: Path, site_url: str) -> int:
    """Write the files; return how many. Nothing happens without a sitemap or site_url."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or not site_url:
        return 0
    base = urlsplit(site_url).path.rstrip("/") + "/"
    written = 0
    for url in etree.parse(str(sitemap)).getroot().iterfind(f"{{{SITEMAP}}}url"):
        entry = _single_entry(url)
        locations = {url.findtext(f"{{{SITEMAP}}}loc", "")}
        locations.update(link.get("href", "") for link in url.iterfind(f"{{{XHTML}}}link"))
        for location in locations:
            path = urlsplit(location).path
            if not path.startswith(base) or not path.endswith("/") or path == base:
                continue  # the root already has the site's sitemap
            folder = site_dir / path[len(base) :]
            if folder.is_dir():
                (folder / "sitemap.xml").write_bytes(entry)
                written += 1
    return written


def _single_entry(url: etree._Element) -> bytes:
    # The <url> element carries its namespace declarations with it.
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">'.encode()
        + etree.tostring(url)
        + b"</urlset>\n"
    )
