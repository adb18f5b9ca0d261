"""References kept in a CSL-JSON file, named by the database's `references_csl`.

Zotero (File > Export Library..., format CSL JSON) and Better BibTeX write a JSON list of CSL
items; the database cites them by key like the ones under `references`: an item's
`citation-key` (Better BibTeX), else its `id`. As with a BibTeX file (`bibtex_file.py`), only
the cited items are taken, each is checked like the database's own references, problems are
placed at their line and column of the JSON file, and the file is read under the same rules
(inside the project, a regular file, at most `bibtex_file.MAX_BYTES`). A key in both places is
an error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .bibtex_file import _cited_keys, _read, inside
from .problems import Problem
from .validate import validate_keys, validate_references
from .yaml_source import SourceMap, decode


@dataclass
class CslReferences:
    path: str | None = None  # the file, as the database names it, relative to the cwd
    keys: set[str] = field(default_factory=set)  # every key of the file
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # the cited ones
    problems: list[Problem] = field(default_factory=list)


def load(
    data: Any,
    source: SourceMap,
    database_path: str,
    directory: str | None = None,
    project: str | None = None,
) -> CslReferences:
    """The references of the CSL-JSON file that `data`, read from `database_path`, names
    (see `bibtex_file.load`, which this follows)."""
    name = data.get("references_csl") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return CslReferences()
    path = os.path.join(os.path.dirname(database_path), name.strip())
    if directory is None:
        directory = os.path.dirname(database_path)
    result = CslReferences(path)
    at = source.value(("references_csl",))
    full = os.path.join(directory, name.strip())
    if project is not None and not inside(full, project):
        message = f"references_csl: {path} is outside the project (the folder of mkdocs.yml)"
        hint = (
            "keep the file in the project, or allow it in mkdocs.yml with the plugin's "
            "`allow_files_outside_project: true`"
        )
        result.problems.append(Problem(database_path, *at, message, hint))
        return result
    raw, refused = _read(full, path)
    if raw is None:
        result.problems.append(Problem(database_path, *at, f"references_csl: {refused}"))
        return result
    text, problems = decode(raw, path)
    if text is None:
        result.problems += problems
        return result
    found = _items(text, path)
    if isinstance(found, Problem):
        result.problems.append(found)
        return result
    own = data.get("references")
    own = own if isinstance(own, dict) else {}
    cited = set(_cited_keys(data))
    positions = SourceMap(text)
    read: dict[str, dict[str, Any]] = {}
    for start, item in found:
        line, column = _position(text, start)
        key = item.get("citation-key", item.get("id")) if isinstance(item, dict) else None
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str) or not key.strip():
            message = "a CSL item without `id` or `citation-key`: it cannot be cited"
            result.problems.append(Problem(path, line, column, message))
            continue
        if key in read:
            message = f"`{key}` is the key of an item above too"
            result.problems.append(Problem(path, line, column, message, "keep one of the two"))
            continue
        if key in own:
            line_there, _ = source.key(("references", key))
            message = f"`{key}` is also a reference in {database_path}, line {line_there}"
            result.problems.append(Problem(path, line, column, message, "keep one of the two"))
            continue
        assert isinstance(item, dict)
        # The key is the item's id: the fields that say it are not the item's.
        read[key] = {k: v for k, v in item.items() if k not in ("id", "citation-key")}
        positions.values[("references", key)] = (line, column)
        for name_ in read[key]:
            where = text.find(json.dumps(name_), start)
            if where >= 0:
                positions.values[("references", key, name_)] = _position(text, where)
    result.keys = set(read)
    result.items = {key: item for key, item in read.items() if key in cited}
    result.problems += validate_references(result.items, positions, path)
    result.problems += validate_keys(result.items, positions, path)
    return result


def _items(text: str, path: str) -> list[tuple[int, Any]] | Problem:
    """Each item of the file's list with the offset where it starts, or what is wrong."""
    decoder = json.JSONDecoder()
    try:
        whole = decoder.decode(text)
    except json.JSONDecodeError as error:
        return Problem(path, error.lineno, error.colno, f"not a JSON file: {error.msg}")
    if not isinstance(whole, list):
        hint = "export a list of items: Zotero's format `CSL JSON`"
        return Problem(path, 1, 1, "a CSL-JSON file is a list of items", hint)
    items = []
    at = text.index("[") + 1
    for _ in whole:
        while text[at] in " \t\r\n,":
            at += 1
        item, end = decoder.raw_decode(text, at)
        items.append((at, item))
        at = end
    return items


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
