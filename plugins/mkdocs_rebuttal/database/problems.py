"""What the checks report: problems with a place in the file, and the error that gathers them."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

# A note is reported but allowed: a gap in the translations of a site that publishes them
# incomplete. It never fails a check or a strict build.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a database file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # A report has one problem per line, whatever the values it quotes contain.
        object.__setattr__(self, "message", _visible(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", _visible(self.hint))

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def code(value: object, limit: int = 60) -> str:
    """A value from the file, quoted for a message and cut short if long."""
    text = str(value)
    return f"`{text[:limit]}…`" if len(text) > limit else f"`{text}`"


def _visible(text: str) -> str:
    """`text` with line breaks, controls and invisible characters written as escapes."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in _INVISIBLE
        else char
        for char in text
    )


_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def count(problems: Iterable[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity == severity)


def summary(path: str, problems: Sequence[Problem]) -> str:
    """'2 errors, 1 warning in data/claims.yaml'; notes are counted when there are any."""
    errors, warnings = count(problems, "error"), count(problems, "warning")
    counted = [_plural(errors, "error"), _plural(warnings, "warning")]
    if notes := count(problems, "note"):
        counted.append(_plural(notes, "note"))
    return f"{', '.join(counted)} in {path}"


def report(path: str, problems: Sequence[Problem]) -> str:
    """Every problem on its own line, in file order, then the summary."""
    lines = [str(p) for p in sorted(problems, key=lambda p: (p.line, p.column))]
    return "\n".join([*lines, summary(path, problems)])


class DatabaseError(Exception):
    """The database has at least one error; `problems` holds the warnings too."""

    def __init__(self, path: str, problems: Sequence[Problem], named: tuple[str, ...] = ()) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))
        # The files the database names (BibTeX, CSL-JSON), to watch while serving.
        self.named = named
        super().__init__(report(path, self.problems))


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the candidates close to `word`, or None when nothing is close."""
    close = _close(word, list(candidates))
    return f"did you mean {_either(close)}?" if close else None


def nearest(word: str, candidates: Iterable[str], what: str) -> str | None:
    """Like `did_you_mean`, but when nothing is close still name a few of the known ones,
    so that a reader who mistyped a key entirely sees what the keys look like."""
    known = list(candidates)
    if hint := did_you_mean(word, known):
        return hint
    if not known:
        return f"there are no {what}"
    ranked = sorted(known, key=lambda k: -difflib.SequenceMatcher(None, word, k).ratio())
    more = ", ..." if len(known) > 3 else ""
    return f"known {what}: {', '.join(f'`{k}`' for k in ranked[:3])}{more}"


def _close(word: str, candidates: list[str]) -> list[str]:
    # Case slips (`doi` for `DOI`) are the commonest mistake; they win over spelling ones.
    same_case = [c for c in candidates if c.lower() == word.lower() and c != word]
    if same_case:
        return same_case[:1]
    return difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)


def _either(words: list[str]) -> str:
    quoted = [f"`{w}`" for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
