"""`mkdocs serve` loads the database again after each save, reading and checking only the
claims that changed (`Reloading`). After any series of saves, what it loads and reports is
what a first load of the same file gives: the same debate, the same errors and warnings at
the same lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hostile_cases import CASES
from mkdocs_rebuttal.database.loader import Reloading, load_database
from mkdocs_rebuttal.database.problems import DatabaseError

import synthetic

ROOT = Path(__file__).parent.parent
OTHER = ROOT / "tests" / "sites" / "other-debate" / "data"


def outcome(path: Path, reloading: Reloading | None) -> tuple[object, list[str]]:
    try:
        loaded = load_database(path, ("zh", "en"), reloading=reloading)
    except DatabaseError as error:
        return None, [str(p) for p in error.problems]
    return (loaded.debate, loaded.translations), [str(p) for p in loaded.problems]


def assert_reloads_as_loaded(path: Path, reloading: Reloading) -> list[str]:
    again, fresh = outcome(path, reloading), outcome(path, None)
    assert again == fresh
    return fresh[1]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    seed = synthetic.load_seed(ROOT / "data" / "claims.yaml")
    path = tmp_path / "claims.yaml"
    synthetic.write(path, synthetic.generate(30, 1, seed))  # claims at the first column
    return path


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_title(path: Path, pair_id: str, line: str) -> None:
    """Adds a line to the title of a pair's claim."""
    text = path.read_text(encoding="utf-8")
    at = text.index("    title:\n", text.index(f"- id: {pair_id}\n")) + len("    title:\n")
    path.write_text(text[:at] + f"      {line}\n" + text[at:], encoding="utf-8")


def test_saves_one_after_another_load_as_a_first_load_would(database: Path) -> None:
    reloading = Reloading()
    assert assert_reloads_as_loaded(database, reloading) == []
    ids = [
        line[6:]
        for line in database.read_text(encoding="utf-8").splitlines()
        if line.startswith("- id: ")
    ]
    # An error in one claim, then its fix.
    save(database, f"- id: {ids[5]}\n", f"- id: {ids[5]}\n  colour: red\n")
    problems = assert_reloads_as_loaded(database, reloading)
    assert len(problems) == 1 and "unknown field `colour`" in problems[0]
    save(database, "  colour: red\n", "")
    assert assert_reloads_as_loaded(database, reloading) == []
    # A text in a language the site does not show, in two claims: one warning, at the
    # first; removed there, the warning moves to the other.
    add_title(database, ids[8], "fr: Non")
    add_title(database, ids[3], "fr: Oui")
    first = assert_reloads_as_loaded(database, reloading)
    save(database, "      fr: Oui\n", "      # fr: Oui\n")  # the lines below stay put
    moved = assert_reloads_as_loaded(database, reloading)
    assert [p for p in first if "`fr`" in p] != [p for p in moved if "`fr`" in p]
    # Lines added above a claim with a problem: its place moves with it.
    save(database, f"- id: {ids[1]}\n", f"- id: {ids[1]}\n  # one\n  # two\n")
    shifted = assert_reloads_as_loaded(database, reloading)
    assert len(shifted) == len(moved) and shifted != moved
    # An original text changed: its translation's state follows.
    text = database.read_text(encoding="utf-8")
    title = text[text.index("    title:\n      zh: ", text.index(f"- id: {ids[7]}\n")) :]
    save(database, title[: title.index("\n", 16)], title[: title.index("\n", 16)] + "改")
    assert_reloads_as_loaded(database, reloading)
    # A reference: a type no style knows, then the right one.
    save(database, "    type: article\n", "    type: articel\n")
    problems = assert_reloads_as_loaded(database, reloading)
    assert any("articel" in p for p in problems)
    save(database, "    type: articel\n", "    type: article\n")
    assert_reloads_as_loaded(database, reloading)
    # A claim removed, and its id given to another: the duplicate is found.
    save(database, f"- id: {ids[12]}\n", f"- id: {ids[11]}\n")
    problems = assert_reloads_as_loaded(database, reloading)
    assert any("duplicate" in p for p in problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.edits], ids=lambda c: c.name)
def test_every_hostile_save_reloads_as_it_loads(case: object, tmp_path: Path) -> None:
    shutil.copytree(OTHER, tmp_path / "data")
    path = tmp_path / "data" / "debate.yaml"
    reloading = Reloading()
    assert_reloads_as_loaded(path, reloading)
    for old, new in case.edits:  # type: ignore[attr-defined]
        save(path, old, new)
    assert_reloads_as_loaded(path, reloading)
