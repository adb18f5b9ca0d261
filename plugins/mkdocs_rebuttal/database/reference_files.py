"""Files of references the database names (`references_bibtex`, `references_csl`): which
keys the database cites, and reading such a file as untrusted input.

The database is untrusted input; a file it names is read only when it is a regular file
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

from .citation_syntax import parse as parse_citations
from .problems import Problem
from .yaml_source import SourceMap, decode

MAX_BYTES = 64 * 1024 * 1024
"""The largest file read: a BibTeX library of 100,000 entries is about 50 MB."""


@dataclass
class FileReferences:
    """What a file of references gave: its cited items, checked."""

    path: str | None = None  # the file, as the database names it, relative to the cwd
    keys: set[str] = field(default_factory=set)  # every key of the file
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # the cited ones
    problems: list[Problem] = field(default_factory=list)


def named_text(
    data: Any,
    option: str,
    source: SourceMap,
    database_path: str,
    directory: str | None,
    project: str | None,
) -> tuple[FileReferences, str | None]:
    """The text of the file the database's `option` names, and the result to fill in; no
    text when none is named or it cannot be read (the result then says why).

    The file is looked for in `directory` (default: the database's); problems name it beside
    `database_path`, as the user knows it. With `project`, the file must be inside that
    folder (symbolic links followed).
    """
    name = data.get(option) if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return FileReferences(), None  # none, or a wrong value the validator reports
    path = os.path.join(os.path.dirname(database_path), name.strip())
    if directory is None:
        directory = os.path.dirname(database_path)
    result = FileReferences(path)
    at = source.value((option,))
    full = os.path.join(directory, name.strip())
    if project is not None and not inside(full, project):
        message = f"{option}: {path} is outside the project (the folder of mkdocs.yml)"
        hint = (
            "keep the file in the project, or allow it in mkdocs.yml with the plugin's "
            "`allow_files_outside_project: true`"
        )
        result.problems.append(Problem(database_path, *at, message, hint))
        return result, None
    raw, refused = _read(full, path)
    if raw is None:
        result.problems.append(Problem(database_path, *at, f"{option}: {refused}"))
        return result, None
    text, problems = decode(raw, path)
    if text is None:
        result.problems += problems
    return result, text


def own_references(data: Any) -> dict[str, Any]:
    """The references written in the database itself."""
    own = data.get("references") if isinstance(data, dict) else None
    return own if isinstance(own, dict) else {}


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


def cited_keys(data: Any) -> Iterator[str]:
    """Every key the database cites: `ref` of its citations, `[@key]` and `@key` in its texts."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "references":
                continue
            if name == "ref" and isinstance(value, str):
                yield value
            else:
                yield from cited_keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from cited_keys(value)
    elif isinstance(data, str) and "@" in data:
        yield from parse_citations(data).keys()
