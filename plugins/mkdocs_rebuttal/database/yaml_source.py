"""Read YAML safely into plain data, remembering where every value came from.

PyYAML's own loaders are not enough for a file that people edit by hand: they keep the last
of two equal mapping keys without a word, expand aliases without limit (a few lines of
"billion laughs" take gigabytes), and their values forget their line numbers. So this module
reads the parser's *events* (which libyaml produces as fast as it parses) and builds the data
itself, with the checks the database needs:

- every mapping key must be text, and may appear once per mapping;
- only the standard tags of plain data are accepted; `!!python/...` and any other tag is an
  error and is never acted upon;
- aliases may add at most `ALIAS_BUDGET` values to the document, which stops an alias bomb at
  once, before any of it is built;
- the position of every key and value is kept in a `SourceMap`, by data path.

The same code runs on top of libyaml (`yaml.CSafeLoader`) or the pure-Python `yaml.SafeLoader`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from .describe import DataPath, describe_path, kind_of
from .problems import Problem, code, did_you_mean
from .text_positions import LineIndex, Position, position
from .yaml_syntax import syntax_problem

if TYPE_CHECKING:
    from .yaml_pieces import Pieces, _Pieces

Loader = Callable[[str], Any]
"""A PyYAML loader class: `yaml.CSafeLoader` or `yaml.SafeLoader`."""
DEFAULT_LOADER: Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML was built with it (10x faster on a large file), else pure Python."""

ALIAS_BUDGET = 100_000
"""How many values aliases may add to a document. A hand-written database that reuses a
value here and there stays far below; an alias bomb passes it within a few aliases."""

MAX_DEPTH = 100
"""How deeply lists and mappings may nest. The database needs fewer than ten levels; the
pure-Python scanner slows down with the square of the depth, and libyaml stops at 1000."""

# What the YAML reader itself rejects, as PyYAML's Reader defines it; checked up front so that
# both parsers report every such character, with the same positions.
NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

TAG_PREFIX = "tag:yaml.org,2002:"
SCALAR_TAGS = {TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null")}
SEQUENCE_TAG = TAG_PREFIX + "seq"
MAPPING_TAG = TAG_PREFIX + "map"
# Tags the resolver gives to some plain scalars on its own: dates, `<<` and `=`.
TIMESTAMP_TAG = TAG_PREFIX + "timestamp"
MERGE_TAG = TAG_PREFIX + "merge"
VALUE_TAG = TAG_PREFIX + "value"

_constructor = SafeConstructor()


class Unreadable:
    """Stands for a value already reported as unreadable (a refused tag, a missing anchor),
    so that the schema checks do not report it a second time."""

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE = Unreadable()


@dataclass
class SourceMap:
    """Where each value of the data sits in the file, by data path (`("claims", 0, "id")`).

    Values inside an alias have no entry of their own; they are placed at the alias.
    """

    text: str
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)
    # The source text of scalars that YAML did not read as text (`1910.09281` became a
    # float): a hint can then show exactly how to quote them.
    raw: dict[DataPath, str] = field(default_factory=dict)
    # Where scalars that may hold citations end, to find a citation's own column.
    ends: dict[DataPath, Position] = field(default_factory=dict)
    _line_index: LineIndex | None = field(default=None, repr=False, compare=False)

    _pieces: _Pieces | None = field(default=None, repr=False, compare=False)

    def value(self, path: DataPath) -> Position:
        found = self._position(self.values, "values", path)
        while found is None and path:
            path = path[:-1]
            found = self._position(self.values, "values", path)
        return found or (1, 1)

    def key(self, path: DataPath) -> Position:
        """Where the key naming this value is, else where the value is (list items, top)."""
        return self._position(self.keys, "keys", path) or self.value(path)

    def raw_text(self, path: DataPath) -> str | None:
        """The source text of the scalar at `path`, if YAML did not read it as text."""
        if self._pieces is None:
            return self.raw.get(path)
        found = self._pieces.find(path)
        return None if found is None else found[0].source.raw.get(found[1])

    def _position(
        self, own: dict[DataPath, Position], table: str, path: DataPath
    ) -> Position | None:
        if self._pieces is None:
            return own.get(path)
        if path in own:  # the few places that belong to no piece: the top, a list's start
            return own[path]
        found = self._pieces.find(path)
        if found is None:
            return None
        piece, relative, lines = found
        at: Position | None = getattr(piece.source, table).get(relative)
        return None if at is None else (at[0] + lines, at[1])

    def offset(self, path: DataPath, value: str, offset: int) -> Position:
        """Position in the file of the character at `offset` in the text `value` of the
        scalar at `path` (one that may cite: see `ends`), else the scalar's start.

        YAML may write a text otherwise than it reads: indented, folded over lines, quoted,
        with escapes. The text's characters are found in the source in order, each no further
        than a few characters (besides white space) after the one before it; white space in
        the text matches any white space in the source.
        """
        start = self._position(self.values, "values", path)
        end = self._position(self.ends, "ends", path)
        if start is None or end is None:
            return self.value(path)
        lines = self._lines()
        source = self.text
        at, stop = lines.offset(*start), lines.offset(*end)
        for index, char in enumerate(value[: offset + 1]):
            if char.isspace():
                continue
            found = source.find(char, at, stop)
            if found < 0 or len("".join(source[at:found].split())) > _MOST_SKIPPED:
                return lines.position(at) if index == offset else start
            if index == offset:
                return lines.position(found)
            at = found + 1
        return lines.position(at)

    def _lines(self) -> LineIndex:
        if self._line_index is None:
            self._line_index = LineIndex(self.text)
        return self._line_index


