"""Read the claims database from disk: parse, validate, survey translations, build the model."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import bibtex_file, csl_file, schema
from .languages import Languages
from .model import Debate, KeptPairs
from .problems import DatabaseError, Problem
from .translations import PlainTexts, Survey, SurveyItems, plain_texts, survey
from .validate import ItemChecks, validate
from .yaml_pieces import Pieces
from .yaml_source import Loader, SourceMap, decode, parse


@dataclass(frozen=True)
class Checked:
    """What checking a database file found."""

    data: dict[str, object] | None  # None when the file could not be read as YAML
    problems: list[Problem]
    translations: Survey | None  # None without data
    languages: Languages | None = None  # None without data


@dataclass(frozen=True)
class Loaded:
    debate: Debate
    problems: list[Problem]  # warnings and notes: a database with errors does not load
    translations: Survey
    languages: Languages


def load_debate(
    path: str | Path,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    name: str | None = None,
) -> tuple[Debate, list[Problem]]:
    """The debate in the database at `path`, and the warnings about it.

    Problems name the file as `name` (default: `path`). Raises `DatabaseError` with every
    problem of the file when there is any error, and `OSError` when the file cannot be read.
    """
    loaded = load_database(path, languages, name=name)
    return loaded.debate, loaded.problems


@dataclass
class Reloading:
    """What one load of a database leaves for the next load of the same file (`mkdocs
    serve`), so that an edit is read and checked alone: the pieces of the file as read
    (`yaml_pieces`), what checking each claim found (`validate.ItemChecks`), its texts as
    the model reads them (`translations.PlainTexts`), their translations
    (`translations.SurveyItems`) and their pairs (`model.KeptPairs`). The result is the same
    as a load without it."""

    pieces: Pieces = field(default_factory=Pieces)
    items: ItemChecks = field(default_factory=ItemChecks)
    plain: PlainTexts = field(default_factory=PlainTexts)
    survey: SurveyItems = field(default_factory=SurveyItems)
    pairs: KeptPairs = field(default_factory=KeptPairs)


def load_database(
    path: str | Path,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    *,
    name: str | None = None,
    allow_incomplete_translations: bool = False,
    project: str | None = None,
    raw: bytes | None = None,
    reloading: Reloading | None = None,
) -> Loaded:
    """Like `load_debate`, with the state of the translations. Missing and outdated
    translations are warnings, or notes with `allow_incomplete_translations`. With
    `project`, files the database names must be inside that folder. `raw`: the file's
    bytes, when the caller has read them already. `reloading`: what the last load of the
    same file left, to read and check only what changed (`mkdocs serve`)."""
    name = name or os.fspath(path)
    directory = os.path.dirname(os.fspath(path))
    if raw is None:
        with open(path, "rb") as f:
            raw = f.read()
    checked = check_database(
        raw,
        name,
        languages,
        directory=directory,
        allow_incomplete_translations=allow_incomplete_translations,
        project=project,
        reloading=reloading,
    )
    data, problems, translations = checked.data, checked.problems, checked.translations
    bibtex, csl = (
        _named(data, option, directory) for option in ("references_bibtex", "references_csl")
    )
    if (
        data is None
        or translations is None
        or checked.languages is None
        or any(p.severity == "error" for p in problems)
    ):
        raise DatabaseError(name, problems, tuple(f for f in (bibtex, csl) if f))
    plain = reloading.plain(data) if reloading else plain_texts(data)
    made = Debate.from_mapping(plain, reloading.pairs if reloading else None)
    debate = dataclasses.replace(made, bibtex=bibtex, csl=csl)
    return Loaded(debate, problems, translations, checked.languages)


def _named(data: dict[str, object] | None, option: str, directory: str) -> str | None:
    """The path of a file the database names with `option`, from the current folder."""
    named = data.get(option) if data is not None else None
    return os.path.join(directory, named) if isinstance(named, str) and named else None


def check(
    raw: bytes,
    name: str,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    loader: Loader | None = None,
) -> tuple[dict[str, object] | None, list[Problem]]:
    """The data of a database file's bytes and all its problems; no data if unreadable."""
    checked = check_database(raw, name, languages, loader)
    return checked.data, checked.problems


def check_database(
    raw: bytes,
    name: str,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    loader: Loader | None = None,
    *,
    directory: str | None = None,
    allow_incomplete_translations: bool = False,
    project: str | None = None,
    engine: bool = False,
    reloading: Reloading | None = None,
) -> Checked:
    """Everything `check` finds, with the state of the translations.

    `languages` are the site's, its default first; the database may name another one as
    the language it was written in. Files the database names are looked for in `directory`
    (default: the database's), and with `project` only inside that folder. With `engine`,
    references that pass every rule are formatted too, and those the citation engine refuses
    are reported at their key (`check` does this; a build reports the engine's error).
    """
    text, problems = decode(raw, name)
    if text is None:
        return Checked(None, problems, None)
    parsed = parse(text, name, loader, reloading.pieces if reloading else None)
    if not parsed.readable:
        return Checked(None, parsed.problems, None)
    external = bibtex_file.load(parsed.data, parsed.source, name, directory, project)
    exported = csl_file.load(parsed.data, parsed.source, name, directory, project)
    site = Languages.of(languages, parsed.data)
    elsewhere = external.keys | exported.keys
    problems = [
        *parsed.problems,
        *validate(
            parsed.data,
            parsed.source,
            name,
            site.of_texts,
            elsewhere,
            reloading.items if reloading else None,
        ),
        *external.problems,
        *exported.problems,
    ]
    data = parsed.data if isinstance(parsed.data, dict) else None
    translations = None
    if data is not None:
        kept = reloading.survey if reloading else None
        translations = survey(data, parsed.source, site.of_texts, kept)
        problems += translations.problems(name, allow_incomplete_translations)
        if external.items or exported.items:
            own = data.get("references")
            if own is None or isinstance(own, dict):
                merged = {**(own or {}), **external.items, **exported.items}
                data = {**data, "references": merged}
    if engine and data is not None:
        written = parsed.data.get("references") if isinstance(parsed.data, dict) else None
        own = set(written) if isinstance(written, dict) else set()
        problems += _engine_problems(data, own, exported.keys, parsed.source, name, problems)
    # The database's problems first, then those of the BibTeX file.
    problems.sort(key=lambda p: (p.path != name, p.line, p.column))
    return Checked(data, problems, translations, site)


def _engine_problems(
    data: dict[str, object],
    own: set[str],
    exported: set[str],
    source: SourceMap,
    name: str,
    found: Sequence[Problem],
) -> list[Problem]:
    """References the citation engine refuses, at their key in the database, or, for those
    of a BibTeX or CSL-JSON file, at the option that names it. A reference with an error of its own
    already is left out: its problem is that error."""
    from ..citations.bibliography import unformattable

    references = data.get("references")
    if not isinstance(references, dict) or not references:
        return []
    wrong = {p.message.split(":")[0] for p in found if p.severity == "error"}
    references = {
        key: item
        for key, item in references.items()
        if isinstance(item, dict)
        and not any(w == f"references.{key}" or w.startswith(f"references.{key}.") for w in wrong)
    }
    problems = []
    for key, message in unformattable(references).items():
        where = ("references", key) if key in own else ("references_bibtex",)
        if key in exported:
            where = ("references_csl",)
        line, column = source.key(where)
        problems.append(
            Problem(
                name,
                line,
                column,
                f"references.{key}: the citation engine cannot format it: {message}",
            )
        )
    return problems
