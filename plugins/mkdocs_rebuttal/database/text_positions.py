"""Lines and columns as YAML counts them, for places the YAML parser does not report itself."""

from __future__ import annotations

import bisect
import re
from typing import Any

Position = tuple[int, int]
"""A 1-based (line, column)."""

# YAML 1.1, which both PyYAML parsers follow, breaks lines at NEL and the Unicode line and
# paragraph separators too; counting the same way keeps our positions in step with theirs.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class LineIndex:
    """Maps a character offset in a text to a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column); parsers place the end of a text
        without a final line break on the line after it, hence the clamping."""
        if line > len(self.starts):
            return self.length
        return min(self.starts[line - 1] + column - 1, self.length)


def position(mark: Any) -> Position:
    """The 1-based position of a PyYAML mark (libyaml's and PyYAML's count alike)."""
    return mark.line + 1, mark.column + 1
