"""References kept in a BibTeX file, named by the database's `references_bibtex`.

People keep their references in a reference manager and export them as BibTeX; the database
then cites them by key, like the ones written under `references`. Only the entries the
database cites are taken (the file may be a whole library), converted to CSL items
(`bibtex.read`), and checked like the database's own references, with problems placed at
their line of the BibTeX file. A key in both places is an error: which one would be meant?

The database is untrusted input; the file it names is read only when it is a regular file
inside the project (the folder of `mkdocs.yml`), unless `mkdocs.yml` allows more
(`allow_files_outside_project`), and no larger than `MAX_BYTES`: not `/dev/zero`, not a FIFO
that would block the build, not a secret elsewhere on the machine that the bibliography
would publish.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..citations import bibtex
from .citation_syntax import parse as parse_citations
from .problems import Problem
from .validate import validate_keys, validate_references
from .yaml_source import SourceMap, decode

MAX_BYTES = 64 * 1024 * 1024
"""The largest BibTeX file read: a library of 100,000 entries is about 50 MB."""


@dataclass
class BibtexReferences:
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
) -> BibtexReferences:
    """The references of the BibTeX file that `data`, read from `database_path`, names.

    The file is looked for in `directory` (default: the database's); problems name it beside
    `database_path`, as the user knows it. With `project`, the file must be inside that
    folder (symbolic links followed).
    """
    name = data.get("references_bibtex") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return BibtexReferences()  # none, or a wrong value the validator reports
    path = os.path.join(os.path.dirname(database_path), name.strip())
    if directory is None:
        directory = os.path.dirname(database_path)
    result = BibtexReferences(path)
    at = source.value(("references_bibtex",))
    full = os.path.join(directory, name.strip())
    if project is not None and not inside(full, project):
        message = f"references_bibtex: {path} is outside the project (the folder of mkdocs.yml)"
        hint = (
            "keep the file in the project, or allow it in mkdocs.yml with the plugin's "
            "`allow_files_outside_project: true`"
        )
        result.problems.append(Problem(database_path, *at, message, hint))
        return result
    raw, refused = _read(full, path)
    if raw is None:
        result.problems.append(Problem(database_path, *at, f"references_bibtex: {refused}"))
        return result
    text, problems = decode(raw, path)
    if text is None:
        result.problems += problems
        return result
    cited = set(_cited_keys(data))
    read = bibtex.read(text, cited)
    result.problems += [Problem(path, line, 1, message) for line, message in read.errors]
    own = data.get("references")
    own = own if isinstance(own, dict) else {}
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


def project_folder(database: str, project: str) -> str:
    """The folder files named by the database at `database` must be in: the project (the
    folder of `mkdocs.yml`), or the database's own when `mkdocs.yml` names one outside it."""
    return project if inside(database, project) else os.path.dirname(database) or "."


def inside(path: str, project: str) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(project or ".")
    return os.path.commonpath([real, root]) == root


def _read(path: str, shown: str) -> tuple[bytes | None, str]:
    """The file's bytes, or why it is not read. Opened without blocking (a FIFO would wait
    for a writer forever), then read only if it is a regular file of at most MAX_BYTES."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return None, f"cannot read {shown}: {error.strerror}"
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        return None, f"{shown} is {kind}, not a file"
    with os.fdopen(descriptor, "rb") as f:
        try:
            raw = f.read(MAX_BYTES + 1)
        except OSError as error:
            return None, f"cannot read {shown}: {error.strerror}"
    if len(raw) > MAX_BYTES:
        return None, f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MB"
    return raw, ""


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
