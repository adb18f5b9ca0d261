"""Reading a database again in pieces (`mkdocs serve`) gives what reading it whole gives: the
same data, the same problems, the same place in the file for every value; and after an edit
of one claim, only that claim is read again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile_cases import CASES
from mkdocs_rebuttal.database.describe import DataPath
from mkdocs_rebuttal.database.yaml_pieces import Pieces
from mkdocs_rebuttal.database.yaml_source import MAX_DEPTH, Parsed, parse

import synthetic

ROOT = Path(__file__).parent.parent
OTHER = ROOT / "tests" / "sites" / "other-debate" / "data" / "debate.yaml"


def _paths(data: Any, path: DataPath = ()) -> Iterator[DataPath]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


def assert_same(pieced: Parsed, whole: Parsed) -> None:
    assert [str(p) for p in pieced.problems] == [str(p) for p in whole.problems]
    assert pieced.readable == whole.readable
    assert pieced.data == whole.data
    for path in _paths(whole.data):
        assert pieced.source.value(path) == whole.source.value(path), path
        assert pieced.source.key(path) == whole.source.key(path), path
        assert pieced.source.raw_text(path) == whole.source.raw_text(path), path
        value = _at(whole.data, path)
        if isinstance(value, str) and "@" in value:
            at = value.index("@")
            assert pieced.source.offset(path, value, at) == whole.source.offset(path, value, at)


def _at(data: Any, path: DataPath) -> Any:
    for step in path:
        data = data[step]
    return data


def check(text: str, pieces: Pieces | None = None) -> Pieces:
    pieces = pieces or Pieces()
    assert_same(parse(text, "db.yaml", pieces=pieces), parse(text, "db.yaml"))
    return pieces


def test_a_database_edited_claim_by_claim_reads_as_a_whole(tmp_path: Path) -> None:
    seed = synthetic.load_seed(ROOT / "data" / "claims.yaml")
    synthetic.write(tmp_path / "db.yaml", synthetic.generate(40, 1, seed))
    text = (tmp_path / "db.yaml").read_text(encoding="utf-8")  # claims at the first column
    pieces = check(text)
    ids = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("- id: ")]
    assert len(ids) == 40
    # A word of one claim: that claim alone is read again.
    edited = text.replace(f"- id: {ids[20]}\n", f"- id: {ids[20]}x\n", 1)
    check(edited, pieces)
    assert (pieces.read, pieces.kept) == (1, len(ids) + 3)
    # Lines added above the others: every later value moves down, nothing is read again.
    added = edited.replace(f"- id: {ids[3]}\n", f"- id: {ids[3]}\n  # a note\n  # another\n", 1)
    check(added, pieces)
    assert pieces.read == 1
    # A claim removed, one added at the end.
    start = added.index(f"- id: {ids[10]}\n")
    end = added.index(f"- id: {ids[11]}\n")
    moved = added[:start] + added[end:]
    moved = moved.replace("conclusion:", added[start:end] + "conclusion:", 1)
    check(moved, pieces)


@pytest.mark.parametrize(
    "path", [ROOT / "data" / "claims.yaml", OTHER], ids=["seed", "other-debate"]
)
def test_the_sites_databases_read_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pieces = check(text)
    assert pieces.read > 1  # read in pieces, not left to the whole-file reader
    check(text.replace("\n", "\r\n"))


@pytest.mark.parametrize("case", [c for c in CASES if c.edits], ids=lambda c: c.name)
def test_every_hostile_database_reads_alike(case: Any) -> None:
    text = OTHER.read_text(encoding="utf-8")
    pieces = check(text)
    for old, new in case.edits:
        text = text.replace(old, new, 1)
    check(text, pieces)


EDGE_CASES = {
    "text over lines back at the first column": 'a: "one\n- two"\nb: 1\n',
    "a key inside a text": 'a: "one\nb: two"\nc: 1\n',
    "a flow list over lines": "a: [1,\n- 2]\nb: 1\n",
    "anchor and alias in two claims": "claims:\n- &x {id: a}\n- *x\n",
    "alias to a key above": "a: &x 1\nb: *x\n",
    "the same key twice": "a: 1\nb: 2\na: 3\n",
    "a document marker": "a: 1\n---\nb: 2\n",
    "a directive": "%YAML 1.1\n---\na: 1\n",
    "a list at the top": "- 1\n- 2\n",
    "a flow mapping at the top": "{a: 1}\n",
    "a quoted key": '"a": 1\nb: 2\n',
    "a list after a key with a value": "a: 1\n- 2\n",
    "comments between claims": "claims:\n# one\n- id: a\n\n  # inside\n- id: b\n# end\nx: 1\n",
    "indented claims": "claims:\n  - id: a\n    t: 1\n  - id: b\nx: 1\n",
    "a lone carriage return": "a: 1\rb: 2\n",
    "a next-line character": "a: x\x85y\nb: 2\n",
    "a tab at the first column": "a:\n\tb: 1\n",
    "a control character": "a: 1\nb: \x07\n",
    "an unclosed text": 'a: 1\nb: "two\n',
    "an empty file": "",
    "only comments": "# nothing\n",
    "a block text": "a: |\n  one\n  - two\nb: 1\n",
    "a refused tag": "claims:\n- !!python/object:os.system {id: a}\n",
    "an empty list item": "claims:\n-\n- id: b\n",
    "a key with a comment": "claims: # all of them\n- id: a\n",
}


@pytest.mark.parametrize("text", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_edge_cases_read_alike(text: str) -> None:
    check(text)


def test_the_nesting_limit_is_the_same_in_a_claim() -> None:
    for depth in (MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH - 1):
        nested = "[" * depth + "]" * depth
        check(f"claims:\n- {nested}\nx: 1\n")
