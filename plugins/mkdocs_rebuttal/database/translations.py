"""Which translations are missing, which are out of date, and which cannot tell.

The site's default language is the original. A translation may record the fingerprint of
the original it was made from:

    title:
      zh: 目标要大
      en: {text: Aim big, from: 25fc6a0e}

When the original changes, its fingerprint changes, and the translation is outdated. A
translation written as plain text records nothing; whether it is current cannot be told.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import schema as s
from .describe import DataPath, describe_path
from .kept import Kept
from .problems import Problem, Severity
from .text_positions import Position
from .yaml_source import SourceMap

State = Literal["current", "outdated", "missing", "unstamped"]
STATES: tuple[State, ...] = ("current", "outdated", "missing", "unstamped")
GAPS: tuple[State, ...] = ("missing", "outdated")
"""What a reader of the translation is told about: the rest reads as translated."""


def fingerprint(text: str) -> str:
    """8 hex digits of SHA-256 of the text, NFC-normalized with whitespace runs made one
    space: re-wrapping a paragraph or re-typing a character in its other Unicode form does
    not make the translations outdated."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    # A lone surrogate (`"\ud800"` in YAML) is refused by the checker, which reports it;
    # the survey runs beside the checker and must not stop first.
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def text_of(value: Any) -> str | None:
    """The text of one language's entry: plain text, or the `text` of a translation record."""
    if isinstance(value, dict):
        value = value.get("text")
    return value if isinstance(value, str) else None


def recorded_fingerprint(value: Any) -> str | None:
    found = value.get("from") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def localized_fields(data: Any) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """Every localized text of the database, with its path, in the file's order."""
    yield from _fields(s.DATABASE, data, ())


def _fields(kind: s.Type, value: Any, where: DataPath) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    if isinstance(kind, s.Localized):
        if isinstance(value, dict):
            yield where, value
    elif isinstance(kind, s.Record) and isinstance(value, dict):
        for name, item in value.items():
            if (spec := kind.fields.get(name)) is not None:
                yield from _fields(spec.type, item, (*where, name))
    elif isinstance(kind, s.MapOf) and isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(kind.values, item, (*where, key))
    elif isinstance(kind, s.ListOf) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fields(kind.items, item, (*where, index))


def plain_texts(data: Any) -> Any:
    """The data with every translation record replaced by its text, as the model wants it."""
    return _plain(s.DATABASE, data)


class PlainTexts:
    """`plain_texts`, keeping each item of a top-level list or mapping (a claim, a reference)
    for the next load of the same file (`mkdocs serve`): an item the file's reader hands over
    again as the same object is not made again."""

    def __init__(self) -> None:
        self._kept: Kept[Any] = Kept()

    def __call__(self, data: Any) -> Any:
        if not isinstance(data, dict):
            return plain_texts(data)
        self._kept.next_version()

        def item(kind: s.Type, value: Any) -> Any:
            return self._kept.get(id(value), value, lambda: _plain(kind, value))

        fields = s.DATABASE.fields
        plain: dict[str, Any] = {}
        for name, value in data.items():
            spec = fields.get(name)
            kind = spec.type if spec is not None else None
            if isinstance(kind, s.ListOf) and isinstance(value, list):
                plain[name] = [item(kind.items, entry) for entry in value]
            elif isinstance(kind, s.MapOf) and isinstance(value, dict):
                plain[name] = {key: item(kind.values, entry) for key, entry in value.items()}
            else:
                plain[name] = _plain(kind, value) if kind is not None else value
        return plain


def _plain(kind: s.Type, value: Any) -> Any:
    if isinstance(kind, s.Localized) and isinstance(value, dict):
        return {lang: text_of(text) for lang, text in value.items()}
    if isinstance(kind, s.Record) and isinstance(value, dict):
        return {
            name: _plain(kind.fields[name].type, item) if name in kind.fields else item
            for name, item in value.items()
        }
    if isinstance(kind, s.MapOf) and isinstance(value, dict):
        return {key: _plain(kind.values, item) for key, item in value.items()}
    if isinstance(kind, s.ListOf) and isinstance(value, list):
        return [_plain(kind.items, item) for item in value]
    return value


@dataclass(frozen=True)
class Translation:
    """One text in one translated language."""

    where: DataPath  # the localized field: ("claims", 0, "claim", "title")
    language: str
    state: State
    at: Position  # where to look: the `from` of an outdated one, the field of a missing one
    original: str  # the fingerprint of the original now
    recorded: str | None = None  # the fingerprint the translation records

    @property
    def path(self) -> DataPath:
        return (*self.where, self.language)


