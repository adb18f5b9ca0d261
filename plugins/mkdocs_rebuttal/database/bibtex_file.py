"""References kept in a BibTeX file, named by the database's `references_bibtex`.

People keep their references in a reference manager and export them as BibTeX; the database
then cites them by key, like the ones written under `references`. Only the entries the
database cites are taken (the file may be a whole library), converted to CSL items
(`bibtex.read`), and checked like the database's own references, with problems placed at
their line of the BibTeX file. A key in both places is an error: which one would be meant?
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..citations import bibtex
from .citation_syntax import parse as parse_citations
from .problems import Problem
from .validate import validate_references
from .yaml_source import SourceMap, decode


@dataclass
class BibtexReferences:
    path: str | None = None  # the file, as the database names it, relative to the cwd
    keys: set[str] = field(default_factory=set)  # every key of the file
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # the cited ones
    problems: list[Problem] = field(default_factory=list)


def load(
    data: Any, source: SourceMap, database_path: str, directory: str | None = None
) -> BibtexReferences:
    """The references of the BibTeX file that `data`, read from `database_path`, names.

    The file is looked for in `directory` (default: the database's); problems name it beside
    `database_path`, as the user knows it.
    """
    name = data.get("references_bibtex") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return BibtexReferences()  # none, or a wrong value the validator reports
    path = os.path.join(os.path.dirname(database_path), name.strip())
    if directory is None:
        directory = os.path.dirname(database_path)
    result = BibtexReferences(path)
    at = source.value(("references_bibtex",))
    try:
        with open(os.path.join(directory, name.strip()), "rb") as f:
            raw = f.read()
    except OSError as error:
        message = f"references_bibtex: cannot read {path}: {error.strerror}"
        result.problems.append(Problem(database_path, *at, message))
        return result
    text, problems = decode(raw, path)
    if text is None:
        result.problems += problems
        return result
    read = bibtex.read(text)
    result.problems += [Problem(path, line, 1, message) for line, message in read.errors]
    own = data.get("references")
    own = own if isinstance(own, dict) else {}
    for key in read.items:
        if key in own:
            line, _ = source.key(("references", key))
            message = f"`{key}` is also a reference in {database_path}, line {line}"
            hint = "keep one of the two"
            result.problems.append(Problem(path, read.lines[key], 1, message, hint))
    result.keys = set(read.items) - set(own)
    cited = set(_cited_keys(data))
    result.items = {key: item for key, item in read.items.items() if key in result.keys & cited}
    positions = SourceMap(text)
    for key in result.items:
        positions.values[("references", key)] = (read.lines[key], 1)
    for (key, field_name), line in read.field_lines.items():
        if key in result.items:
            positions.values[("references", key, field_name)] = (line, 1)
    result.problems += validate_references(result.items, positions, path)
    return result


def _cited_keys(data: Any) -> Iterator[str]:
    """Every key the database cites: `ref` of its citations, `[@key]` and `@key` in its texts."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "references":
                continue
            if name == "ref" and isinstance(value, str):
                yield value
            else:
                yield from _cited_keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from _cited_keys(value)
    elif isinstance(data, str) and "@" in data:
        yield from parse_citations(data).keys()
