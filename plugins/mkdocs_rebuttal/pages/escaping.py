"""Database text as Markdown that can carry emphasis, links and code, and nothing else.

Python-Markdown reads more than the database may say: raw HTML, attribute lists
(`*x*{: #__config onclick=... }`, which give an element of the page any id, class or
attribute, and an id can clobber the theme's `<script id="__config">`), and brackets it
scans to the end of the text once per `[` (40 KB of `[` take hours). So, in one linear pass:

- HTML is escaped (`<` is text);
- `{` and a backtick become character references: no attribute list can come from the
  database (every one starts with `{`), and a backslash before them cannot undo that as it
  would undo a backslash escape;
- a `[` that does not start an inline link `[text](address)` becomes one too, so Markdown
  has no bracket left to search from;
- a code span is written as a `<code>` element whose every ASCII punctuation character is a
  character reference: Markdown leaves its content alone, and backticks never reach it, so
  where a code span starts and ends is decided here, never by Markdown's own rules.

What is left for Markdown: emphasis, inline links, line breaks and the block structure.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

# An inline link whose text holds no bracket and whose address no space nor unbalanced
# parenthesis (one level of them, as in Wikipedia's addresses), with an optional title.
# Every alternative is decided by its first character: the match is linear.
INLINE_LINK = re.compile(r'\[(?P<text>[^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)')
_BACKTICKS = re.compile(r"`+")
# Paragraphs, each with the blank lines that end it: no code span crosses one.
_PARAGRAPHS = re.compile(r"(?<=\n)(?=[ \t]*\n)")


def markdown_text(text: str) -> str:
    """`text`, which holds no citation (the caller has taken them out), as Markdown: see
    the module's docstring."""
    out: list[str] = []
    at = 0
    for start, end, ticks in _code_spans(text):
        out.append(_outside_code(text[at:start]))
        out.append("<code>" + _code_content(text[start + ticks : end - ticks]) + "</code>")
        at = end
    out.append(_outside_code(text[at:]))
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, backticks) of each code span: a run of backticks closed by the next run
    of the same length in the same paragraph, as Markdown reads them. Linear: each run is
    looked at once."""
    spans = []
    offset = 0
    for line in _PARAGRAPHS.split(text):
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
        following: dict[int, list[int]] = defaultdict(list)
        for index in range(len(runs) - 1, -1, -1):
            following[runs[index][1] - runs[index][0]].append(index)
        # following[n] lists the runs of length n, the leftmost last.
        index = 0
        while index < len(runs):
            start, end = runs[index]
            length = end - start
            candidates = following[length]
            while candidates and candidates[-1] <= index:
                candidates.pop()
            if candidates:
                close = candidates.pop()
                spans.append((offset + start, offset + runs[close][1], length))
                index = close + 1
            else:
                index += 1
        offset += len(line)
    return spans


def _code_content(code: str) -> str:
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        code = code[1:-1]  # the space that lets a code span start or end with a backtick
    return "".join(
        f"&#{ord(c)};" if c.isascii() and not c.isalnum() and c not in " \n" else c for c in code
    )


def _outside_code(text: str) -> str:
    text = html.escape(text, quote=False)
    text = text.replace("{", "&#123;").replace("`", "&#96;")
    if "[" not in text:
        return text
    out: list[str] = []
    at = 0
    while True:
        bracket = text.find("[", at)
        if bracket < 0:
            out.append(text[at:])
            return "".join(out)
        out.append(text[at:bracket])
        kept = INLINE_LINK.match(text, bracket)
        if kept is not None:
            # A link's text may hold more markup, but no bracket: nothing to escape inside.
            out.append(kept[0])
            at = kept.end()
        else:
            out.append("&#91;")
            at = bracket + 1
