"""Database Markdown as plain text, for places that show no formatting: map labels, JSON-LD.

The same reduction the page titles get (`render.PageWriter._plain`): no citation markers, a
link's text without its address, no emphasis marks, one line.
"""

from __future__ import annotations

import re

from ..database.model import CITE_MARKER
from .escaping import INLINE_LINK

# From the start of the spaces before a marker only: `\s*` tried at every space of a long run
# would scan the rest of the run each time.
_MARKER_WITH_SPACE = re.compile(r"(?<!\s)\s*" + CITE_MARKER.pattern)
_EMPHASIS = re.compile(r"[*_`#]")


def plain_text(markdown: str) -> str:
    value = _MARKER_WITH_SPACE.sub("", markdown)
    # A link's text without its address; the pattern is linear in the text's length.
    value = INLINE_LINK.sub(r"\g<text>", value)
    value = _EMPHASIS.sub("", value)
    return " ".join(value.split())
