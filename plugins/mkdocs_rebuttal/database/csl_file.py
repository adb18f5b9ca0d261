"""References kept in a CSL-JSON file, named by the database's `references_csl`.

Zotero (File > Export Library..., format CSL JSON) and Better BibTeX write a JSON list of CSL
items; the database cites them by key like the ones under `references`: an item's
`citation-key` (Better BibTeX), else its `id`. As with a BibTeX file (`bibtex_file.py`), only
the cited items are taken, each is checked like the database's own references, problems are
placed at their line and column of the JSON file, and the file is read under the same rules
(`reference_files`). A key in both places is an error.
"""

from __future__ import annotations

import json
from typing import Any

from .problems import Problem
from .reference_files import FileReferences, cited_keys, named_text, own_references
from .validate import validate_keys, validate_references
from .yaml_source import SourceMap


def load(
    data: Any,
    source: SourceMap,
    database_path: str,
    directory: str | None = None,
    project: str | None = None,
) -> FileReferences:
    """The references of the CSL-JSON file that `data`, read from `database_path`, names
    (`reference_files.named_text` says where it is looked for and what is read)."""
    result, text = named_text(data, "references_csl", source, database_path, directory, project)
    if text is None or result.path is None:
        return result
    path = result.path
    found = _items(text, path)
    if isinstance(found, Problem):
        result.problems.append(found)
        return result
    own = own_references(data)
    cited = set(cited_keys(data))
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
