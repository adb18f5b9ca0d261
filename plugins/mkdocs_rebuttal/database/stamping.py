"""Record in the database file which original each translation was made from.

Loading and dumping YAML would lose the file's comments, quoting and line breaks, so the
fingerprints are written into the text itself, each with a small edit where the parser says
the translation is:

    title: {zh: 目标要大, en: Aim big}
->  title: {zh: 目标要大, en: {text: Aim big, from: 25fc6a0e}}

    en: >-                                 en:
      Whether it is ...             ->       from: 3f2a9c1b
                                             text: >-
                                               Whether it is ...

The edited text is read again before it is used: it must hold the same texts, every stamped
translation must be up to date, and nothing else may have changed in meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from . import schema
from .describe import DataPath, describe_path
from .loader import check_database
from .problems import Problem
from .text_positions import LineIndex
from .translations import Translation, plain_texts, stamp_value
from .yaml_source import DEFAULT_LOADER, Loader


class StampError(Exception):
    """The file cannot be stamped: it has errors, or an edit would change its meaning."""


@dataclass(frozen=True)
class Stamped:
    text: str  # the whole file, with the fingerprints written in
    translations: list[Translation]  # the ones stamped


def stamp(
    text: str,
    name: str,
    languages: Sequence[str] = schema.DEFAULT_LANGUAGES,
    loader: Loader | None = None,
) -> Stamped:
    """`text` with a fingerprint recorded in every translation that records none."""
    before = check_database(text.encode("utf-8"), name, languages, loader)
    _refuse_errors(before.problems)
    assert before.translations is not None  # no errors: the file was read
    todo = [t for t in before.translations.translations if t.state == "unstamped"]
    if not todo:
        return Stamped(text, [])
    root = _compose(text, loader or DEFAULT_LOADER)
    lines = LineIndex(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: dict[int, tuple[int, str]] = {}  # start -> (end, replacement)
    seen: set[int] = set()
    for translation in todo:
        mapping = _node_at(root, translation.where)
        if not isinstance(mapping, MappingNode):
            raise StampError(f"{name}: cannot find {describe_path(translation.where)}")
        for key, value in mapping.value:
            if key.value != translation.language:
                continue
            if id(value) in seen:
                # An alias: one text in the file stands for two translations, which one
                # fingerprint cannot describe.
                raise StampError(
                    f"{name}: {describe_path(translation.path)} is written with an alias "
                    "(`*name`) of another translation: write the text out to stamp it"
                )
            seen.add(id(value))
            edits.update(_edit(text, lines, mapping, key, value, translation.original, newline))
    stamped = _apply(text, edits)
    _verify(before.data, stamped, name, languages, loader, todo)
    return Stamped(stamped, todo)


def stamp_file(
    raw: bytes, name: str, languages: Sequence[str] = schema.DEFAULT_LANGUAGES
) -> Stamped:
    """`stamp` on the bytes of a file; a file that is no UTF-8 text has errors. A byte order
    mark the file starts with is kept: nothing but fingerprints changes."""
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        _refuse_errors(check_database(raw, name, languages).problems)
        raise
    stamped = stamp(text, name, languages)
    return replace(stamped, text=bom + stamped.text) if bom else stamped


def _refuse_errors(problems: list[Problem]) -> None:
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        raise StampError("\n".join([*errors, "fix the errors first; nothing was stamped"]))


def _compose(text: str, loader: Loader) -> Node | None:
    """The document's node tree, with where each node starts and ends (`yaml.compose`)."""
    reader = loader(text)
    try:
        node: Node | None = reader.get_single_node()
    finally:
        reader.dispose()
    return node


def _node_at(root: Node | None, where: DataPath) -> Node | None:
    node = root
    for part in where:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            node = node.value[part]
        else:
            return None
    return node


def _edit(
    text: str,
    lines: LineIndex,
    mapping: MappingNode,
    key: Node,
    value: Node,
    fingerprint: str,
    newline: str,
) -> dict[int, tuple[int, str]]:
    start = _offset(lines, value.start_mark)
    # The end of a block scalar is where the next line starts; the text ends before it.
    end = len(text[: _offset(lines, value.end_mark)].rstrip())
    fp = stamp_value(fingerprint)
    if mapping.flow_style:
        # Inside braces the value is already valid flow text; braces around it make it a
        # mapping of its own.
        return {start: (start, "{text: "), end: (end, f", from: {fp}}}")}
    # In a block mapping the value moves one level down, under `text:`, and every line it
    # spans moves right with it. Blank lines stay blank: in a block scalar they keep their
    # meaning at any indentation.
    key_end = _offset(lines, key.end_mark)
    colon = re.compile(r"[ \t]*:").match(text, key_end)
    if colon is None:
        raise StampError(f"no `:` after the key at line {key.start_mark.line + 1}")
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_end - 1 : line_end] == "\r":
        line_end -= 1
    indent = " " * (key.start_mark.column + 2)
    rest = re.sub(r"\n(?=[ \t]*\S)", "\n  ", text[colon.end() : line_end])
    replacement = f":{newline}{indent}from: {fp}{newline}{indent}text:{rest}"
    return {colon.start(): (line_end, replacement)}


def _offset(lines: LineIndex, mark: Any) -> int:
    # Lines and columns, not the mark's index: both parsers count those alike.
    return lines.offset(mark.line + 1, mark.column + 1)


def _apply(text: str, edits: dict[int, tuple[int, str]]) -> str:
    for start in sorted(edits, reverse=True):
        end, replacement = edits[start]
        text = text[:start] + replacement + text[end:]
    return text


def _verify(
    data: Any,
    stamped: str,
    name: str,
    languages: Sequence[str],
    loader: Loader | None,
    todo: list[Translation],
) -> None:
    after = check_database(stamped.encode("utf-8"), name, languages, loader)
    problems = [p for p in after.problems if p.severity == "error"]
    same = after.data is not None and plain_texts(after.data) == plain_texts(data)
    survey = after.translations.translations if after.translations else ()
    current = {t.path for t in survey if t.state == "current"}
    if problems or not same or not {t.path for t in todo} <= current:
        raise StampError(
            f"{name}: stamping would change the file's meaning; nothing was stamped "
            "(please report this, with the file)"
        )
