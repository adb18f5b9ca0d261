"""BibTeX in and out: the database's CSL items as BibTeX entries, and BibTeX entries as CSL items.

Writing and parsing are done by bibtexparser 2; this module only maps fields. Both directions
use one table, so that what is written reads back as the same item. Values are written in
UTF-8 with LaTeX's special characters escaped, and words with capitals inside (`ImageNet`)
in braces, so that BibTeX styles that lowercase titles leave them alone. Reading decodes
LaTeX with pylatexenc (a dependency of bibtexparser).

The mapping covers the fields a bibliography of papers uses; `arxiv` (not CSL) becomes
`eprint` with `archiveprefix = {arXiv}`, the convention of arXiv's own BibTeX. `provenance`
is the database's own note and is not written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.middlewares.parsestack import default_parse_stack
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
)
from bibtexparser.model import String as BibtexString
from bibtexparser.writer import BibtexFormat
from pylatexenc.latex2text import (  # type: ignore[import-untyped]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

CslItem = dict[str, Any]

# CSL type -> BibTeX entry type, and back. Several CSL types share `misc`; reading decides
# between a preprint and a plain document by the arXiv id.
ENTRY_TYPES = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "online",
}
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "manual": "document",
    "booklet": "document",
    "proceedings": "book",
}

# CSL text variables written under another name, and the BibTeX names read as them.
TEXT_FIELDS = {
    "title": "title",
    "publisher": "publisher",
    "publisher-place": "address",
    "volume": "volume",
    "edition": "edition",
    "ISBN": "isbn",
    "ISSN": "issn",
    "note": "note",
    "abstract": "abstract",
    "keyword": "keywords",
    "collection-title": "series",
    "chapter-number": "chapter",
    "event-title": "eventtitle",
    "title-short": "shorttitle",
    "genre": "type",
}
READ_AS = {
    **{bib: csl for csl, bib in TEXT_FIELDS.items()},
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "school": "publisher",
    "institution": "publisher",
    "organization": "publisher",
    "location": "publisher-place",
}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
# Written as they are: LaTeX escapes would change an address or an identifier.
VERBATIM = {"DOI": "doi", "URL": "url"}
# Language names that `langid` (biblatex, Zotero) uses, as the codes CSL wants.
LANGUAGE_NAMES = {
    "english": "en",
    "american": "en-US",
    "british": "en-GB",
    "chinese": "zh",
    "german": "de",
    "french": "fr",
    "japanese": "ja",
    "spanish": "es",
    "italian": "it",
    "russian": "ru",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# --- Writing -----------------------------------------------------------------------------

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_CHARS = re.compile(r"[\\{}&%$#_~^]")
# A word with a capital after its first letter: an acronym or a name (ImageNet, COCO, PPO).
_PROTECTED_WORD = re.compile(r"(?<![\w\\{])(\w*[A-Z]\w*)")
# Characters BibTeX cannot hold in a value; XML-like control characters are dropped.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def latex(text: str) -> str:
    """Text as a BibTeX value: special characters escaped, one line."""
    text = " ".join(_CONTROL.sub("", text).split())
    text = _SPECIAL_CHARS.sub(lambda m: _SPECIAL[m[0]], text)
    return text.replace("--", "-{}-")  # a literal "--", not LaTeX's en dash


def _protected(title: str) -> str:
    """A title whose words with inner capitals are braced, after escaping."""
    return _PROTECTED_WORD.sub(
        lambda m: "{" + m[1] + "}" if any(c.isupper() for c in m[1][1:]) else m[1],
        latex(title),
    )


def _verbatim(text: str) -> str:
    # Braces would end or unbalance the value; they are percent-encoded, as in a URL.
    return text.strip().replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _name(name: Mapping[str, Any]) -> str:
    """A CSL name as BibTeX writes it: `von Last, Jr, First`, or a whole name in braces."""
    if "literal" in name:
        return "{" + latex(str(name["literal"])) + "}"

    def part(key: str) -> str:
        value = latex(str(name.get(key) or ""))
        # A comma or the word "and" inside a part would split the name: keep it whole.
        if "," in value or re.search(r"\band\b", value, re.IGNORECASE):
            value = "{" + value + "}"
        return value

    family = part("family")
    if " " in family and not family.startswith("{"):
        # A family name of several words ("Lloyd Webber") would lose all but its last.
        family = "{" + family + "}"
    particles = [p for p in (part("dropping-particle"), part("non-dropping-particle")) if p]
    last = " ".join([*particles, family])
    pieces = [last]
    if name.get("suffix"):
        pieces.append(part("suffix"))
    if name.get("given"):
        pieces.append(part("given"))
    elif name.get("suffix"):
        pieces.append("")
    return ", ".join(pieces)


def entry_for(key: str, item: Mapping[str, Any]) -> Entry:
    """The BibTeX entry of one CSL item of the database."""
    csl_type = str(item.get("type", ""))
    arxiv = item.get("arxiv")
    entry_type = ENTRY_TYPES.get(csl_type, "misc")
    fields: list[Field] = []

    def add(name: str, value: str) -> None:
        if value:
            fields.append(Field(name, value))

    for csl_name, bib_name in NAME_FIELDS.items():
        names = item.get(csl_name)
        if isinstance(names, list) and names:
            add(bib_name, " and ".join(_name(n) for n in names if isinstance(n, Mapping)))
    add("title", _protected(str(item.get("title", ""))))
    container = item.get("container-title")
    if container:
        add("journal" if entry_type == "article" else "booktitle", _protected(str(container)))
    for csl_name, bib_name in TEXT_FIELDS.items():
        if csl_name != "title" and item.get(csl_name) not in (None, ""):
            add(bib_name, latex(str(item[csl_name])))
    if item.get("page") not in (None, ""):
        add("pages", latex(str(item["page"])).replace("-", "--"))
    issue, number = item.get("issue"), item.get("number")
    if entry_type == "article":
        # BibTeX calls a journal's issue its number.
        add("number", latex(str(issue)) if issue not in (None, "") else "")
    else:
        add("number", latex(str(number)) if number not in (None, "") else "")
        add("issue", latex(str(issue)) if issue not in (None, "") else "")
    year, date = _year_and_date(item.get("issued"))
    add("year", year)
    add("date", date)
    for csl_name, bib_name in VERBATIM.items():
        if isinstance(item.get(csl_name), str):
            add(bib_name, _verbatim(item[csl_name]))
    if isinstance(arxiv, str):
        add("eprint", _verbatim(arxiv))
        add("archiveprefix", "arXiv")
    if isinstance(item.get("language"), str):
        add("langid", latex(item["language"]))
    return Entry(entry_type, key, fields)


def _year_and_date(issued: Any) -> tuple[str, str]:
    """`year`, and an ISO `date` when the month is known too."""
    if not isinstance(issued, Mapping):
        return "", ""
    parts = issued.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        literal = issued.get("literal")
        return (latex(str(literal)), "") if literal else ("", "")
    first = [int(p) for p in parts[0]]
    year = str(first[0])
    if len(first) == 1:
        return year, ""
    return year, "-".join([f"{first[0]:04d}", *(f"{p:02d}" for p in first[1:])])


def write(references: Mapping[str, Mapping[str, Any]], keys: Iterable[str]) -> str:
    """The items of `keys` as a BibTeX file."""
    library = Library([entry_for(key, references[key]) for key in keys])
    style = BibtexFormat()  # type: ignore[no-untyped-call]
    style.indent = "  "
    style.trailing_comma = True
    return write_string(
        library,
        unparse_stack=[
            middlewares.AddEnclosingMiddleware(
                reuse_previous_enclosing=False,
                enclose_integers=True,
                default_enclosing="{",
                allow_inplace_modification=False,
            )
        ],
        bibtex_format=style,
    )


# --- Reading -----------------------------------------------------------------------------


@dataclass
class Read:
    """CSL items read from a BibTeX file, where each came from, and what went wrong."""

    items: dict[str, CslItem] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line of the entry
    field_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (key, CSL field)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    keys: dict[str, int] = field(default_factory=dict)  # every key of the file -> its line


# Where an entry starts: `@type{key,` at the start of a line. A quick look, for the keys of a
# large file; bibtexparser then reads only the entries wanted.
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,{}()\"#%'=]+)[ \t]*,", re.M)
_BLOCK_START = re.compile(r"^[ \t]*@", re.M)
_CROSSREF = re.compile(r"\bcrossref\s*=\s*[{\"]?\s*([^\s,{}\"]+)", re.I)
_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})


def read(text: str, wanted: Iterable[str] | None = None) -> Read:
    """The entries of a BibTeX file as CSL items of the database's references.

    With `wanted`, only those entries (and the ones they `crossref`) are read: a library of
    tens of thousands of entries is looked through for its keys, not parsed. An entry that
    cannot be parsed, a key used twice or a field given twice is an error at its line (of
    the entries read). `#` joins strings and `@string` macros; an entry with `crossref`
    takes the fields it lacks from the entry it names. Fields this mapping does not know
    are left out.
    """
    result = Read()
    if wanted is not None:
        text = _only(text, set(wanted), result)
    concatenation = _Concatenation()
    library = parse_string(
        text,
        parse_stack=[
            concatenation,
            *default_parse_stack(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    result.errors += concatenation.errors
    entries = {entry.key: entry for entry in library.entries}
    for entry in library.entries:
        result.lines[entry.key] = (entry.start_line or 0) + 1
        result.keys.setdefault(entry.key, result.lines[entry.key])
        problem = _inherit(entry, entries)
        if problem:
            result.errors.append(problem)
        item, field_lines = _item(entry)
        result.items[entry.key] = item
        for name, line in field_lines.items():
            result.field_lines[(entry.key, name)] = line
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = result.lines.get(block.key)
            where = f" (first at line {first})" if first else ""
            result.errors.append((line, f"the key `{block.key}` is used twice{where}"))
        elif isinstance(block, DuplicateFieldKeyBlock):
            names = ", ".join(f"`{name}`" for name in sorted(block.duplicate_keys))
            result.errors.append((line, f"the entry has {names} twice"))
        elif isinstance(block, ParsingFailedBlock):
            detail = str(block.error).split("\n")[0]
            message = f"malformed BibTeX: {detail or 'this entry cannot be read'}"
            result.errors.append((line, message))
    result.errors.sort()
    return result


def _only(text: str, wanted: set[str], result: Read) -> str:
    """`text` with only the entries of `wanted` (and those they cross-reference) and every
    `@string` and `@preamble` (and every entry whose braces do not balance, for bibtexparser to
    report); the others become as many empty lines, so that lines keep
    their numbers. Every key's line goes into `result.keys`, and a key used twice (among
    the entries left out, which bibtexparser does not see) into its errors."""
    starts = [m.start() for m in _BLOCK_START.finditer(text)]
    blocks: list[tuple[int, int, str | None]] = []  # start, end, key (None: keep always)
    line, at = 1, 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        line += text.count("\n", at, start)
        at = start
        match = _ENTRY_START.match(text, start)
        if match is None or match[1].lower() in _NOT_ENTRIES:
            blocks.append((start, end, None))
            continue
        key = match[2]
        if key in result.keys:
            message = f"the key `{key}` is used twice (first at line {result.keys[key]})"
            result.errors.append((line, message))
        else:
            result.keys[key] = line
        blocks.append((start, end, key))
    keep = set(wanted)
    by_key = {key: (start, end) for start, end, key in blocks if key is not None}
    todo = [key for key in keep if key in by_key]
    while todo:  # entries that wanted ones cross-reference, and theirs
        start, end = by_key[todo.pop()]
        for parent in _CROSSREF.findall(text, start, end):
            if parent not in keep and parent in by_key:
                keep.add(parent)
                todo.append(parent)
    parts = [text[: starts[0]] if starts else text]
    for start, end, key in blocks:
        # An entry whose braces do not balance goes to bibtexparser too, to be reported.
        if key is None or key in keep or text.count("{", start, end) != text.count("}", start, end):
            parts.append(text[start:end])
        else:
            parts.append("\n" * text.count("\n", start, end))
    return "".join(parts)


class _Concatenation(LibraryMiddleware):
    """Values joined with `#` (`"Proc. of " # conf`), as one braced value: bibtexparser
    leaves them as they are written. Runs before it resolves `@string` macros."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.errors: list[tuple[int, str]] = []

    @classmethod
    def metadata_key(cls) -> str:
        return "rebuttal-concatenation"

    def transform(self, library: Library) -> Library:
        macros = {name: month.capitalize() for name, month in _MONTH_NAMES.items()}
        for block in library.blocks:
            fields = (
                [block]
                if isinstance(block, BibtexString)
                else block.fields
                if isinstance(block, Entry)
                else []
            )
            for item in fields:
                value = item.value
                if isinstance(value, str) and "#" in value:
                    joined = self._join(value, macros, item.start_line or block.start_line)
                    if joined is not None:
                        item.value = "{" + joined + "}"
            if isinstance(block, BibtexString):
                macros[block.key.lower()] = _unenclosed(str(block.value))
        return library

    def _join(self, value: str, macros: Mapping[str, str], line: int | None) -> str | None:
        parts = _top_level_split(value)
        if parts is None or len(parts) < 2:
            return None
        joined = []
        for part in parts:
            if part[:1] in '{"' or part.isdigit():
                joined.append(_unenclosed(part))
            elif part.lower() in macros:
                joined.append(macros[part.lower()])
            else:
                message = f"`{part}` in `{value.strip()}` names no @string defined above it"
                self.errors.append(((line or 0) + 1, message))
                return None
        return "".join(joined)


