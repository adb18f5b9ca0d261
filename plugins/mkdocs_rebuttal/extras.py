"""What the plugin adds around the generated pages: argument maps, JSON-LD and downloads.

`plugin.py` calls this at four points of a build. The maps and the JSON-LD are placed in the
rendered HTML, where MkDocs knows the address of every page (the SVG is raw HTML, whose links
MkDocs does not resolve); the overview page and the downloads section are Markdown like the
other generated pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import argmap_svg, jsonld
from .argmap import ArgumentMap, Links, MapMaker
from .bibliography import Entry
from .exports import Download, downloads
from .model import Debate
from .render import Layout

# Ids inside the SVG: an underscore, which no pair id or heading anchor of the site has.
MAP_ID = "rb_map"
_CLAIM_HEADING = re.compile(r'<h2\b[^>]*\bid="claim"')


@dataclass
class Extras:
    layout: Layout = field(default_factory=Layout)
    overview: str = "argument-map"  # page name of the overview map, "" for none
    map_limit: int = 30
    languages: tuple[str, ...] = ()
    entries: dict[str, Mapping[str, Entry]] = field(default_factory=dict)
    files: list[Download] = field(default_factory=list)
    # JSON-LD of the page being built, made where the addresses of pages are known and
    # placed in <head> once the theme has made the page.
    _scripts: dict[str, str] = field(default_factory=dict)

    def configure(
        self, layout: Layout, overview: str, map_limit: int, languages: Sequence[str]
    ) -> None:
        self.layout = layout
        self.overview = overview
        self.map_limit = map_limit
        self.languages = tuple(languages)

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
        """The overview page of `language` and the downloads section of its bibliography."""
        self.entries[language] = entries
        if language == (self.languages or (language,))[0]:
            self.files = downloads(debate)  # the same in every language: made once
        localized = self.layout.localized
        bibliography = localized(self.layout.bibliography_page(), language)
        pages[bibliography] = pages[bibliography].rstrip("\n") + "\n\n" + self._downloads(words)
        overview = self.overview_page()
        if overview:
            pages[localized(overview, language)] = self._overview(debate, words, overview)

    def _downloads(self, words: Mapping[str, str]) -> str:
        # The list itself is HTML made with the page's address (see `page_content`): the
        # files are at the root of the site, outside the folder of another language's build.
        lines = [f"## {words['downloads']} {{ #downloads }}", "", words["downloads_intro"], ""]
        return "\n".join(lines)

    def _download_list(self, page: Page, words: Mapping[str, str]) -> str:
        items = "".join(
            f'<li><a href="{html.escape(get_relative_url(self._download_url(d), page.url))}" '
            f"download>{html.escape(words[d.word], quote=False)}</a></li>"
            for d in self.files
        )
        return f'<ul class="rb-downloads">{items}</ul>\n'

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
        """A pair page with its map (and its JSON-LD kept for later); the overview with its."""
        src = page.file.src_uri
        localized = self.layout.localized
        fallback = self.languages[0] if self.languages else language

        def url(source: str) -> str:
            target = files.get_file_from_path(localized(source, language))
            return target.url_relative_to(page.file) if target else ""

        bibliography = url(self.layout.bibliography_page())
        labels = {key: entry.label for key, entry in self.entries.get(language, {}).items()}

        def maker(pair_url: Callable[[str], str]) -> MapMaker:
            links = Links(pair=pair_url, reference=lambda key: f"{bibliography}#{key}")
            return MapMaker(debate, language, fallback, words, labels, links)

        if src == localized(self.layout.bibliography_page(), language):
            return content + self._download_list(page, words)
        overview = self.overview_page()
        if overview and src == localized(overview, language):
            shown = debate.pairs[: self.map_limit]
            argument_map = maker(lambda pair_id: url(self.layout.pair(pair_id))).overview(shown)
            return content + _figure(argument_map, words, edge_labels=False)
        for position, pair in enumerate(debate.pairs):
            if src != localized(self.layout.pair(pair.id), language):
                continue
            self._scripts[src] = self._json_ld(page, debate, position, language, files, site_url)
            # Links within the pair page itself are bare anchors.
            figure = _figure(maker(lambda _: "").pair(pair), words, edge_labels=True)
            found = _CLAIM_HEADING.search(content)
            at = found.start() if found else len(content)
            return content[:at] + figure + content[at:]
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
        )
        return jsonld.script(document)

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