@dataclass
class Parsed:
    data: Any
    source: SourceMap
    problems: list[Problem]
    # False when the file could not be read as YAML at all; `data` is then None.
    readable: bool = True


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem at the first byte that is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "the file is UTF-16", "save it as UTF-8")]
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8")
        line, column = LineIndex(before).position(len(before))
        byte = raw[error.start]
        message = f"not valid UTF-8: byte 0x{byte:02x} cannot appear here"
        return None, [Problem(path, line, column, message, "save the file as UTF-8")]


def parse(
    text: str, path: str, loader: Loader | None = None, pieces: Pieces | None = None
) -> Parsed:
    """Build the plain data of a one-document YAML text, with its source map and problems.

    `loader` is a PyYAML loader class; by default `DEFAULT_LOADER`. `pieces`: what the last
    parse of the same file left (`mkdocs serve`), to read again only what changed."""
    if pieces is not None:
        parsed = pieces.parse(text, path, loader or DEFAULT_LOADER)
        if parsed is not None:
            return parsed
    source = SourceMap(text)
    if bad := list(_non_printable(text, path)):
        return Parsed(None, source, bad, readable=False)
    composer = _Composer((loader or DEFAULT_LOADER)(text), path, source)
    try:
        data = composer.document()
    except yaml.MarkedYAMLError as error:
        return Parsed(None, source, [syntax_problem(error, text, path)], readable=False)
    except yaml.YAMLError as error:  # the reader's, which carry no line and column
        return Parsed(None, source, [Problem(path, 1, 1, f"YAML error: {error}")], readable=False)
    except _Stop as stop:
        return Parsed(None, source, [*composer.problems, stop.problem], readable=False)
    finally:
        composer.loader.dispose()
    return Parsed(data, source, composer.problems)


def _non_printable(text: str, path: str) -> Iterator[Problem]:
    if not NON_PRINTABLE.search(text):
        return
    lines = LineIndex(text)
    for match in NON_PRINTABLE.finditer(text):
        line, column = lines.position(match.start())
        code = f"U+{ord(match[0]):04X}"
        message = f"control character {code} is not allowed in YAML"
        yield Problem(
            path, line, column, message, "delete it, or write it as an escape in double quotes"
        )


