"""Database Markdown as plain text, for places that show no formatting: map labels, JSON-LD.

The same reduction the page titles get (`markdown.PageWriter._plain`): no citations in
brackets, a link's text without its address, no emphasis marks, one line. A narrative
citation (`@hare2019 says`) is part of the sentence: the caller says how it reads, else it
stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..database.citation_syntax import Cluster, parse
from .escaping import INLINE_LINK

Narrative = Callable[[Cluster], "str | None"]
"""The words of a narrative citation ("Hare (2019)"), or None to leave it as written."""

_EMPHASIS = re.compile(r"[*_`#]")
# `\@` is Pandoc's literal @, which Markdown does not know: the backslash would show.
_ESCAPED_AT = re.compile(r"(?<!\\)((?:\\\\)*)\\@")


def plain_text(markdown: str, narrative: Narrative | None = None) -> str:
    value = unescaped(without_citations(markdown, narrative))
    # A link's text without its address; the pattern is linear in the text's length.
    value = INLINE_LINK.sub(r"\g<text>", value)
    value = _EMPHASIS.sub("", value)
    return " ".join(value.split())


def without_citations(text: str, narrative: Narrative | None = None) -> str:
    """`text` without its citations in brackets (and the white space before them); narrative
    ones replaced by what `narrative` makes of them."""
    if "@" not in text:
        return text
    parts = []
    done = 0
    for cluster in parse(text).clusters:
        before = text[done : cluster.start]
        if cluster.narrative:
            words = narrative(cluster) if narrative else None
            parts += [before, text[cluster.start : cluster.end] if words is None else words]
        else:
            parts.append(before.rstrip())
        done = cluster.end
    parts.append(text[done:])
    return "".join(parts)


def unescaped(text: str) -> str:
    """`text` with Pandoc's `\\@` written as the `@` it stands for."""
    return _ESCAPED_AT.sub(r"\1@", text) if "\\@" in text else text
