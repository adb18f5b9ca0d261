"""What a text of the database may not hold, whatever YAML let through.

The YAML reader refuses control characters typed into the file, but a double-quoted escape
(`"\\u0007"`, `"\\x1b"`, `"\\ud800"`) puts the same characters into a value: they are refused
here alike. An embedding, override or isolate of the bidirectional algorithm (U+202A-U+202E,
U+2066-U+2068) left open goes on past its text into whatever the page puts next: an
unterminated right-to-left override reverses the rest of the page title and the site name.
And some Markdown would vanish from the page: an image (images are not shown, and its alt
text would go with it), or a citation marker where no citation is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .citation_syntax import parse
from .yaml_source import NON_PRINTABLE

# Besides what YAML refuses typed: carriage returns and NEL, which YAML reads as line breaks
# when they are typed, so that only an escape puts them into a value.
_CONTROL = re.compile(f"{NON_PRINTABLE.pattern}|[\r\x85]")
_OPENERS = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first-strong isolate",
}
_ISOLATES = "\u2066\u2067\u2068"
_POP_EMBEDDING = "\u202c"
_POP_ISOLATE = "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# `!` before an inline link: Markdown's image. (The link part is `pages.escaping`'s.)
_IMAGE = re.compile(r'!\[[^\[\]]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)')


@dataclass(frozen=True)
class TextProblem:
    offset: int  # where in the text, from 0
    message: str
    hint: str


def text_problems(text: str) -> Iterator[TextProblem]:
    """Characters no text may hold."""
    for match in _CONTROL.finditer(text):
        code = f"U+{ord(match[0]):04X}"
        yield TextProblem(
            match.start(),
            f"control character {code} (character {match.start() + 1} of the text)",
            "delete it: written as an escape it is refused like a typed one",
        )
    if max(text, default=" ") >= "\u202a":
        yield from _unterminated(text)


def markup_problems(text: str, cites: bool) -> Iterator[TextProblem]:
    """Markup of a text the pages show as Markdown that they would drop: an image, and
    where the text cites nothing (a title, a note), a citation marker."""
    if "![" in text:
        for match in _IMAGE.finditer(text):
            yield TextProblem(
                match.start(),
                f"an image, `{match[0][:40]}`: the pages show no images, nor their text",
                "link to it instead: remove the `!`",
            )
    if cites:
        return
    if "@" not in text:
        return
    for cluster in parse(text).clusters:
        written = text[cluster.start : cluster.end]
        yield TextProblem(
            cluster.start,
            f"`{written}`: only a statement's `text` cites; here the citation would be lost",
            "cite the work in the statement's text, and say the rest in words; `\\@` is an @ "
            "that cites nothing",
        )


def _unterminated(text: str) -> Iterator[TextProblem]:
    """Openers of the bidirectional algorithm that the text does not close."""
    stack: list[tuple[str, int]] = []
    for match in _BIDI.finditer(text):
        mark = match[0]
        if mark in _OPENERS:
            stack.append((mark, match.start()))
        elif mark == _POP_EMBEDDING:
            if stack and stack[-1][0] not in _ISOLATES:
                stack.pop()
        elif any(opener in _ISOLATES for opener, _ in stack):
            # A pop of an isolate closes it and every embedding opened inside it.
            while stack and stack.pop()[0] not in _ISOLATES:
                pass
    for mark, offset in stack:
        closer = "U+2069" if mark in _ISOLATES else "U+202C"
        yield TextProblem(
            offset,
            f"a {_OPENERS[mark]} (U+{ord(mark):04X}, character {offset + 1} of the text) "
            "that the text does not close",
            f"close it with {closer} within the text, or delete it",
        )
