"""Reading a database again after an edit, without reading what did not change.

`mkdocs serve` reads the whole file on every save, though an editor changes one claim at a
time; at thousands of claims reading it is most of a rebuild. A database is a mapping of
top-level keys (`debate:`, `people:`, `claims:`, `references:`), the claims a list of items
(`- id: ...`). Each top-level key and each item of such a list is a *piece*: a text that YAML
reads the same alone as within the file. A piece whose text the last parse read is taken from
it, values and positions; the others are read.

A piece starts only where YAML itself cannot be inside anything else: a line that starts at
its first column with a plain key and a colon, or, under a key whose value starts on the next
line with a list, a line with `- ` at the indentation of that list's first item. Whatever else
stands at the first column (a document marker, a directive, a quoted key, a text's
continuation) sends the file to the whole-file reader, as does every problem, anchor or alias
found in a piece: the whole-file reader is the reference, and a report always comes from it,
with its positions and wording. A list item's piece is read with one level of nesting less
allowed, as in the file the top mapping holds its list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .describe import DataPath
from .text_positions import Position
from .yaml_source import NON_PRINTABLE, Loader, Parsed, SourceMap, _Composer, _Stop

# A top-level key YAML reads as plain text, and what follows it on its line.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$")


@dataclass
class _Piece:
    """A piece as read alone: its value, and where its values are in its own text."""

    value: Any
    source: SourceMap


@dataclass
class _Part:
    """A piece of the file: its text, the line it starts at, and where it goes."""

    text: str
    line: int  # 0-based: added to its own lines
    key: str
    item: bool  # a list item of `key`, else the key with its value


class _Pieces:
    """Where each value of one parse came from: a piece, the path within it, its first line."""

    def __init__(self) -> None:
        self.whole: dict[str, tuple[_Piece, int]] = {}
        self.items: dict[str, list[tuple[_Piece, int]]] = {}

    def find(self, path: DataPath) -> tuple[_Piece, DataPath, int] | None:
        if not path or not isinstance(path[0], str):
            return None
        key = path[0]
        if key in self.whole:
            piece, lines = self.whole[key]
            return piece, path, lines
        items = self.items.get(key)
        if items is None or len(path) < 2:
            return None
        index = path[1]
        if not isinstance(index, int) or not 0 <= index < len(items):
            return None
        piece, lines = items[index]
        return piece, (0, *path[2:]), lines


class Pieces:
    """The pieces of a file's last parse, kept by whoever parses it again (`mkdocs serve`)."""

    def __init__(self) -> None:
        self._known: dict[str, _Piece] = {}
        self.read = 0  # pieces the last parse read, not taken from the one before
        self.kept = 0

    def parse(self, text: str, path: str, loader: Loader) -> Parsed | None:
        """The parse of `text` made of pieces, or None where the whole-file reader must
        read it (see the module's notes)."""
        split = _split(text)
        if split is None:
            return None
        parts, named, listed = split
        known, self._known = self._known, {}
        self.read = self.kept = 0
        data: dict[str, Any] = {}
        source = SourceMap(text)
        index = _Pieces()
        source._pieces = index
        for part in parts:
            piece = known.get(part.text) or self._known.get(part.text)
            if piece is None:
                piece = _read(part, path, loader)
                if piece is None:
                    self._known = {}
                    return None
                self.read += 1
            else:
                self.kept += 1
            self._known[part.text] = piece
            if part.item:
                data.setdefault(part.key, []).append(piece.value[0])
                index.items.setdefault(part.key, []).append((piece, part.line))
            else:
                data[part.key] = piece.value[part.key]
                index.whole[part.key] = (piece, part.line)
        # What belongs to no piece: where the top mapping and each list of pieces start.
        source.values[()] = min([(parts[0].line + 1, 1), *named.values()])
        for part in parts:
            if part.item and (part.key,) not in source.values:
                source.values[(part.key,)] = (part.line + 1, listed[part.key])
        source.keys.update(named)
        return Parsed(data, source, [])


def _split(text: str) -> tuple[list[_Part], dict[DataPath, Position], dict[str, int]] | None:
    """The pieces of `text`, in order; where each key whose value is a list of pieces is
    named, and the column of that list; None when the text is not made only of pieces."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return None  # line breaks after which YAML counts lines otherwise than here
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    parts: list[_Part] = []
    named: dict[DataPath, Position] = {}
    seen: set[str] = set()
    listed: dict[str, int] = {}
    tops = list(_TOP_LINE.finditer(text))
    if not tops:
        return None
    lines = _Lines(text)
    for n, top in enumerate(tops):
        row = top[0].rstrip("\r")
        if row.startswith(("---", "...", "%", "-")):
            return None  # a document's marker, a directive, a list at the top
        match = _KEY.match(row)
        if match is None or match[1] in seen:
            return None
        key, rest = match[1], (match[2] or "").strip()
        seen.add(key)
        end = tops[n + 1].start() if n + 1 < len(tops) else len(text)
        first = _FIRST_ITEM.match(text, top.end(), end) if not rest or rest[0] == "#" else None
        if first is None:
            parts.append(_Part(text[top.start() : end], lines.number(top.start()), key, False))
            continue
        named[(key,)] = (lines.number(top.start()) + 1, 1)
        listed[key] = len(first[1]) + 1  # the list starts at its first dash
        item = re.compile(rf"^{re.escape(first[1])}-(?:[ \t]|\r?$)", re.M)
        starts = [m.start() for m in item.finditer(text, first.start(1), end)]
        for at, upto in zip(starts, [*starts[1:], end], strict=True):
            parts.append(_Part(text[at:upto], lines.number(at), key, True))
    return parts, named, listed


# A line that starts at the first column with something other than white space, a comment or
# a list item (which is in the piece of a key, or no piece at all: see `_read`).
_TOP_LINE = re.compile(r"^(?!-(?:[ \t]|\r?$))[^ \t#\r\n].*$", re.M)
# The first list item after a key's line, past blank lines and comments: its indentation.
_FIRST_ITEM = re.compile(r"\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-(?:[ \t]|\r?\n)")


class _Lines:
    """Line numbers (0-based) of offsets asked in increasing order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 0

    def number(self, offset: int) -> int:
        self.line += self.text.count("\n", self.at, offset)
        self.at = offset
        return self.line


def _read(part: _Part, path: str, loader: Loader) -> _Piece | None:
    """A piece read alone; None when it reads otherwise than plain, unlinked data."""
    if NON_PRINTABLE.search(part.text):
        return None
    source = SourceMap(part.text)
    composer = _Composer(loader(part.text), path, source)
    if part.item:
        composer.max_depth -= 1  # in the file, the top mapping holds the list
    try:
        value = composer.document()
    except (yaml.YAMLError, _Stop):
        return None
    finally:
        composer.loader.dispose()
    if composer.problems or composer.linked:
        return None
    if part.item:
        if not (isinstance(value, list) and len(value) == 1):
            return None
    elif not (isinstance(value, dict) and list(value) == [part.key]):
        return None
    return _Piece(value, source)
