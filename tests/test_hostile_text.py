"""Known XSS filter-evasion payloads in every text field never reach a page as markup."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from sitecheck import Site, build_site

SITE = Path(__file__).parent / "sites" / "other-debate"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'-alert(1)-'",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    '*x*{ onclick="alert(1)" }',
    "[x](https://example.org/){ onmouseover=alert(1) style=x }",
    # An inline image is refused with its place (the hostile corpus); by reference it is text.
    "![pixel][t]\n\n[t]: https://tracker.example/p.png",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<style>body{background:url(https://tracker.example/)}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</textarea><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    # The comment that marks where a pair page's map goes, after sanitizing.
    "<!-- rebuttal: argument map --><script>alert(1)</script>",
]
PLAIN_FIELDS = {"title", "name", "locator", "published_in", "about"}
REFERENCE_TEXT = {"title", "container-title", "publisher"}


def spoil(data: Any, payloads: Iterator[str], key: str = "") -> Any:
    """Every translated text and reference text gets a payload appended."""
    if isinstance(data, dict):
        if key and data and set(data) <= {"zh", "en"}:
            return {lang: f"{text} {next(payloads)}" for lang, text in data.items()}
        return {k: spoil(v, payloads, k) for k, v in data.items()}
    if isinstance(data, list):
        return [spoil(item, payloads, key) for item in data]
    if key in REFERENCE_TEXT and isinstance(data, str):
        return f"{data} {next(payloads)}"
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(SITE, project)
    database = project / "data" / "debate.yaml"
    data = yaml.safe_load(database.read_text(encoding="utf-8"))
    # The fixture keeps its references in BibTeX; here they are written out, to be spoiled.
    del data["references_bibtex"]
    data["references"] = {
        key: {
            "type": "article-journal",
            "title": f"Title of {key}",
            "container-title": "A journal",
            "publisher": "A publisher",
            "author": [{"family": "Family <img src=x onerror=alert(1)>", "given": "Given"}],
            "issued": {"date-parts": [[2019]]},
        }
        for key in ("he2019", "schulman2017")
    }
    data = spoil(data, itertools.cycle(PAYLOADS))
    data["people"]["ada"]["url"] = "https://example.org/ada"
    database.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return build_site(project / "mkdocs.yml", project / "site")


def active_content(fragment: lxml.html.HtmlElement) -> list[str]:
    found = []
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in {"iframe", "object", "embed", "math", "details", "textarea"}:
            found.append(f"<{element.tag}>")
        if element.tag == "img" and "tracker" in (element.get("src") or ""):
            found.append("tracking image")
        if element.tag == "script" and "alert" in (element.text or ""):
            # JSON-LD carries the data as JSON, which a browser does not run; it must parse.
            if element.get("type") == "application/ld+json":
                json.loads(element.text or "")
            elif element.get("type") == "application/json" and "rb-previews" in (
                element.get("class") or ""
            ):
                # Citation previews: HTML cards that the plugin's script puts in the page.
                for card in json.loads(element.text or "")["cards"].values():
                    found += active_content(lxml.html.fragment_fromstring(card, "div"))
            else:
                found.append("script")
        if element.tag == "style" and "tracker" in (element.text or ""):
            found.append("style")
        for name, value in element.attrib.items():
            if name.startswith("on") or (name == "style" and "tracker" in value):
                found.append(f"{name}= on <{element.tag}>")
            scheme = "".join(html.unescape(value).split()).lower()
            if name in {"href", "src"} and scheme.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{name}={value!r} on <{element.tag}>")
    return found


def test_the_payloads_are_on_the_pages_as_text(site: Site) -> None:
    # Sanity: the hostile text did reach the pages, so the next tests look at something.
    text = site.page("en/arguments/always-pretrain/").content().text_content()
    assert "<script>alert(1)</script>" in text or "<img src=x onerror=alert(1)>" in text


def test_no_page_carries_active_content(site: Site) -> None:
    problems = {page.url: found for page in site.pages() if (found := active_content(page.tree))}
    assert not problems


def test_no_payload_stands_unescaped_in_any_file(site: Site) -> None:
    # Also covers <title>, meta descriptions and attributes, which the tree above decodes.
    markup = ["<script>alert", "<img src=x", "<svg/onload", "<iframe", "<details", "<style>body"]
    # Downloads (database.json, references.bib, ...) are data, not pages: they keep the text.
    for path in site.root.rglob("*"):
        if path.suffix in {".html", ".xml"} or path.name == "search_index.json":
            text = path.read_text(encoding="utf-8")
            assert not [m for m in markup if m in text], path.relative_to(site.root)


def test_the_search_index_holds_no_markup_from_the_data(site: Site) -> None:
    index = json.loads((site.root / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            if doc[field].strip():
                fragment = lxml.html.fragment_fromstring(doc[field], create_parent="div")
                assert not active_content(fragment), (doc["location"], field)


def test_each_pair_page_has_its_one_map(site: Site) -> None:
    pairs = [p for p in site.pages() if re.fullmatch(r"(en/)?arguments/[^/]+/", p.url)]
    assert pairs
    for page in pairs:
        assert len(page.tree.cssselect("figure.rb-map svg.rb-map-wide")) == 1, page.url
        assert len(page.tree.cssselect("figure.rb-map svg.rb-map-narrow")) == 1, page.url
