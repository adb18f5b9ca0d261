"""The database as files for other programs: BibTeX, CSL-JSON, RIS, and the whole of it as JSON.

The references come in order of first citation, as the numbered bibliography lists them.
CSL-JSON is what Pandoc, Zotero and citeproc read; the database's two fields that are not
CSL are left out, except that an arXiv id becomes the item's `URL` (its abstract page) when
the item has no DOI and no URL of its own, so that a reader of the file can still find it.
RIS is written here (a line per field, `TY` to `ER`), as its readers expect. The whole
database is written in the shape of the YAML file, so that the JSON Schema of the database
(`claims.schema.json`) describes it too; references read from a BibTeX file are in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..citations import bibtex
from ..citations.bibliography import NON_CSL_FIELDS
from ..database.model import Citation, Debate, Person, Statement, Work


@dataclass(frozen=True)
class Download:
    name: str  # file name, beside the bibliography page
    word: str  # the interface word that names it in a link
    content: str


def downloads(debate: Debate, kept: Iterable[Download] = ()) -> list[Download]:
    """The files; `kept`: the reference files of a version of the debate with the same
    references in the same order, which are then the same (`mkdocs serve`)."""
    keys = debate.citation_order()
    references = debate.references
    same = {download.name: download for download in kept}

    def made(name: str, word: str, write: Callable[[], str]) -> Download:
        return same.get(name) or Download(name, word, write())

    return [
        made("references.bib", "download_bibtex", lambda: bibtex.write(references, keys)),
        made("references.json", "download_csl_json", lambda: _json(csl_json(references, keys))),
        made("references.ris", "download_ris", lambda: ris(references, keys)),
        Download("database.json", "download_database", _json(database(debate), indent=None)),
    ]


def _json(value: Any, indent: int | None = 2) -> str:
    # The whole database is for programs, and megabytes at thousands of pairs: written
    # compact, by json's C encoder (an indent sends it through the pure-Python one).
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators) + "\n"


# --- CSL-JSON ------------------------------------------------------------------------------


def csl_json(
    references: Mapping[str, Mapping[str, Any]], keys: Iterable[str]
) -> list[dict[str, Any]]:
    items = []
    for key in keys:
        data = references[key]
        item: dict[str, Any] = {"id": key}
        item.update((k, v) for k, v in data.items() if k not in NON_CSL_FIELDS)
        arxiv = data.get("arxiv")
        if isinstance(arxiv, str) and "URL" not in data and "DOI" not in data:
            item["URL"] = f"https://arxiv.org/abs/{arxiv.strip()}"
        items.append(item)
    return items


# --- RIS -----------------------------------------------------------------------------------

RIS_TYPES = {
    "article": "UNPB",  # a preprint
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "paper-conference": "CPAPER",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "dataset": "DATA",
    "software": "COMP",
    "manuscript": "MANSCPT",
}
# CSL variable -> RIS tag, for plain text fields.
RIS_FIELDS = {
    "title": "TI",
    "container-title": "T2",
    "collection-title": "T3",
    "publisher": "PB",
    "publisher-place": "CY",
    "volume": "VL",
    "issue": "IS",
    "edition": "ET",
    "ISBN": "SN",
    "DOI": "DO",
    "URL": "UR",
    "language": "LA",
    "abstract": "AB",
    "note": "N1",
}


def ris(references: Mapping[str, Mapping[str, Any]], keys: Iterable[str]) -> str:
    records = []
    for key in keys:
        item = references[key]
        lines = [("TY", RIS_TYPES.get(str(item.get("type")), "GEN")), ("ID", key)]
        for role, tag in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
            for name in item.get(role) or ():
                lines.append((tag, _ris_name(name)))
        for variable, tag in RIS_FIELDS.items():
            if item.get(variable) not in (None, ""):
                lines.append((tag, str(item[variable])))
        page = str(item.get("page") or "")
        if page:
            first, _, last = page.partition("-")
            lines.append(("SP", first))
            if last:
                lines.append(("EP", last))
        parts = _date_parts(item.get("issued"))
        if parts:
            lines.append(("PY", str(parts[0])))
            # RIS dates are YYYY/MM/DD/other, with empty parts left empty.
            padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]
            lines.append(("DA", "/".join(padded + [""] * (3 - len(padded))) + "/"))
        arxiv = item.get("arxiv")
        if isinstance(arxiv, str):
            if "URL" not in item:
                lines.append(("UR", f"https://arxiv.org/abs/{arxiv.strip()}"))
            lines.append(("M1", f"arXiv:{arxiv.strip()}"))
        lines.append(("ER", ""))
        records.append("".join(_ris_line(tag, value) for tag, value in lines))
    return "\n".join(records)


def _ris_line(tag: str, value: str) -> str:
    # One field per line: a line break inside a value would start a field of its own.
    return f"{tag}  - {' '.join(value.split())}\n" if value else f"{tag}  - \n"


def _ris_name(name: Mapping[str, Any]) -> str:
    if "literal" in name:
        return str(name["literal"])
    family = " ".join(
        str(name[part]) for part in ("non-dropping-particle", "family") if name.get(part)
    )
    given = " ".join(str(name[part]) for part in ("given", "dropping-particle") if name.get(part))
    suffix = name.get("suffix")
    return ", ".join(p for p in (family, given, str(suffix) if suffix else "") if p)


def _date_parts(issued: Any) -> list[int]:
    if not isinstance(issued, Mapping):
        return []
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return [int(p) for p in parts[0]]
    return []


# --- The whole database --------------------------------------------------------------------


def database(debate: Debate) -> dict[str, Any]:
    """The debate in the shape of the YAML database, every reference included."""
    meta: dict[str, Any] = {}
    if debate.original_language:
        meta["original_language"] = debate.original_language
    meta["title"] = dict(debate.title)
    if debate.summary:
        meta["summary"] = dict(debate.summary)
    for name, work in (("source", debate.source), ("responds_to", debate.responds_to)):
        if work is not None:
            meta[name] = _work(work)
    result: dict[str, Any] = {
        "debate": meta,
        "people": {pid: _person(person) for pid, person in debate.people.items()},
        "claims": [],
    }
    for pair in debate.pairs:
        record: dict[str, Any] = {"id": pair.id, "claim": _statement(pair.claim)}
        if pair.counterclaim:
            record["counterclaim"] = _statement(pair.counterclaim)
        result["claims"].append(record)
    if debate.conclusion:
        result["conclusion"] = _statement(debate.conclusion)
    result["references"] = {key: dict(item) for key, item in debate.references.items()}
    return result


def _work(work: Work) -> dict[str, Any]:
    return _without_empty(
        {
            "title": dict(work.title),
            "author": work.author,
            "published_in": dict(work.published_in) if work.published_in else None,
            "url": work.url,
        }
    )


def _person(person: Person) -> dict[str, Any]:
    return _without_empty(
        {
            "name": dict(person.name),
            "about": dict(person.about) if person.about else None,
            "url": person.url,
        }
    )


def _statement(statement: Statement) -> dict[str, Any]:
    return _without_empty(
        {
            "by": statement.by,
            "title": dict(statement.title) if statement.title else None,
            "text": dict(statement.text),
            "citations": [_citation(c) for c in statement.citations] or None,
        }
    )


def _citation(citation: Citation) -> dict[str, Any]:
    return _without_empty(
        {
            "ref": citation.ref,
            "locator": dict(citation.locator) if citation.locator else None,
            "note": dict(citation.note) if citation.note else None,
            "fit": citation.fit,
        }
    )


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}
