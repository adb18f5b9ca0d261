"""Reading a built site the way a browser would: pages, links and anchors."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import lxml.html
from lxml.html import HtmlElement
from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(config_file: Path, site_dir: Path, **overrides: object) -> Site:
    """A real `mkdocs build --strict`, into `site_dir`."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    build(config)
    site_url = config.site_url or ""
    return Site(site_dir, urlparse(site_url or "/").path or "/", site_url)


@dataclass(frozen=True)
class Reference:
    """A URL written in a page: a link to follow, or a file the browser fetches."""

    tag: str
    rel: str
    url: str

    @property
    def fetched(self) -> bool:
        """Whether a browser requests it while showing the page (not when a reader clicks)."""
        if self.tag == "a":
            return False
        # canonical, alternate, prev and next name pages; they are not downloaded.
        return self.tag != "link" or bool(set(self.rel.split()) & FETCHED_LINKS)

    def __str__(self) -> str:
        rel = f' rel="{self.rel}"' if self.rel else ""
        return f"<{self.tag}{rel}> {self.url}"


FETCHED_LINKS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "manifest"}


@dataclass
class SitePage:
    site: Site
    url: str  # site-relative, directory style: "en/claims/aim-big/"

    @cached_property
    def tree(self) -> HtmlElement:
        return lxml.html.fromstring(self.site.file_for(self.url).read_bytes())

    @property
    def lang(self) -> str:
        return self.tree.get("lang") or ""

    @property
    def title(self) -> str:
        return self.tree.findtext(".//title") or ""

    def ids(self) -> set[str]:
        return {el.get("id") for el in self.tree.iter() if el.get("id")}

    def content(self) -> HtmlElement:
        return self.tree.cssselect("article.md-content__inner")[0]

    def links(self, selector: str) -> list[str]:
        return [a.get("href") for a in self.tree.cssselect(selector)]

    def resolve(self, href: str) -> tuple[str, str]:
        """A link's target as (site-relative page URL, fragment)."""
        target, fragment = urldefrag(href)
        if not target:
            return self.url, fragment
        if target.startswith("/"):
            # Absolute paths are under the path of site_url.
            assert target.startswith(self.site.base_path), f"{href} on {self.url} is outside"
            target = "/" + target[len(self.site.base_path) :]
        path = posixpath.normpath(posixpath.join(self.url, target))
        path = "" if path == "." else path.lstrip("/")
        if path.startswith(".."):
            raise AssertionError(f"{href} on {self.url} leaves the site")
        if not path.endswith(".html") and path and not path.endswith("/"):
            path += "/"
        return path, fragment

    def references(self) -> list[Reference]:
        """Every URL of the page's links, stylesheets, scripts and images."""
        found = []
        for el in self.tree.iter("a", "link", "script", "img"):
            url = el.get("src" if el.tag in ("script", "img") else "href")
            if url is None and el.tag == "a":
                url = el.get("xlink:href")  # a link of an SVG map
            if url is not None:
                found.append(Reference(el.tag, el.get("rel") or "", url))
        return found

    def switcher(self) -> dict[str, str]:
        """Language -> page URL the language selector leads to."""
        return {
            a.get("hreflang"): self.resolve(a.get("href"))[0]
            for a in self.tree.cssselect("a.md-select__link")
        }


@dataclass
class Site:
    root: Path
    base_path: str = "/"
    site_url: str = ""

    def file_for(self, url: str) -> Path:
        path = self.root / url
        return path / "index.html" if url == "" or url.endswith("/") else path

    def page(self, url: str) -> SitePage:
        assert self.file_for(url).is_file(), f"no page at /{url}"
        return SitePage(self, url)

    def has(self, url: str) -> bool:
        return self.file_for(url).is_file()

    def pages(self) -> list[SitePage]:
        urls = []
        for path in sorted(self.root.rglob("*.html")):
            rel = path.relative_to(self.root).as_posix()
            urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return [SitePage(self, url) for url in urls]

    def assert_resolves(self, page: SitePage, href: str) -> SitePage:
        """Follow an internal link; fail unless its page and anchor exist."""
        assert not urlparse(href).scheme, f"{href} on /{page.url} is not internal"
        url, fragment = page.resolve(href)
        assert self.has(url), f"{href} on /{page.url} leads to missing page /{url}"
        target = self.page(url)
        if fragment:
            assert fragment in target.ids(), f"{href} on /{page.url}: no #{fragment} on /{url}"
        return target

    def broken(self, page: SitePage, reference: Reference) -> str | None:
        """Why a reference of the page does not work on this site, or None when it does.

        A fetched file must come from the site itself; a link to another site is not checked.
        A link within the site must lead to an existing file and, with a fragment, to an
        element of that id on the target page.
        """
        url = reference.url
        if self.site_url and url.startswith(self.site_url):
            url = self.base_path + url[len(self.site_url) :]
        parts = urlparse(url)
        if parts.scheme == "data":
            return None
        if parts.scheme or parts.netloc:
            return "fetched from another site" if reference.fetched else None
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return f"outside the site's path {self.base_path}"
            path = path[len(self.base_path) :]
        else:
            folder = page.url if page.url.endswith("/") else posixpath.dirname(page.url) + "/"
            path = posixpath.normpath(posixpath.join(folder, path)).lstrip("/")
            path = "" if path == "." else path
        if path == ".." or path.startswith("../"):
            return "outside the site"
        file = self.root / path
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return f"no file /{path}"
        if fragment and file.suffix == ".html":
            target = file.relative_to(self.root).as_posix().removesuffix("index.html")
            if fragment not in SitePage(self, target).ids():
                return f"no element #{fragment} on /{target}"
        return None