_MONTH_NAMES = dict(
    zip(
        MONTHS,
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        strict=True,
    )
)


def _top_level_split(value: str) -> list[str] | None:
    """The parts of `value` joined by `#` outside braces and quotes; None if unbalanced."""
    parts, depth, quoted, at = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[at:index].strip())
            at = index + 1
    if depth or quoted:
        return None
    parts.append(value[at:].strip())
    return parts if all(parts) else None


def _unenclosed(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


# Fields an entry takes from the one it cross-references under another name (biblatex's
# defaults): a paper's proceedings are the parent's title.
_INHERITED_AS = {"title": "booktitle", "shorttitle": None, "crossref": None, "ids": None}


def _inherit(entry: Entry, entries: Mapping[str, Entry]) -> tuple[int, str] | None:
    """Give `entry` the fields it lacks from the entry its `crossref` names."""
    fields = {f.key.lower(): f for f in entry.fields}
    crossref = fields.get("crossref")
    if crossref is None:
        return None
    parent = entries.get(str(crossref.value).strip())
    if parent is None or parent is entry:
        line = (crossref.start_line or entry.start_line or 0) + 1
        return line, f"`crossref = {{{crossref.value}}}` names no entry of this file"
    for source in parent.fields:
        name = source.key.lower()
        target = _INHERITED_AS.get(name, name)
        if target is not None and target not in fields:
            inherited = Field(target, source.value, crossref.start_line)
            entry.fields.append(inherited)
            fields[target] = inherited
    return None


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # What `latex` writes, read back as the characters it stands for.
    context.add_context_category(
        "rebuttal-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
        ],
    )
    return LatexNodes2Text(latex_context=context)


