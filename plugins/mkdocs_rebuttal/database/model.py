"""The debate as Python objects, built from an already validated mapping.

Nothing here knows about MkDocs or YAML: `Debate.from_mapping` takes the plain data that
the loader produced and checked, so that rendering code can rely on every field it reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .citation_syntax import parse as parse_citations
from .kept import Kept

# A localized text: language code -> text. Missing languages are allowed by the model; the
# validator decides whether a missing translation is an error.
Localized = Mapping[str, str]


def pick(text: Localized | None, language: str, fallback: str) -> str:
    """Text in `language`, else in `fallback`, else empty."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or ""


@dataclass(frozen=True)
class Person:
    id: str
    name: Localized
    about: Localized | None = None
    url: str | None = None


@dataclass(frozen=True)
class Citation:
    ref: str
    locator: Localized | None = None
    note: Localized | None = None
    # How well the cited work backs the statement: supports, partly, does-not-support.
    fit: str | None = None


@dataclass(frozen=True)
class Statement:
    by: str
    title: Localized
    text: Localized
    citations: tuple[Citation, ...] = ()

    def cited_keys(self) -> list[str]:
        """Reference keys in the order they are first cited: in the text (Pandoc's citations,
        `citation_syntax.py`), then the list."""
        return list(self._cited_keys)

    # Computed once: rendering asks every pair for its keys many times over (the bibliography
    # once per reference), and the model is immutable.
    @cached_property
    def _cited_keys(self) -> tuple[str, ...]:
        keys: dict[str, None] = {}
        for language_text in self.text.values():
            keys.update(dict.fromkeys(parse_citations(language_text).keys()))
            break  # every translation cites the same works; the first decides the order
        keys.update((c.ref, None) for c in self.citations)
        return tuple(keys)

    def citation(self, key: str) -> Citation:
        return next((c for c in self.citations if c.ref == key), Citation(key))


@dataclass(frozen=True)
class Pair:
    id: str
    claim: Statement
    counterclaim: Statement | None = None

    def statements(self) -> Iterator[Statement]:
        yield self.claim
        if self.counterclaim:
            yield self.counterclaim

    def cited_keys(self) -> list[str]:
        return list(self._cited_keys)

    @cached_property
    def _cited_keys(self) -> tuple[str, ...]:
        keys: dict[str, None] = {}
        for statement in self.statements():
            keys.update(dict.fromkeys(statement.cited_keys()))
        return tuple(keys)


@dataclass(frozen=True)
class Work:
    """A text that takes part in the debate: the essay itself, or the one it answers."""

    title: Localized
    author: str | None = None
    published_in: Localized | None = None
    url: str | None = None


@dataclass(frozen=True)
class Debate:
    title: Localized
    summary: Localized | None
    source: Work | None
    responds_to: Work | None
    people: Mapping[str, Person]
    pairs: tuple[Pair, ...]
    conclusion: Statement | None
    # CSL-YAML items keyed by citation key, as written in the database.
    references: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # The BibTeX file some of the references were read from, if any.
    bibtex: str | None = None
    # The CSL-JSON file some of the references were read from, if any.
    csl: str | None = None
    # The language the texts were written in, when the database names it.
    original_language: str | None = None

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        pairs: Callable[[Sequence[Any]], tuple[Pair, ...]] | None = None,
    ) -> Debate:
        """The debate of checked plain data. `pairs` makes the pairs of the claims' list
        (`KeptPairs`: those of the last load, where a claim is the same object)."""
        meta = data.get("debate") or {}
        claims = data.get("claims") or ()
        return cls(
            title=meta.get("title") or {},
            summary=meta.get("summary"),
            source=_work(meta.get("source")),
            responds_to=_work(meta.get("responds_to")),
            people={
                pid: Person(pid, p["name"], p.get("about"), p.get("url"))
                for pid, p in (data.get("people") or {}).items()
            },
            pairs=pairs(claims) if pairs else tuple(_pair(c) for c in claims),
            conclusion=_optional_statement(data.get("conclusion")),
            references=dict(data.get("references") or {}),
            original_language=meta.get("original_language"),
        )

    def citation_order(self) -> list[str]:
        """Reference keys in order of first citation, then the uncited ones as written."""
        # A dict keeps the order of first insertion and answers `in` at once: a list would
        # make this quadratic in the number of references.
        order: dict[str, None] = {}
        for pair in self.pairs:
            order.update(dict.fromkeys(pair.cited_keys()))
        if self.conclusion:
            order.update(dict.fromkeys(self.conclusion.cited_keys()))
        order.update(dict.fromkeys(self.references))
        return [k for k in order if k in self.references]

    def citing_pairs(self, key: str) -> list[Pair]:
        return list(self._citing_pairs.get(key, ()))

    # The bibliography asks this for every reference; scanning all pairs each time made a
    # database of thousands of pairs spend most of its rendering here.
    @cached_property
    def _citing_pairs(self) -> dict[str, list[Pair]]:
        index: dict[str, list[Pair]] = {}
        for pair in self.pairs:
            for key in pair.cited_keys():
                index.setdefault(key, []).append(pair)
        return index

    def person_name(self, person_id: str | None, language: str, fallback: str) -> str:
        if not person_id:
            return ""
        person = self.people.get(person_id)
        return pick(person.name, language, fallback) if person else person_id


def _work(data: Mapping[str, Any] | None) -> Work | None:
    if not data:
        return None
    return Work(data["title"], data.get("author"), data.get("published_in"), data.get("url"))


def _optional_statement(data: Mapping[str, Any] | None) -> Statement | None:
    return _statement(data) if data else None


def _statement(data: Mapping[str, Any]) -> Statement:
    return Statement(
        by=data["by"],
        title=data.get("title") or {},
        text=data["text"],
        citations=tuple(
            Citation(c["ref"], c.get("locator"), c.get("note"), c.get("fit"))
            for c in data.get("citations") or ()
        ),
    )


def _pair(claim: Mapping[str, Any]) -> Pair:
    return Pair(
        id=claim["id"],
        claim=_statement(claim["claim"]),
        counterclaim=_optional_statement(claim.get("counterclaim")),
    )


class KeptPairs:
    """The pairs of each load of the same file (`mkdocs serve`): a claim the loader hands
    over again as the same object gives the same `Pair`, so that comparing the pages of two
    versions of the site (`generate_site(previous=)`) finds an unchanged pair at once."""

    def __init__(self) -> None:
        self._kept: Kept[Pair] = Kept()

    def __call__(self, claims: Sequence[Any]) -> tuple[Pair, ...]:
        self._kept.next_version()
        return tuple(self._kept.get(id(c), c, functools.partial(_pair, c)) for c in claims)
