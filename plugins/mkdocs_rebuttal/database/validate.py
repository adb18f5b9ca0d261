"""Check plain database data against the schema, then the rules that tie its parts together.

Errors (the site would be wrong or incomplete): every schema rule, including a text missing
in the site's default language (the original); an unknown person, an unknown reference (in
`citations` or cited in a text, `[@key]` or `@key`); a citation in a text that does not
parse (`citation_syntax.py`); two claims with one id; a date that is not in the calendar.
Missing and outdated translations are the business of `translations.py`.

Warnings (the site is right, but something was probably forgotten): a translation in a
language the site does not show; a citation in a text that the statement's `citations` do not
list (so it has no locator, note or fit); translations of a text that cite different works;
a reference that nothing cites; two references with the same DOI or arXiv id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import schema as s
from .citation_syntax import parse as parse_citations
from .describe import DataPath, describe_path, kind_of
from .kept import Kept
from .problems import Problem, Severity, code, did_you_mean, nearest
from .text_positions import Position
from .text_rules import markup_problems, text_problems
from .yaml_source import UNREADABLE, SourceMap


class ItemChecks:
    """What checking each item of a top-level list or mapping (a claim, a reference) found,
    kept for the next check of the same file (`mkdocs serve`). An item the file's reader
    hands over again as the same object (`yaml_pieces`: its text did not change), at the same
    place, is not walked again: its problems and the references it names are those found
    last time. An item with texts in a language the site does not show is always walked:
    that warning is given once per file, by whichever item comes first."""

    def __init__(self) -> None:
        self.kept: Kept[_Found] = Kept()


@dataclass
class _Found:
    problems: list[Problem]
    refers: list[tuple[str, str, DataPath]]
    cited_texts: list[tuple[DataPath, dict[str, Any]]]


def validate(
    data: Any,
    source: SourceMap,
    path: str,
    languages: Sequence[str] = s.DEFAULT_LANGUAGES,
    known_references: Collection[str] = (),
    items: ItemChecks | None = None,
) -> list[Problem]:
    """All problems of the data read from the file `path`, in no particular order.

    `known_references` are keys of references kept elsewhere (a BibTeX file), which the
    database may cite as well as its own. `items`: what the last check of the same file
    found in each claim (`mkdocs serve`)."""
    check = _Checker(source, path, tuple(languages), items=items)
    if items is not None:
        items.kept.next_version()
    if data is None:
        check.report((1, 1), "the file is empty", "a database starts with `debate:`")
        return check.problems
    check.value(s.DATABASE, data, ())
    if isinstance(data, dict):
        _Links(check, data, known_references).run()
    return check.problems


def validate_references(items: Mapping[str, Any], source: SourceMap, path: str) -> list[Problem]:
    """The problems of reference items read from another file than the database: `source`
    places each item at `("references", key)` and its fields below that."""
    check = _Checker(source, path, ())
    for key, item in items.items():
        check.value(s.REFERENCE, item, ("references", key))
    return check.problems


def validate_keys(items: Mapping[str, Any], source: SourceMap, path: str) -> list[Problem]:
    """The problems of the keys of reference items read from another file than the
    database, placed at `("references", key)`."""
    check = _Checker(source, path, ())
    for key in items:
        check.value(s.REFERENCE_KEY, key, ("references", key))
    return check.problems


@dataclass
class _Checker:
    source: SourceMap
    path: str
    languages: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    # Values that name another part of the database, checked once the walk is over.
    refers: list[tuple[str, str, DataPath]] = field(default_factory=list)
    cited_texts: list[tuple[DataPath, dict[str, Any]]] = field(default_factory=list)
    other_languages: set[str] = field(default_factory=set)
    items: ItemChecks | None = None
    # A language outside the site's was seen: what is reported depends on items before.
    mixed: bool = False

    def report(
        self, at: Position, message: str, hint: str | None = None, severity: Severity = "error"
    ) -> None:
        self.problems.append(Problem(self.path, *at, message, hint, severity))

    def wrong_type(self, expected: str, value: Any, where: DataPath, hint: str | None) -> None:
        raw = self.source.raw_text(where)
        if raw is not None and expected == "text":
            hint = f'quote it: `"{raw}"`'
        elif value is None:
            hint = "fill it in, or remove the line"
        message = f"{describe_path(where)}: expected {expected}, found {kind_of(value)}"
        self.report(self.source.value(where), message, hint)

    def value(self, kind: s.Type, value: Any, where: DataPath) -> None:
        if value is UNREADABLE:
            return
        if isinstance(kind, s.Text):
            self.text(kind, value, where)
        elif isinstance(kind, s.Integer):
            self.integer(kind, value, where)
        elif isinstance(kind, s.Choice):
            if value not in kind.values or not isinstance(value, str):
                choices = ", ".join(f"`{v}`" for v in kind.values)
                hint = did_you_mean(str(value), kind.values) or f"one of {choices}"
                shown = code(value) if isinstance(value, str) else kind_of(value)
                message = f"{describe_path(where)}: {shown} is not allowed here"
                self.report(self.source.value(where), message, hint)
        elif isinstance(kind, s.Localized):
            self.localized(kind, value, where)
        elif isinstance(kind, s.Record):
            self.record(kind, value, where)
        elif isinstance(kind, s.MapOf):
            self.map_of(kind, value, where)
        elif isinstance(kind, s.ListOf):
            self.list_of(kind, value, where)
        else:
            self.tuple(kind, value, where)

    def text(self, kind: s.Text, value: Any, where: DataPath) -> None:
        if kind.numbers_ok and isinstance(value, int) and not isinstance(value, bool):
            return
        if not isinstance(value, str):
            self.wrong_type("text", value, where, None)
            return

        # Where the text is, found only for a report: most texts have none.
        def at() -> Position:
            return self.source.value(where)

        if kind.format is None:
            if s.is_blank(value):
                self.report(at(), f"{describe_path(where)}: the text is empty")
            for problem in text_problems(value):
                self.report(at(), f"{describe_path(where)}: {problem.message}", problem.hint)
            return
        if not kind.format.matches(value):
            guess = kind.format.suggest(value)
            hint = f"did you mean `{guess}`?" if guess else kind.format.rule
            self.report(at(), f"{describe_path(where)}: {kind.format.problem} {code(value)}", hint)
        elif value in kind.reserved:
            message = f"{describe_path(where)}: `{value}` is reserved for a page of the site"
            self.report(at(), message, f"choose another, like `{value}-1`")
        elif kind.refers_to:
            self.refers.append((kind.refers_to, value, where))

    def integer(self, kind: s.Integer, value: Any, where: DataPath) -> None:
        if kind.digits_ok and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            hint = "write the number without quotes" if isinstance(value, str) else None
            self.wrong_type("a whole number", value, where, hint)
        elif not kind.minimum <= value <= kind.maximum:
            what = kind.description.rstrip(".").lower() or "number"
            message = f"{describe_path(where)}: {what} {value} is out of range"
            self.report(self.source.value(where), message, f"{kind.minimum} to {kind.maximum}")

    def localized(self, kind: s.Localized, value: Any, where: DataPath) -> None:
        if not isinstance(value, dict):
            example = ", ".join(f"{lang}: ..." for lang in self.languages)
            self.wrong_type("one text per language", value, where, f"write `{{{example}}}`")
            return
        original = self.languages[0]
        if original not in value:
            message = (
                f"{describe_path(where)}: missing the `{original}` text, the original "
                "that translations are made from"
            )
            self.report(self.source.key(where), message, f"add `{original}: ...`")
        for language, text in value.items():
            at = self.source.key((*where, language))
            if not s.LANGUAGE.matches(language):
                hint = did_you_mean(language, self.languages) or s.LANGUAGE.rule
                if text is None and isinstance(language, str) and not language.isalpha():
                    # `{en: An argument, not a measurement.}`: the comma ended the text, and
                    # YAML read the rest as a key without a value.
                    hint = (
                        "a `,` inside `{...}` ends the text before it: put the whole text in "
                        'quotes, `en: "..., ..."`'
                    )
                message = f"{describe_path(where)}: {s.LANGUAGE.problem} {code(language)}"
                self.report(at, message, hint)
                continue
            elif language not in self.languages:
                self.mixed = True
            if language not in self.languages and language not in self.other_languages:
                # Once per language: a database may well hold more than one site shows.
                self.other_languages.add(language)
                message = (
                    f"{describe_path(where)}: `{language}` is not a language of the site; "
                    "its texts are not shown"
                )
                self.report(at, message, did_you_mean(language, self.languages), "warning")
            self.localized_text(language == original, text, (*where, language))
            self.markup(kind, text, (*where, language))
        if kind.cites:
            self.cited_texts.append((where, value))

    def markup(self, kind: s.Localized, value: Any, where: DataPath) -> None:
        if isinstance(value, dict):  # a translation that records its original
            value, where = value.get("text"), (*where, "text")
        if isinstance(value, str):
            for problem in markup_problems(value, kind.cites):
                message = f"{describe_path(where)}: {problem.message}"
                self.report(self.source.value(where), message, problem.hint)

    def localized_text(self, is_original: bool, value: Any, where: DataPath) -> None:
        if not isinstance(value, dict):
            self.text(s.TEXT, value, where)
        elif is_original:
            hint = "the original is no translation: write its text alone, without `from`"
            self.wrong_type("text", value, where, hint)
        else:
            self.record(s.TRANSLATION, value, where)

    def record(self, kind: s.Record, value: Any, where: DataPath) -> None:
        if not isinstance(value, dict):
            self.wrong_type("a mapping of fields", value, where, None)
            return
        for name, item in value.items():
            spec = kind.fields.get(name)
            if spec is None and name in kind.dropped:
                message = f"{describe_path(where)}: field {code(name)} is not used"
                self.report(self.source.key((*where, name)), message, kind.dropped[name], "note")
            elif spec is None:
                hint = kind.misplaced.get(name) or did_you_mean(name, kind.fields)
                message = f"{describe_path(where)}: unknown field {code(name)}"
                self.report(self.source.key((*where, name)), message, hint)
            else:
                self.value(spec.type, item, (*where, name))
        for name, spec in kind.fields.items():
            if spec.required and name not in value:
                message = f"{describe_path(where)}: missing required field `{name}`"
                self.report(self.source.key(where), message)
        if kind.needs_one_of and not any(name in value for name in kind.needs_one_of):
            names = " or ".join(f"`{name}`" for name in kind.needs_one_of)
            self.report(self.source.key(where), f"{describe_path(where)}: needs {names}")

    def map_of(self, kind: s.MapOf, value: Any, where: DataPath) -> None:
        if not isinstance(value, dict):
            self.wrong_type("a mapping", value, where, None)
            return
        for key, item in value.items():
            at = self.source.key((*where, key))
            if isinstance(kind.keys, s.Choice):
                if key not in kind.keys.values:
                    message = f"{describe_path(where)}: unknown field {code(key)}"
                    self.report(at, message, did_you_mean(key, kind.keys.values))
                    continue
            elif kind.keys.format and not kind.keys.format.matches(key):
                guess = kind.keys.format.suggest(key)
                hint = f"did you mean `{guess}`?" if guess else kind.keys.format.rule
                problem = kind.keys.format.problem
                self.report(at, f"{describe_path(where)}: {problem} {code(key)}", hint)
            elif key in kind.keys.reserved:
                message = f"{describe_path(where)}: `{key}` is reserved for a page of the site"
                self.report(at, message, f"choose another, like `{key}-1`")
            self.entry(kind.values, item, (*where, key))

    def list_of(self, kind: s.ListOf, value: Any, where: DataPath) -> None:
        if not isinstance(value, list):
            self.wrong_type("a list", value, where, None)
            return
        at = self.source.value(where)
        if len(value) < kind.min_items:
            self.report(at, f"{describe_path(where)}: needs at least {kind.min_items} entries")
        if kind.max_items is not None and len(value) > kind.max_items:
            self.report(at, f"{describe_path(where)}: has more than {kind.max_items} entries")
        first: dict[str, DataPath] = {}
        for index, item in enumerate(value):
            self.entry(kind.items, item, (*where, index))
            if kind.unique and isinstance(item, dict) and isinstance(item.get(kind.unique), str):
                key, key_at = item[kind.unique], (*where, index, kind.unique)
                if key in first:
                    line, column = self.source.value(first[key])
                    what = (
                        f"{kind.items.name} {kind.unique}"
                        if isinstance(kind.items, s.Record)
                        else kind.unique
                    )
                    message = (
                        f"{describe_path((*where, index, kind.unique))}: duplicate "
                        f"{what} {code(key)} (first at line {line}, column {column})"
                    )
                    hint = "list the work once" if kind.unique == "ref" else "rename one"
                    self.report(self.source.value(key_at), message, hint)
                else:
                    first[key] = key_at

    def entry(self, kind: s.Type, item: Any, where: DataPath) -> None:
        """An item of a list or mapping; one of a top-level list or mapping (a claim, a
        reference) is looked up in `items` first."""
        if self.items is None or len(where) != 2 or not isinstance(item, dict):
            self.value(kind, item, where)
            return
        key = (where, self.path, self.languages, id(kind))
        at = self.source.value(where)
        found = self.items.kept.find(key, item, at)
        if found is not None:
            self.problems += found.problems
            self.refers += found.refers
            self.cited_texts += found.cited_texts
            return
        problems, refers, cited = len(self.problems), len(self.refers), len(self.cited_texts)
        mixed, self.mixed = self.mixed, False
        self.value(kind, item, where)
        if not self.mixed:
            found = _Found(self.problems[problems:], self.refers[refers:], self.cited_texts[cited:])
            self.items.kept.keep(key, item, found, at)
        self.mixed |= mixed

    def tuple(self, kind: s.Tuple, value: Any, where: DataPath) -> None:
        if not isinstance(value, list):
            self.wrong_type("a list", value, where, None)
            return
        at = self.source.value(where)
        if not kind.min_items <= len(value) <= len(kind.items):
            message = f"{describe_path(where)}: needs {kind.min_items} to {len(kind.items)} entries"
            self.report(at, message, kind.description or None)
            return
        before = len(self.problems)
        for index, (item_kind, item) in enumerate(zip(kind.items, value, strict=False)):
            self.value(item_kind, item, (*where, index))
        complaint = kind.semantic(value) if kind.semantic and len(self.problems) == before else None
        if complaint:
            self.report(at, f"{describe_path(where)}: {complaint}")


class _Links:
    """The rules between parts of the database: ids that must exist, citations."""

    def __init__(
        self, check: _Checker, data: dict[str, Any], elsewhere: Collection[str] = ()
    ) -> None:
        self.check = check
        self.data = data
        people, references = data.get("people"), data.get("references")
        self.people = people if isinstance(people, dict) else None
        self.references = references if isinstance(references, dict) else None
        if self.references is None and elsewhere:
            self.references = {}  # all references are elsewhere: still check the keys
        self.elsewhere = set(elsewhere)
        self.cited: set[str] = set()

    def run(self) -> None:
        for target, key, where in self.check.refers:
            self.resolve(target, key, where, functools.partial(self.check.source.value, where))
        for where, texts in self.check.cited_texts:
            self.inline_citations(where, texts)
        self.uncited_references()
        self.same_work_twice()

    def resolve(
        self,
        target: str,
        key: str,
        where: DataPath,
        at: Callable[[], Position],
        inline: bool = False,
    ) -> bool:
        """Whether `key` names a known person or reference; if not, reports it at `at()`."""
        known = self.people if target == "people" else self.references
        if target == "references":
            self.cited.add(key)
            if key in self.elsewhere:
                return True
        if known is None or key in known:
            return True
        if inline:
            message = f"{describe_path(where)}: {code(f'@{key}')} cites an unknown reference"
        else:
            what = "person" if target == "people" else "reference"
            message = f"{describe_path(where)}: unknown {what} {code(key)}"
        kinds = "person ids" if target == "people" else "reference keys"
        candidates = [*known, *(self.elsewhere if target == "references" else ())]
        hint = nearest(key, candidates, kinds)
        if inline:
            # `正如 @hare2019所示`: letters of any script go on with the key.
            longest = max((k for k in candidates if key.startswith(k)), key=len, default=None)
            if longest:
                hint = (
                    f"the key goes on to the next space or punctuation: write `@{longest} "
                    f"{key[len(longest) :]}`, or `@{{{longest}}}{key[len(longest) :]}`"
                )
        self.check.report(at(), message, hint)
        return False

    def inline_citations(self, where: DataPath, texts: dict[str, Any]) -> None:
        statement = _at(self.data, where[:-1])
        listed = _listed_citations(statement)
        keys_by_language: dict[str, set[str]] = {}
        reported: set[str] = set()
        # A mistyped key, or a citation that does not parse, would show up a second time
        # as a difference between the translations.
        mistaken = False
        for language, entry in texts.items():
            # A translation that records its original holds the text under `text`.
            text_at = (*where, language, "text") if isinstance(entry, dict) else (*where, language)
            text = entry.get("text") if isinstance(entry, dict) else entry
            if not isinstance(text, str):
                continue
            keys_by_language[language] = set()
            mistaken |= self.citation_errors(text_at, text)
            for key, at in self.citations(text_at, text):
                keys_by_language[language].add(key)
                if not self.resolve("references", key, text_at, at, inline=True):
                    mistaken = True
                elif key not in listed and key not in reported:
                    reported.add(key)
                    message = (
                        f"{describe_path(where[:-1])}: `@{key}` is cited in the text "
                        "but not listed in `citations`"
                    )
                    hint = f"add `- ref: {key}` to its citations"
                    self.check.report(at(), message, hint, "warning")
        if not mistaken:
            self.translations_cite_alike(where, keys_by_language)

    def citation_errors(self, where: DataPath, text: str) -> bool:
        """Reports what starts like a citation in `text` and does not parse; True if any."""
        errors = parse_citations(text).errors
        for error in errors:
            at = self.check.source.offset(where, text, error.offset)
            self.check.report(at, f"{describe_path(where)}: {error.message}", error.hint)
        return bool(errors)

    def citations(self, where: DataPath, text: str) -> Iterator[tuple[str, Callable[[], Position]]]:
        """Each work a text cites, with what finds the place of its `@` in the file: only
        asked when there is something to report, as finding it costs more than the check."""
        source = self.check.source
        for cluster in parse_citations(text).clusters:
            for item in cluster.items:
                yield item.key, functools.partial(source.offset, where, text, item.at)

    def translations_cite_alike(self, where: DataPath, keys: dict[str, set[str]]) -> None:
        everywhere = set().union(*keys.values()) if keys else set()
        for language, cited in keys.items():
            for key in sorted(everywhere - cited):
                others = [lang for lang, k in keys.items() if key in k]
                message = (
                    f"{describe_path((*where, language))}: does not cite `@{key}`, "
                    f"which the `{others[0]}` text cites"
                )
                at = self.check.source.value((*where, language))
                self.check.report(at, message, "translations should cite the same works", "warning")

    def uncited_references(self) -> None:
        for key in self.references or ():
            if key not in self.cited:
                message = f"references: {code(key)} is not cited anywhere"
                at = self.check.source.key(("references", key))
                self.check.report(at, message, "cite it in a statement, or remove it", "warning")

    def same_work_twice(self) -> None:
        for field_name, normal in (("DOI", str.lower), ("arxiv", _without_version)):
            first: dict[str, str] = {}
            for key, item in (self.references or {}).items():
                value = item.get(field_name) if isinstance(item, dict) else None
                if not isinstance(value, str):
                    continue
                if normal(value) in first:
                    message = (
                        f"references: `{key}` has the same {field_name} as `{first[normal(value)]}`"
                    )
                    at = self.check.source.value(("references", key, field_name))
                    self.check.report(at, message, "merge them into one reference", "warning")
                else:
                    first[normal(value)] = key


def _without_version(arxiv_id: str) -> str:
    return re.sub(r"v[0-9]+$", "", arxiv_id)


def _at(data: Any, where: DataPath) -> Any:
    for part in where:
        data = data[part]
    return data


def _listed_citations(statement: Any) -> set[str]:
    citations = statement.get("citations") if isinstance(statement, dict) else None
    if not isinstance(citations, list):
        return set()
    return {c["ref"] for c in citations if isinstance(c, dict) and isinstance(c.get("ref"), str)}