_DECODER = _decoder()


def from_latex(value: str) -> str:
    return " ".join(str(_DECODER.latex_to_text(value)).split())


def _item(entry: Entry) -> tuple[CslItem, dict[str, int]]:
    fields = {f.key.lower(): f for f in entry.fields}
    item: CslItem = {}
    lines: dict[str, int] = {}

    def put(name: str, value: Any, source: Field) -> None:
        if value not in (None, "", []):
            item[name] = value
            lines[name] = (source.start_line or 0) + 1

    entry_type = entry.entry_type.lower()
    eprint = fields.get("eprint")
    prefix = fields.get("archiveprefix") or fields.get("eprinttype")
    is_arxiv = eprint is not None and (
        prefix is None or str(prefix.value).strip().lower() == "arxiv"
    )
    csl_type = CSL_TYPES.get(entry_type, "article" if is_arxiv else "document")
    if entry_type == "misc" and is_arxiv:
        csl_type = "article"
    item["type"] = csl_type
    for name, source in fields.items():
        value = source.value
        if name in NAME_FIELDS:
            put(NAME_FIELDS[name], [_csl_name(parts) for parts in value], source)
        elif name in ("doi", "url"):
            put(name.upper(), _unescape_verbatim(str(value)), source)
        elif name == "eprint" and is_arxiv:
            put("arxiv", _unescape_verbatim(str(value)), source)
        elif name == "pages":
            put("page", from_latex(str(value)).replace("–", "-").replace("--", "-"), source)
        elif name == "number":
            put("issue" if entry_type == "article" else "number", from_latex(str(value)), source)
        elif name == "issue":
            put("issue", from_latex(str(value)), source)
        elif name in ("langid", "language"):
            put("language", _language(from_latex(str(value))), source)
        elif name in READ_AS:
            put(READ_AS[name], from_latex(str(value)), source)
    issued = _issued(fields)
    if issued is not None:
        put("issued", issued[0], issued[1])
    return item, lines


