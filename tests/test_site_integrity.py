"""The whole built site, file by file: links, anchors, assets, titles and descriptions."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sitecheck import Site

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


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


def test_every_page_has_its_own_title_and_description_in_its_language(seed_site: Site) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    site_names = {"zh": config["site_name"]}
    for language in next(p["i18n"] for p in config["plugins"] if "i18n" in p)["languages"]:
        site_names.setdefault(language["locale"], language.get("site_name"))
    problems = []
    descriptions: dict[str, str] = {}
    for page in seed_site.pages():
        language = "en" if page.url.startswith("en/") else "zh"
        name = site_names[language]
        title = page.title.strip()
        # Material's form is "page - site"; the site's name alone tells nothing about the page.
        own_title = title.removesuffix(f" - {name}")
        meta = page.tree.cssselect('meta[name="description"]')
        description = meta[0].get("content", "").strip() if meta else ""
        if page.lang != language:
            problems.append(f"/{page.url}: lang={page.lang!r}, expected {language!r}")
        if own_title in ("", name) or own_title == title:
            problems.append(f"/{page.url}: title {title!r} does not name the page")
        if not description:
            problems.append(f"/{page.url}: no description")
        elif description in descriptions:
            problems.append(f"/{page.url}: same description as /{descriptions[description]}")
        descriptions.setdefault(description, page.url)
        for what, text in (("title", own_title), ("description", description)):
            if not in_language(text, language):
                problems.append(f"/{page.url}: {what} {text!r} is not in {language}")
    assert not problems, "\n".join(problems)


def in_language(text: str, language: str) -> bool:
    # English text may quote a Chinese title: it needs more Latin letters than Chinese ones.
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return cjk > 0 if language == "zh" else latin > cjk


def test_titles_and_labels_are_not_escaped_twice(seed_site: Site) -> None:
    # Parsed once, an attribute or title shows "&#x27;" only if it was escaped twice: the
    # reader would see, or hear from a screen reader, the entity instead of the character.
    problems = [
        f"/{page.url}: {text!r}"
        for page in seed_site.pages()
        for text in [
            page.title,
            *(el.get("content", "") for el in page.tree.cssselect("meta[name=description]")),
            *(el.get("aria-label") for el in page.tree.cssselect("[aria-label]")),
        ]
        if ENTITY.search(text)
    ]
    assert not problems, "\n".join(problems)


def test_material_finds_a_sitemap_beside_every_alternate_link(seed_site: Site) -> None:
    # Material's language selector fetches sitemap.xml relative to each alternate link.
    missing = {
        f"/{target}sitemap.xml (from /{page.url})"
        for page in seed_site.pages()
        for link in page.tree.cssselect('link[rel="alternate"][hreflang]')
        for target in [page.resolve(link.get("href"))[0]]
        if not (seed_site.root / target / "sitemap.xml").is_file()
    }
    assert not missing, "\n".join(sorted(missing))
