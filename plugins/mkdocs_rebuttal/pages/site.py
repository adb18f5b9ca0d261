"""Every page and file the site gets from a debate, made by one function: `generate_site`.

The MkDocs plugin puts what it returns into a build and `cli.export` writes it out as files;
neither makes or edits a page itself. Pages are Markdown per language, named as the site's
sources are (`Addresses.source`). A pair page's argument map is kept apart from its Markdown,
which holds a comment where it goes: the plugin puts the map in the HTML once the HTML has
been sanitized (the sanitizer need not walk through thousands of SVG elements the plugin drew
itself, every text in them escaped, every link one of the site's pages); the export puts it
in the Markdown (`Site.markdown`). JSON-LD needs a page's final address and is made when the
page is written; it goes into the page's head with the previews of its citations (`Site.head`).
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import yaml

from ..database.languages import Languages
from ..database.model import Debate, Pair
from ..database.translations import Survey
from . import argmap_svg, jsonld
from .addresses import Addresses, relative_url
from .argmap import ArgumentMap, Links, MapMaker
from .corrections import correction_link
from .downloads import Download, downloads
from .layout import Layout
from .markdown import Bibliographies, PageWriter, Reused, relative_link
from .notices import Notices
from .previews import PreviewMaker
from .status_page import StatusPageWriter

# Ids inside the SVG: an underscore, which no pair id or heading anchor of the site has.
MAP_ID = "rb_map"
# Database text reaches the Markdown HTML-escaped, so no text can write this comment.
MAP_SLOT = "<!-- rebuttal: argument map -->"
# Written in a hand-written page (the home page), replaced by the table of every pair with
# the fit of each work it cites: a verdict at a glance, generated, never written by hand.
VERDICTS_MARKER = "<!-- rebuttal: verdicts -->"
_CLAIM_HEADING = re.compile(r"^## .*\{ #claim \}$", re.MULTILINE)


@dataclass
class Site:
    """What a debate adds to a site: pages by source name, maps, downloads."""

    pages: dict[str, str]  # source name -> Markdown, with MAP_SLOT where a map goes
    maps: dict[str, str]  # source name of a pair page -> its map (HTML), once made
    previews: dict[str, str]  # source name -> its citations' previews (a JSON script)
    downloads: list[Download]  # files beside the bibliography page, once for all languages
    downloads_folder: str
    pair_pages: dict[str, tuple[str, int]]  # source name -> language, position of the pair
    _json_ld: Callable[[str, str, str], str | None]
    _verdicts: Callable[[str], tuple[str, str]]
    # Of each pair page: a number that changes whenever the page is made again from changed
    # inputs, and those inputs, to reuse the page when a new version of the debate keeps them.
    revisions: dict[str, int] = field(default_factory=dict)
    _inputs: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    _shared: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # by language
    # What draws each pair page's map: maps are made when a page asks for its own, and may
    # be let go once used (thousands of SVG drawings, the largest part of the pages).
    _figures: dict[str, Callable[[], str]] = field(default_factory=dict)
    _cited: tuple[Any, ...] = ()  # the references and their order, which the downloads list
    # What each pair made for the pages that show them all (claims table rows, previews),
    # by language, for the next version; and the verdict tables made for this one.
    _reused: dict[str, tuple[Reused, Reused]] = field(default_factory=dict)
    _verdicts_made: dict[str, tuple[str, str]] = field(default_factory=dict)

    def markdown(self, source: str) -> str:
        """A page's Markdown for a build without the plugin: with its map in place (and
        without the previews of its citations, which `with_previews` adds)."""
        return self.with_map(source, self.pages[source])

    def with_map(self, source: str, text: str, *, keep: bool = True) -> str:
        """`text` (a page's Markdown or sanitized HTML) with the page's map in its place.
        `keep=False`: the map is drawn again if it is asked for again."""
        figure = self.map(source, keep=keep)
        return text.replace(MAP_SLOT, figure, 1) if figure else text

    def with_previews(self, source: str, text: str) -> str:
        """`text` (Markdown for a build without the plugin) with the previews of the page's
        citations at its end."""
        previews = self.previews.get(source)
        return f"{text.rstrip()}\n\n{previews}\n" if previews else text

    def head(self, source: str, site_url: str, page_url: str) -> str:
        """What goes into the `<head>` of a generated page: its JSON-LD (a pair page's) and
        the previews of its citations. Scripts, which the sanitizer would remove; and in the
        head, which Material's instant navigation carries over as it is, where it rewrites a
        script in the content into one that runs."""
        scripts = [self.json_ld(source, site_url, page_url), self.previews.get(source)]
        return "\n".join(script for script in scripts if script)

    def map(self, source: str, *, keep: bool = True) -> str:
        """The map of a pair page (HTML), "" for other pages."""
        figure = self.maps.get(source)
        if figure is None and source in self._figures:
            figure = self._figures[source]()
            if keep:
                self.maps[source] = figure
        elif not keep:
            self.maps.pop(source, None)
        return figure or ""

    def with_verdicts(self, source: str, markdown: str) -> str:
        """A hand-written page's Markdown with `VERDICTS_MARKER` replaced by the table of
        every pair and its verdicts, in the page's language, linked from where it is."""
        if VERDICTS_MARKER not in markdown:
            return markdown
        made = self._verdicts_made.get(source)
        if made is None:
            made = self._verdicts_made[source] = self._verdicts(source)
        table, previews = made
        if previews:
            self.previews[source] = previews  # its citations preview too
        return markdown.replace(VERDICTS_MARKER, table)

    def json_ld(self, source: str, site_url: str, page_url: str) -> str | None:
        """The JSON-LD script of a pair page, None for other pages. Addresses are absolute
        with a `site_url`, else relative to the page (`page_url`, from the site's root)."""
        return self._json_ld(source, site_url, page_url)


def generate_site(
    debate: Debate,
    languages: Languages,
    references: Mapping[str, Bibliographies],
    words: Mapping[str, Mapping[str, str]],
    translations: Survey,
    layout: Layout,
    addresses: Addresses,
    map_limit: int = 30,
    repo_url: str | None = None,
    site_url: str = "",
    previous: Site | None = None,
    serving: bool = False,
) -> Site:
    """Every page of `debate` in each of `languages.site`: the claims index, a page per
    pair, the bibliography with its downloads, the overview map (when `layout.overview`
    names it) and, in a site of several languages, the translation status. With a
    `repo_url`, every pair page ends with a link that opens a new issue there about it
    (`site_url` makes the page's address in it absolute).

    `serving`: keep what the next version may take from this one (`mkdocs serve`).
    `previous`: the site made from the last version of the debate (`mkdocs serve`). A pair
    page whose inputs are unchanged is taken from it with its map, previews and revision: the
    pair, its neighbours' titles, its translation notice, and what every pair page reads
    (people, references and their formatted entries, words, layout, addresses, languages,
    the repository and the site's address)."""
    original = languages.original
    notices = Notices(translations, debate, layout, addresses)
    pages: dict[str, str] = {}
    maps: dict[str, str] = {}
    previews: dict[str, str] = {}
    pair_pages: dict[str, tuple[str, int]] = {}
    revisions: dict[str, int] = {}
    inputs: dict[str, tuple[Any, ...]] = {}
    shared: dict[str, tuple[Any, ...]] = {}
    figures: dict[str, Callable[[], str]] = {}
    cited = (debate.references, tuple(debate.citation_order()))
    same = previous is not None and previous._cited == cited
    files = downloads(debate, previous.downloads if previous and same else ())
    writers: dict[str, PageWriter] = {}
    makers: dict[str, PreviewMaker] = {}
    reused: dict[str, tuple[Reused, Reused]] = {}
    for language in languages.site:
        formatted = references[language]
        said = words[language]
        source = addresses.source
        shared[language] = (
            debate.people,
            debate.references,
            formatted,
            said,
            layout,
            addresses,
            languages.site,
            original,
            repo_url,
            site_url,
        )
        # Compared once per language: thousands of references and entries.
        kept = previous if previous and previous._shared.get(language) == shared[language] else None
        last = kept._reused.get(language) if kept else None
        rows, previewed = reused[language] = (
            Reused(last[0] if last else None, keep=serving),
            Reused(last[1] if last else None, keep=serving),
        )
        writer = writers[language] = PageWriter(
            debate, language, original, said, formatted, layout, notices, rows
        )
        cards = makers[language] = PreviewMaker(
            debate, language, original, said, formatted, previewed
        )

        index = source(layout.index(), language)
        pages[index] = writer.index()
        previews[index] = cards.script(
            debate.pairs,
            _entry_url(addresses, layout, layout.index(), language),
            _evidence_url(addresses, layout, layout.index(), language),
            debate.conclusion.cited_keys() if debate.conclusion else (),
            page=layout.index(),
        )
        bibliography = writer.bibliography().rstrip("\n")
        pages[source(layout.bibliography_page(), language)] = (
            bibliography + "\n\n" + _downloads(files, said, layout)
        )
        labels = {key: entry.label for key, entry in formatted.entries.items()}

        maker = _map_maker(debate, language, original, said, labels, addresses, layout)

        for position, pair in enumerate(debate.pairs):
            here = layout.pair(pair.id)
            page = source(here, language)
            pair_pages[page] = (language, position)
            inputs[page] = (
                pair,
                _neighbour(debate, position - 1),
                _neighbour(debate, position + 1),
                notices.on_page(here, language, said),
            )
            if kept is not None and kept._inputs.get(page) == inputs[page]:
                pages[page] = kept.pages[page]
                figures[page] = kept._figures[page]
                if page in kept.maps:
                    maps[page] = kept.maps[page]
                if page in kept.previews:
                    previews[page] = kept.previews[page]
                revisions[page] = kept.revisions[page]
                continue
            figures[page] = functools.partial(_pair_figure, maker, here, pair, said)
            pages[page] = _with_slot(writer.pair(position))
            address = addresses.url(here, language)
            address = urljoin(site_url, address) if site_url else "/" + address
            correction = correction_link(repo_url, said, pair.id, language, address)
            if correction:
                pages[page] = pages[page].rstrip("\n") + "\n\n" + correction + "\n"
            previews[page] = cards.script([pair], _entry_url(addresses, layout, here, language))
            revisions[page] = next(_REVISIONS)
        if layout.overview:
            here = layout.overview_page()
            shown = debate.pairs[:map_limit]
            drawn = maker(
                here,
                lambda pair_id: addresses.link(here, language, layout.pair(pair_id), language),  # noqa: B023
            ).overview(shown)
            pages[source(here, language)] = (
                _overview(debate, said, layout, map_limit)
                + "\n\n"
                + _overview_figure(drawn, said)
                + "\n"
            )
        if len(languages.site) > 1:
            status = StatusPageWriter(debate, language, original, said, formatted, layout, notices)
            pages[source(layout.translation_status_page(), language)] = status.translation_status()
    return Site(
        pages,
        maps,
        {page: script for page, script in previews.items() if script},
        files,
        layout.bibliography,
        pair_pages,
        _JsonLd(debate, languages, references, layout, addresses, pair_pages),
        lambda source: _verdicts(writers, makers, languages, addresses, layout, source),
        revisions,
        inputs,
        shared,
        figures,
        cited,
        reused,
    )


_REVISIONS = itertools.count()

MakeMap = Callable[[str, Callable[[str], str]], MapMaker]


def _map_maker(
    debate: Debate,
    language: str,
    original: str,
    words: Mapping[str, str],
    labels: Mapping[str, str],
    addresses: Addresses,
    layout: Layout,
) -> MakeMap:
    """What draws the maps of one language, given a page and how it links to a pair."""

    def maker(here: str, pair_url: Callable[[str], str]) -> MapMaker:
        # Raw HTML, which MkDocs does not resolve: final addresses.
        entries = addresses.link(here, language, layout.bibliography_page(), language)
        links = Links(pair=pair_url, reference=lambda key: f"{entries}#{key}")
        return MapMaker(debate, language, original, words, labels, links)

    return maker


def _pair_figure(maker: MakeMap, here: str, pair: Pair, words: Mapping[str, str]) -> str:
    # Links within the pair page itself are bare anchors.
    return _figure(maker(here, lambda _: "").pair(pair), words, edge_labels=True)


def _neighbour(debate: Debate, position: int) -> tuple[str, Any] | None:
    """What a pair page shows of the pair before or after it: its address and title."""
    if not 0 <= position < len(debate.pairs):
        return None
    pair = debate.pairs[position]
    return (pair.id, pair.claim.title)


def _verdicts(
    writers: Mapping[str, PageWriter],
    makers: Mapping[str, PreviewMaker],
    languages: Languages,
    addresses: Addresses,
    layout: Layout,
    source: str,
) -> tuple[str, str]:
    """The verdicts table for the hand-written page `source` (`index.en.md`), and the
    previews of its citations."""
    language, page = languages.site[0], source
    if addresses.suffixed:
        for code in languages.site:
            if source.endswith(f".{code}.md"):
                language, page = code, source.removesuffix(f".{code}.md") + ".md"
                break
    table = "\n".join(writers[language].verdict_table(page))
    previews = makers[language].script(
        writers[language].debate.pairs,
        _entry_url(addresses, layout, page, language),
        _evidence_url(addresses, layout, page, language),
        page=page,
    )
    return table, previews


@dataclass
class _JsonLd:
    debate: Debate
    languages: Languages
    references: Mapping[str, Bibliographies]
    layout: Layout
    addresses: Addresses
    pair_pages: Mapping[str, tuple[str, int]]
    # The JSON-LD of each cited work, by language, key and bibliography address: made once
    # per language, not on every page that cites it.
    works: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def __call__(self, source: str, site_url: str, page_url: str) -> str | None:
        found = self.pair_pages.get(source)
        if found is None:
            return None
        language, position = found
        pair = self.debate.pairs[position]
        here = self.layout.pair(pair.id)

        def address(url: str) -> str:
            return urljoin(site_url, url) if site_url else relative_url(url, page_url)

        urls = jsonld.PageUrls(
            page=address(page_url),
            bibliography=address(self.addresses.url(self.layout.bibliography_page(), language)),
            translations={
                lang: address(self.addresses.url(here, lang)) for lang in self.languages.site
            },
            original_language=self.languages.original,
        )
        document = jsonld.pair_document(
            self.debate,
            pair,
            language,
            self.languages.original,
            urls,
            self.references[language].entries,
            self.works,
        )
        return jsonld.script(document)


def _entry_url(
    addresses: Addresses, layout: Layout, here: str, language: str
) -> Callable[[str], str]:
    """Link from page `here` to a bibliography entry, by key: raw HTML, which MkDocs does
    not resolve, so a final address."""
    entries = addresses.link(here, language, layout.bibliography_page(), language)
    return lambda key: f"{entries}#{key}"


def _evidence_url(
    addresses: Addresses, layout: Layout, here: str, language: str
) -> Callable[[str], str]:
    """Link from page `here` to the evidence section of a pair's page, by pair id."""
    return lambda pair_id: (
        addresses.link(here, language, layout.pair(pair_id), language) + "#evidence"
    )


def _with_slot(page: str) -> str:
    """A pair page with MAP_SLOT above its claim's section."""
    found = _CLAIM_HEADING.search(page)
    at = found.start() if found else len(page)
    return page[:at] + MAP_SLOT + "\n\n" + page[at:]


def _downloads(files: Sequence[Download], words: Mapping[str, str], layout: Layout) -> str:
    # Links to files beside the bibliography page, which every language's build adds at
    # the site's root: MkDocs resolves them like any link, and an export keeps them.
    here = layout.bibliography_page()
    items = [
        f"- [{words[d.word]}]({relative_link(here, f'{layout.bibliography}/{d.name}')})"
        for d in files
    ]
    lines = [f"## {words['downloads']} {{ #downloads }}", "", words["downloads_intro"], ""]
    lines += ['<div class="rb-downloads" markdown>', "", *items, "", "</div>"]
    return "\n".join(lines)


def _overview(debate: Debate, words: Mapping[str, str], layout: Layout, map_limit: int) -> str:
    total = len(debate.pairs)
    shown = min(total, map_limit)
    body = [f"# {words['map_overview_title']} {{ #argument-map }}", ""]
    body += [words["map_overview_intro"], ""]
    if shown < total:
        index = relative_link(layout.overview_page(), layout.index())
        limited = words["map_overview_limited"].format(shown=shown, total=total)
        body += [f"{limited} [{words['index_title']}]({index})", ""]
    meta: dict[str, object] = {
        "title": html.escape(words["map_overview_title"], quote=False),
        "description": html.escape(words["map_overview_intro"][:200]),
        # Material: no table of contents (the page has no sections), so the map has the
        # width of both sidebars' text column.
        "hide": ["toc"],
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n" + "\n".join(body)


def _figure(argument_map: ArgumentMap, words: Mapping[str, str], *, edge_labels: bool) -> str:
    """A pair's map: drawn across for wide screens and down for narrow ones (rebuttal.css
    shows one), so that its text never shrinks below 12 px on a phone."""
    wide = argmap_svg.svg(
        argument_map, MAP_ID, edge_labels=edge_labels, css_class="rb-map-svg rb-map-wide"
    )
    narrow = argmap_svg.svg(
        argument_map,
        MAP_ID + "_v",
        edge_labels=edge_labels,
        vertical=True,
        css_class="rb-map-svg rb-map-narrow",
        labelled_by=f"{MAP_ID}-title {MAP_ID}-desc",
    )
    caption = html.escape(words["map_title"], quote=False)
    return f'<figure class="rb-map">{wide}{narrow}<figcaption>{caption}</figcaption></figure>'


def _overview_figure(argument_map: ArgumentMap, words: Mapping[str, str]) -> str:
    """The map of the whole debate: as wide as the text, never narrower than drawn (a narrow
    screen scrolls it sideways), its caption saying what each column holds."""
    # The drawing's own width as its least, by the number of its columns (rebuttal.css).
    columns = f"rb-map-columns-{len(argument_map.columns)}"
    drawing = argmap_svg.svg(
        argument_map, MAP_ID, edge_labels=False, css_class=f"rb-map-svg {columns}"
    )
    caption = html.escape(_overview_caption(argument_map, words), quote=False)
    return (
        # Focusable: a narrow screen scrolls it sideways, with the keyboard too.
        f'<figure class="rb-map rb-map-overview" tabindex="0">{drawing}'
        f"<figcaption>{caption}</figcaption>"
        "</figure>"
    )


def _overview_caption(argument_map: ArgumentMap, words: Mapping[str, str]) -> str:
    """What the overview's columns hold, left to right, as `MapMaker.overview` draws them."""
    names = []
    seen_claims = False
    for column in argument_map.columns:
        kinds = {node.kind for node in column.nodes if node is not None}
        if "claim" in kinds:
            names.append(words["map_column_claims"])
            seen_claims = True
        elif "counterclaim" in kinds:
            names.append(words["map_column_counterclaims"])
        elif seen_claims:
            names.append(words["map_column_counterclaim_works"])
        else:
            names.append(words["map_column_claim_works"])
    return words["map_overview_caption"].format(columns=words["separator"].join(names))