def _csl_name(parts: Any) -> dict[str, str]:
    first, von, last, jr = (
        [str(p) for p in parts.first],
        [str(p) for p in parts.von],
        [str(p) for p in parts.last],
        [str(p) for p in parts.jr],
    )
    if not (first or von or jr) and len(last) == 1 and last[0].startswith("{"):
        return {"literal": from_latex(last[0])}
    name = {"family": from_latex(" ".join(last))}
    if first:
        name["given"] = from_latex(" ".join(first))
    if von:
        name["non-dropping-particle"] = from_latex(" ".join(von))
    if jr:
        name["suffix"] = from_latex(" ".join(jr))
    return name


def _unescape_verbatim(value: str) -> str:
    value = re.sub(r"\\([_%#&])", r"\1", value.strip())
    return value.replace("%7B", "{").replace("%7D", "}").replace("%5C", "\\")


def _language(value: str) -> str:
    return LANGUAGE_NAMES.get(value.lower(), value)


def _issued(fields: Mapping[str, Field]) -> tuple[dict[str, Any], Field] | None:
    date = fields.get("date")
    if date is not None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(date.value).strip())
        if match:
            return {"date-parts": [[int(p) for p in match.groups() if p]]}, date
    year = fields.get("year")
    if year is None:
        return None
    text = from_latex(str(year.value))
    if not text.isdigit():
        return {"literal": text}, year
    parts = [int(text)]
    month = fields.get("month")
    if month is not None:
        value = str(month.value).strip().lower()
        if value.isdigit() and 1 <= int(value) <= 12:
            parts.append(int(value))
        elif value[:3] in MONTHS:
            parts.append(MONTHS.index(value[:3]) + 1)
    return {"date-parts": [parts]}, year
