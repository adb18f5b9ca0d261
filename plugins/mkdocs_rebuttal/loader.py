"""Read the claims database from disk: parse, validate, and build the model."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from . import bibtex_references, schema
from .model import Debate
from .problems import DatabaseError, Problem
from .validate import validate
from .yaml_source import Loader, decode, parse


def load_debate(
    path: str | Path,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    name: str | None = None,
) -> tuple[Debate, list[Problem]]:
    """The debate in the database at `path`, and the warnings about it.

    Problems name the file as `name` (default: `path`). Raises `DatabaseError` with every
    problem of the file when there is any error, and `OSError` when the file cannot be read.
    """
    name = name or os.fspath(path)
    with open(path, "rb") as f:
        raw = f.read()
    data, problems = check(raw, name, languages, directory=os.path.dirname(os.fspath(path)))
    if data is None or any(p.severity == "error" for p in problems):
        raise DatabaseError(name, problems)
    bibtex = data.get("references_bibtex")
    debate = Debate.from_mapping(data)
    if isinstance(bibtex, str):
        directory = os.path.dirname(os.fspath(path))
        debate = dataclasses.replace(debate, bibtex=os.path.join(directory, bibtex))
    return debate, problems


def check(
    raw: bytes,
    name: str,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    loader: Loader | None = None,
    directory: str | None = None,
) -> tuple[dict[str, object] | None, list[Problem]]:
    """The data of a database file's bytes and all its problems; no data if unreadable.

    Files the database names are looked for in `directory` (default: the database's).
    """
    text, problems = decode(raw, name)
    if text is None:
        return None, problems
    parsed = parse(text, name, loader)
    if not parsed.readable:
        return None, parsed.problems
    external = bibtex_references.load(parsed.data, parsed.source, name, directory)
    problems = [
        *parsed.problems,
        *validate(parsed.data, parsed.source, name, languages, external.keys),
        *external.problems,
    ]
    data = parsed.data if isinstance(parsed.data, dict) else None
    if data is not None and external.items:
        own = data.get("references")
        if own is None or isinstance(own, dict):
            data = {**data, "references": {**(own or {}), **external.items}}
    # The database's problems first, then those of the BibTeX file.
    return data, sorted(problems, key=lambda p: (p.path != name, p.line, p.column))