@dataclass(frozen=True)
class Survey:
    """The state of every translation of a database."""

    original: str  # the default language
    languages: tuple[str, ...]  # the translated ones, in the site's order
    translations: tuple[Translation, ...]

    def of(self, language: str) -> list[Translation]:
        return [t for t in self.translations if t.language == language]

    def gaps(self, language: str | None = None) -> list[Translation]:
        """Missing and outdated translations, of one language or of all."""
        return [
            t
            for t in self.translations
            if t.state in GAPS and (language is None or t.language == language)
        ]

    def counts(self, language: str) -> dict[State, int]:
        counts = dict.fromkeys(STATES, 0)
        for translation in self.of(language):
            counts[translation.state] += 1
        return counts

    def problems(self, path: str, allow_incomplete: bool = False) -> list[Problem]:
        """A problem per gap: a warning, or with `allow_incomplete` a note."""
        severity: Severity = "note" if allow_incomplete else "warning"
        found = []
        for t in self.gaps():
            name = describe_path(t.where)
            if t.state == "missing":
                message = (
                    f"{name}: missing translation `{t.language}`; "
                    f"the `{self.original}` text is shown"
                )
                found.append(Problem(path, *t.at, message, None, severity))
            else:
                message = (
                    f"{describe_path(t.path)}: outdated translation: the `{self.original}` text "
                    f"has changed since (from: {t.recorded}, now {t.original})"
                )
                hint = f"update the translation, then write `from: {stamp_value(t.original)}`"
                found.append(Problem(path, *t.at, message, hint, severity))
        return found


def survey(
    data: Any,
    source: SourceMap,
    languages: Sequence[str],
    kept: SurveyItems | None = None,
) -> Survey:
    """Every translation the database's texts have or lack, in the file's order. `kept`:
    what the last survey of the same file found in each claim (`mkdocs serve`)."""
    original, *translated = languages
    if kept is not None and isinstance(data, dict):
        found = kept.survey(data, source, original, translated)
    else:
        found = list(_translations(localized_fields(data), source, original, translated))
    return Survey(original, tuple(translated), tuple(found))


def _translations(
    fields: Iterable[tuple[DataPath, dict[str, Any]]],
    source: SourceMap,
    original: str,
    translated: Sequence[str],
) -> Iterator[Translation]:
    for where, texts in fields:
        source_text = texts.get(original)
        if not isinstance(source_text, str):
            continue  # no original: the validator reports it
        current = fingerprint(source_text)
        for language in translated:
            if (translation := _translation(where, language, texts, current, source)) is not None:
                yield translation


class SurveyItems:
    """The translations of each item of a top-level list or mapping (a claim, a reference),
    kept for the next survey of the same file (`mkdocs serve`): an item the file's reader
    hands over again as the same object, at the same place, has the same translations."""

    def __init__(self) -> None:
        self._kept: Kept[list[Translation]] = Kept()

    def survey(
        self, data: dict[str, Any], source: SourceMap, original: str, translated: Sequence[str]
    ) -> list[Translation]:
        self._kept.next_version()
        found: list[Translation] = []
        languages = (original, *translated)
        for name, value in data.items():
            spec = s.DATABASE.fields.get(name)
            if spec is None:
                continue
            kind = spec.type
            if isinstance(kind, s.ListOf) and isinstance(value, list):
                entries: Iterable[tuple[Any, Any]] = enumerate(value)
                of = kind.items
            elif isinstance(kind, s.MapOf) and isinstance(value, dict):
                entries, of = value.items(), kind.values
            else:
                fields = _fields(kind, value, (name,))
                found += _translations(fields, source, original, translated)
                continue
            for step, entry in entries:
                where: DataPath = (name, step)
                made = self._kept.find((where, languages), entry, source.value(where))
                if made is None:
                    fields = _fields(of, entry, where)
                    made = list(_translations(fields, source, original, translated))
                    self._kept.keep((where, languages), entry, made, source.value(where))
                found += made
        return found


def _translation(
    where: DataPath, language: str, texts: Mapping[str, Any], current: str, source: SourceMap
) -> Translation | None:
    if language not in texts:
        return Translation(where, language, "missing", source.key(where), current)
    entry = texts[language]
    if text_of(entry) is None:
        return None  # not text: the validator reports it
    at = source.key((*where, language))
    if not isinstance(entry, dict):
        return Translation(where, language, "unstamped", at, current)
    recorded = recorded_fingerprint(entry)
    if recorded is None or not s.FINGERPRINT.matches(recorded):
        return None  # a malformed record: the validator reports it
    if recorded != current:
        at = source.value((*where, language, "from"))
        return Translation(where, language, "outdated", at, current, recorded)
    return Translation(where, language, "current", at, current, recorded)


def stamp_value(fingerprint: str) -> str:
    """A fingerprint as YAML must read it: all-digit ones would be numbers without quotes."""
    return f'"{fingerprint}"' if fingerprint.isdigit() else fingerprint


def status_lines(survey: Survey) -> list[str]:
    """One line per translated language: 'en: 40 up to date, 1 outdated, ...'."""
    lines = []
    for language in survey.languages:
        counts = survey.counts(language)
        lines.append(
            f"translations into {language}: {counts['current']} up to date, "
            f"{counts['outdated']} outdated, {counts['missing']} missing, "
            f"{counts['unstamped']} without fingerprint"
        )
    return lines


def translation_line(path: str, translation: Translation, stamped: bool = False) -> str:
    """'data/claims.yaml:57:9: claims[0].claim.text.en: outdated (from: 3f2a9c1b, now ...)'."""
    t = translation
    line, column = t.at
    where = f"{path}:{line}:{column}: {describe_path(t.path)}"
    if stamped:
        return f"{where}: stamped (from: {t.recorded})"
    if t.state == "outdated":
        return f"{where}: outdated (from: {t.recorded}, now {t.original})"
    if t.state == "unstamped":
        return f"{where}: no fingerprint (the original's is {t.original})"
    return f"{where}: {t.state}"
