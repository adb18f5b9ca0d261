"""Database Markdown as plain text, for places that show no formatting: map labels, JSON-LD.

The same reduction the page titles get (`render.PageWriter._plain`): no citation markers, a
link's text without its address, no emphasis marks, one line.
"""

from __future__ import annotations

import re

from ..database.model import CITE_MARKER

_MARKER_WITH_SPACE = re.compile(r"\s*" + CITE_MARKER.pattern)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`#]")


def plain_text(markdown: str) -> str:
    value = _MARKER_WITH_SPACE.sub("", markdown)
    value = _LINK.sub(r"\1", value)
    value = _EMPHASIS.sub("", value)
    return " ".join(value.split())
