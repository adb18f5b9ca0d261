"""References kept in a BibTeX file, named by the database's `references_bibtex`.

People keep their references in a reference manager and export them as BibTeX; the database
then cites them by key, like the ones written under `references`. Only the entries the
database cites are taken (the file may be a whole library), converted to CSL items
(`bibtex.read`), and checked like the database's own references, with problems placed at
their line of the BibTeX file. A key in both places is an error: which one would be meant?
The file is read under `reference_files`' rules: a regular file inside the project, no
larger than `MAX_BYTES`.
"""

from __future__ import annotations

from typing import Any

from ..citations import bibtex
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
    """The references of the BibTeX file that `data`, read from `database_path`, names
    (`reference_files.named_text` says where it is looked for and what is read)."""
    result, text = named_text(data, "references_bibtex", source, database_path, directory, project)
    if text is None or result.path is None:
        return result
    path = result.path
    cited = set(cited_keys(data))
    read = bibtex.read(text, cited)
    result.problems += [Problem(path, line, 1, message) for line, message in read.errors]
    own = own_references(data)
    for key in read.keys:
        if key in own:
            line, _ = source.key(("references", key))
            message = f"`{key}` is also a reference in {database_path}, line {line}"
            hint = "keep one of the two"
            result.problems.append(Problem(path, read.keys[key], 1, message, hint))
    result.keys = set(read.keys) - set(own)
    result.items = {key: item for key, item in read.items.items() if key in result.keys & cited}
    positions = SourceMap(text)
    for key in result.items:
        positions.values[("references", key)] = (read.lines[key], 1)
    for (key, field_name), line in read.field_lines.items():
        if key in result.items:
            positions.values[("references", key, field_name)] = (line, 1)
    result.problems += validate_references(result.items, positions, path)
    result.problems += validate_keys(result.items, positions, path)
    return result