class _Stop(Exception):
    """A problem after which the rest of the document cannot be read sensibly."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_NO_KEY = object()
# Source characters that may stand between two characters of a text and are not white
# space: a quote, a block scalar's header (`|-`), an escape (`\\U0001F600` is ten).
_MOST_SKIPPED = 12


@dataclass
class _Collection:
    """A list or mapping being built, with what is needed to place and check its items."""

    value: list[Any] | dict[str, Any]
    path: DataPath | None  # None inside a mapping key or a dropped value: not recorded
    anchor: str | None
    start: Position
    allowed: bool  # False under a refused tag: the value becomes UNREADABLE
    size: int = 1  # values in it, counting what aliases bring in
    key: Any = _NO_KEY  # a mapping's pending key; _NO_KEY while a key is expected
    keep_value: bool = True
    seen: dict[str, Position] = field(default_factory=dict)

    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def child_path(self) -> DataPath | None:
        if self.path is None:
            return None
        if isinstance(self.value, list):
            return (*self.path, len(self.value))
        if self.key is _NO_KEY or not self.keep_value:
            return None
        return (*self.path, self.key)


class _Composer:
    def __init__(self, loader: Any, path: str, source: SourceMap) -> None:
        self.loader = loader
        self.path = path
        self.source = source
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.alias_values = 0
        self.last_raw = ""  # source text of the last scalar YAML did not read as text
        self.linked = False  # an anchor or alias: one part of the text reads another
        self.max_depth = MAX_DEPTH

    def problem(self, position: Position, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, *position, message, hint))

    def next(self) -> Event:
        event: Event = self.loader.get_event()
        return event

    def document(self) -> Any:
        self.expect(StreamStartEvent)
        if self.loader.check_event(StreamEndEvent):
            return None
        self.expect(DocumentStartEvent)
        data = self.node()
        self.expect(DocumentEndEvent)
        if not self.loader.check_event(StreamEndEvent):
            at = position(self.loader.peek_event().start_mark)
            self.problem(at, "a second YAML document starts here", "the file must hold one")
        return data

    def expect(self, kind: type[Event]) -> None:
        event = self.next()
        assert isinstance(event, kind), event  # the parser guarantees the stream's shape

    def node(self) -> Any:
        """Build one value from the events, iteratively: nesting depth costs no stack."""
        stack: list[_Collection] = []
        path: DataPath | None = ()
        while True:
            event = self.next()
            at = position(event.start_mark)
            if path is not None and not isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                self.source.values[path] = at
            if isinstance(event, ScalarEvent):
                in_key = bool(stack) and stack[-1].key is _NO_KEY and not stack[-1].is_list()
                value, size = self.scalar(event, path, at, in_key), 1
                self.anchor(event.anchor, value, size)
            elif isinstance(event, AliasEvent):
                value, size = self.alias(event.anchor or "", at)
            elif isinstance(event, CollectionStartEvent):
                allowed = self.tag_allowed(event, at)
                container: list[Any] | dict[str, Any] = (
                    [] if isinstance(event, SequenceStartEvent) else {}
                )
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                stack.append(_Collection(container, path, event.anchor, at, allowed))
                if len(stack) > self.max_depth:
                    message = f"lists and mappings nest more than {MAX_DEPTH} levels deep here"
                    raise _Stop(Problem(self.path, *at, message))
                path = stack[-1].child_path()
                continue
            else:  # the end of a collection
                done = stack.pop()
                value, size, at = done.value, done.size, done.start
                if not done.allowed:
                    value = UNREADABLE
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchor(done.anchor, value, size)
            if not stack:
                return value
            self.add(stack[-1], value, size, at)
            path = stack[-1].child_path()

    def add(self, parent: _Collection, value: Any, size: int, at: Position) -> None:
        parent.size += size
        if isinstance(parent.value, list):
            parent.value.append(value)
        elif parent.key is _NO_KEY:
            parent.key = value
            parent.keep_value = self.check_key(parent, value, at)
        else:
            if parent.keep_value:
                parent.value[parent.key] = value
            parent.key = _NO_KEY

    def check_key(self, parent: _Collection, key: Any, at: Position) -> bool:
        if isinstance(key, str) and key not in parent.seen:  # the usual case, kept fast
            parent.seen[key] = at
            if parent.path is not None:
                self.source.keys[(*parent.path, key)] = at
            return True
        where = _describe_path(parent.path)
        if isinstance(key, _MergeKey):
            self.problem(
                at, f"{where}: merge keys (`<<`) are not supported", "write the fields out"
            )
            return False
        if not isinstance(key, str):
            if key is None:
                self.problem(at, f"{where}: a key is missing before the `:`")
            else:
                shown = f" {code(self.last_raw)}" if _is_scalar(key) else ""
                message = f"{where}: the key{shown} is {kind_of(key)}; keys must be text"
                self.problem(at, message, _quote_hint(self.last_raw) if shown else None)
            return False
        line, column = parent.seen[key]
        message = f"{where}: duplicate key {code(key)} (first at line {line}, column {column})"
        self.problem(at, message, "other YAML readers keep only the last one; remove or rename one")
        return False

    def scalar(self, event: ScalarEvent, path: DataPath | None, at: Position, in_key: bool) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        elif tag not in SCALAR_TAGS:
            self.problem(at, f"tag {code(_short(tag))} is not allowed", _TAG_HINT)
            return UNREADABLE
        if tag == TAG_PREFIX + "str" or tag == VALUE_TAG:
            if path is not None and "@" in event.value:
                self.source.ends[path] = position(event.end_mark)
            return event.value
        if tag == MERGE_TAG:
            return _MergeKey() if in_key else event.value
        self.last_raw = event.value
        if path is not None:
            self.source.raw[path] = event.value
        node = ScalarNode(tag, event.value, style=event.style)
        try:
            return _constructor.construct_object(node, deep=True)
        except (ValueError, KeyError, OverflowError):
            # A plain `2019-13-45` looks like a date to YAML but is none; an explicit
            # `!!int x` is no number. Keep the text so the rest can still be checked.
            what = "date" if tag == TIMESTAMP_TAG else _short(tag).removeprefix("!!")
            self.problem(at, f"{code(event.value)} is not a valid {what}", "quote it if it is text")
            return event.value
        finally:
            _constructor.constructed_objects.clear()

    def tag_allowed(self, event: CollectionStartEvent, at: Position) -> bool:
        tag = event.tag
        expected = SEQUENCE_TAG if isinstance(event, SequenceStartEvent) else MAPPING_TAG
        if tag is None or tag == "!" or tag == expected:
            return True
        self.problem(at, f"tag {code(_short(tag))} is not allowed", _TAG_HINT)
        return False

    def anchor(self, name: str | None, value: Any, size: int) -> None:
        if name is not None:
            self.anchors[name] = (value, size)
            self.linked = True

    def alias(self, name: str, at: Position) -> tuple[Any, int]:
        self.linked = True
        if name in self.open_anchors:
            raise _Stop(
                Problem(self.path, *at, f"alias `*{name}` refers to a collection that contains it")
            )
        if name not in self.anchors:
            hint = did_you_mean(name, self.anchors)
            self.problem(at, f"alias `*{name}` refers to no anchor above it", hint)
            return UNREADABLE, 1
        value, size = self.anchors[name]
        self.alias_values += size
        if self.alias_values > ALIAS_BUDGET:
            message = f"aliases expand to more than {ALIAS_BUDGET} values (an alias bomb?)"
            raise _Stop(Problem(self.path, *at, message, "write the values out instead"))
        return value, size


class _MergeKey:
    """A plain `<<` in key position, which YAML 1.1 reads as a merge."""


_TAG_HINT = "the database holds plain text, numbers, lists and mappings; remove the tag"


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (list, dict))


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG_PREFIX) if tag.startswith(TAG_PREFIX) else tag


def _quote_hint(raw: str | None) -> str | None:
    return f'quote it: `"{raw}"`' if raw else None


def _describe_path(path: DataPath | None) -> str:
    return describe_path(path) if path is not None else "key"
