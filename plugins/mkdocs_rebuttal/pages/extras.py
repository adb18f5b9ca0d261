"""What the plugin adds around the generated pages: argument maps, JSON-LD and downloads.

`plugin.py` calls this at several points of a build. The JSON-LD is placed in the rendered
HTML, where MkDocs knows the address of every page. A pair page's map is made with the page's
Markdown, which holds a comment where it goes: the map takes the comment's place in the HTML
once the HTML has been sanitized, so that the sanitizer does not walk through thousands of SVG
elements the plugin drew itself (every text in them escaped, every link one of the site's
pages). The export writes the maps into the Markdown (`with_map`). The overview page and the
downloads section are Markdown like the other generated pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..citations.bibliography import Entry
from ..database.model import Debate
from . import argmap_svg, jsonld
from .argmap import ArgumentMap, Links, MapMaker
from .downloads import Download, downloads
from .markdown import Layout

# Ids inside the SVG: an underscore, which no pair id or heading anchor of the site has.
MAP_ID = "rb_map"
_CLAIM_HEADING = re.compile(r"^## .*\{ #claim \}$", re.MULTILINE)
# Database text reaches the Markdown HTML-escaped, so no text can write this comment.
MAP_SLOT = "<!-- rebuttal: argument map -->"


@dataclass
class Extras:
    layout: Layout = field(default_factory=Layout)
    overview: str = "argument-map"  # page name of the overview map, "" for none
    map_limit: int = 30
    languages: tuple[str, ...] = ()
    use_directory_urls: bool = True
    entries: dict[str, Mapping[str, Entry]] = field(default_factory=dict)
    files: list[Download] = field(default_factory=list)
    # JSON-LD of the page being built, made where the addresses of pages are known and
    # placed in <head> once the theme has made the page.
    _scripts: dict[str, str] = field(default_factory=dict)
    # Source of each pair page, in every language -> the pair's position: looked up for
    # every page of the site, so not a walk through the pairs.
    _positions: dict[str, int] = field(default_factory=dict)
    # Source of each pair page, in every language -> its map, for the page's MAP_SLOT.
    _maps: dict[str, str] = field(default_factory=dict)
    # The JSON-LD of each cited work, by language, key and bibliography address.
    _works: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def configure(
        self,
        layout: Layout,
        overview: str,
        map_limit: int,
        languages: Sequence[str],
        use_directory_urls: bool = True,
    ) -> None:
        self.layout = layout
        self.overview = overview
        self.map_limit = map_limit
        self.languages = tuple(languages)
        self.use_directory_urls = use_directory_urls

    # Markdown pages ----------------------------------------------------------------------

    def overview_page(self) -> str | None:
        return f"{self.overview.strip('/')}.md" if self.overview else None

    def downloads_folder(self) -> str:
        """Beside the bibliography page, once for all languages."""
        return self.layout.bibliography

    def add_pages(
        self,
        pages: dict[str, str],
        debate: Debate,
        language: str,
        words: Mapping[str, str],
        entries: Mapping[str, Entry],
    ) -> None:
        """The maps of `language`'s pairs and its overview page, and the downloads section
        of its bibliography.

        The maps are raw HTML in the Markdown, so that an export of the pages keeps them; their
        links are the addresses MkDocs will give the pages, relative to the page they are on,
        which is the same in every language's folder.
        """
        self.entries[language] = entries
        if language == (self.languages or (language,))[0]:
            self.files = downloads(debate)  # the same in every language: made once
            self._positions.clear()  # pairs of an earlier version of the database
            self._maps.clear()
            self._works.clear()
        localized = self.layout.localized
        bibliography = localized(self.layout.bibliography_page(), language)
        pages[bibliography] = pages[bibliography].rstrip("\n") + "\n\n" + self._downloads(words)
        labels = {key: entry.label for key, entry in entries.items()}
        fallback = self.languages[0] if self.languages else language

        def maker(here: str, pair_url: Callable[[str], str]) -> MapMaker:
            references = self._url(self.layout.bibliography_page(), here)
            links = Links(pair=pair_url, reference=lambda key: f"{references}#{key}")
            return MapMaker(debate, language, fallback, words, labels, links)

        for position, pair in enumerate(debate.pairs):
            here = self.layout.pair(pair.id)
            self._positions[localized(here, language)] = position
            # Links within the pair page itself are bare anchors.
            figure = _figure(maker(here, lambda _: "").pair(pair), words, edge_labels=True)
            page = localized(here, language)
            self._maps[page] = figure.rstrip("\n")
            found = _CLAIM_HEADING.search(pages[page])
            at = found.start() if found else len(pages[page])
            pages[page] = pages[page][:at] + MAP_SLOT + "\n\n" + pages[page][at:]
        overview = self.overview_page()
        if overview:
            shown = debate.pairs[: self.map_limit]
            argument_map = maker(
                overview, lambda pair_id: self._url(self.layout.pair(pair_id), overview)
            ).overview(shown)
            pages[localized(overview, language)] = (
                self._overview(debate, words, overview)
                + "\n\n"
                + _figure(argument_map, words, edge_labels=False)
            )

    def _url(self, target: str, here: str) -> str:
        """The address of the page `target` from the page `here` (sources without language),
        as MkDocs will write it."""
        return get_relative_url(self._page_url(target), self._page_url(here))

    def _page_url(self, src: str) -> str:
        stem = src[: -len(".md")]
        if not self.use_directory_urls:
            return f"{stem}.html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")] or "./"
        return f"{stem}/"

    def _downloads(self, words: Mapping[str, str]) -> str:
        # Links to files beside the bibliography page, which every language's build adds at
        # the site's root: MkDocs resolves them like any link, and an export keeps them.
        here = posixpath.dirname(self.layout.bibliography_page())
        items = [
            f"- [{words[d.word]}]({posixpath.relpath(self._download_url(d), here or '.')})"
            for d in self.files
        ]
        lines = [f"## {words['downloads']} {{ #downloads }}", "", words["downloads_intro"], ""]
        lines += ['<div class="rb-downloads" markdown>', "", *items, "", "</div>"]
        return "\n".join(lines)

    def _download_url(self, download: Download) -> str:
        return f"{self.downloads_folder()}/{download.name}"

    def _overview(self, debate: Debate, words: Mapping[str, str], overview: str) -> str:
        total = len(debate.pairs)
        shown = min(total, self.map_limit)
        body = [f"# {words['map_overview_title']} {{ #argument-map }}", ""]
        body += [words["map_overview_intro"], ""]
        if shown < total:
            index = posixpath.relpath(self.layout.index(), posixpath.dirname(overview) or ".")
            limited = words["map_overview_limited"].format(shown=shown, total=total)
            body += [f"{limited} [{words['index_title']}]({index})", ""]
        meta = {
            "title": html.escape(words["map_overview_title"], quote=False),
            "description": html.escape(words["map_overview_intro"][:200]),
        }
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n" + "\n".join(body)

    def extra_files(self, config: MkDocsConfig) -> list[File]:
        return [
            File.generated(config, self._download_url(d), content=d.content) for d in self.files
        ]

    # HTML --------------------------------------------------------------------------------

    def page_content(
        self,
        content: str,
        page: Page,
        files: Files,
        debate: Debate,
        language: str,
        words: Mapping[str, str],
        site_url: str,
    ) -> str:
        """A pair page's JSON-LD, made where page addresses are known, kept for `post_page`."""
        src = page.file.src_uri
        position = self._positions.get(src)
        if position is not None:
            self._scripts[src] = self._json_ld(page, debate, position, language, files, site_url)
        return content

    def _json_ld(
        self,
        page: Page,
        debate: Debate,
        position: int,
        language: str,
        files: Files,
        site_url: str,
    ) -> str:
        default = self.languages[0] if self.languages else language
        prefix = "" if language == default else f"{language}/"
        path = page.url.removeprefix(prefix)

        def address(url: str) -> str:
            return urljoin(site_url, url) if site_url else get_relative_url(url, page.url)

        bibliography_file = files.get_file_from_path(
            self.layout.localized(self.layout.bibliography_page(), language)
        )
        urls = jsonld.PageUrls(
            page=address(page.url),
            bibliography=address(bibliography_file.url) if bibliography_file else "",
            translations={
                lang: address(("" if lang == default else f"{lang}/") + path)
                for lang in self.languages
            },
            default_language=default,
        )
        document = jsonld.pair_document(
            debate,
            debate.pairs[position],
            language,
            default,
            urls,
            self.entries.get(language, {}),
            self._works,
        )
        return jsonld.script(document)

    def with_map(self, src: str, text: str) -> str:
        """A pair page's HTML after sanitizing, or its Markdown for a build without the
        plugin, with the page's map in place of MAP_SLOT."""
        figure = self._maps.get(src)
        return text.replace(MAP_SLOT, figure, 1) if figure else text

    def post_page(self, output: str, page: Page) -> str:
        script = self._scripts.pop(page.file.src_uri, None)
        if script is None or "</head>" not in output:
            return output
        at = output.index("</head>")
        return output[:at] + script + "\n" + output[at:]


def _figure(argument_map: ArgumentMap, words: Mapping[str, str], *, edge_labels: bool) -> str:
    drawing = argmap_svg.svg(argument_map, MAP_ID, edge_labels=edge_labels)
    caption = html.escape(words["map_title"], quote=False)
    return f'<figure class="rb-map">{drawing}<figcaption>{caption}</figcaption></figure>\n'
