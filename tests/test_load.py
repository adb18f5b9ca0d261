"""The loader's API: the model, the warnings, and the error that holds every problem."""

from __future__ import annotations

import pytest

from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.problems import DatabaseError, Problem
from support import Database


def test_the_fixture_loads_without_problems(db: Database) -> None:
    debate, warnings = load_debate(db.path)
    assert warnings == []
    assert [pair.id for pair in debate.pairs] == ["aim-big", "measure-often", "no-reply-yet"]
    assert debate.pairs[2].counterclaim is None
    assert debate.people["sam-sample"].name["en"] == "Sam Sample"
    assert debate.citation_order() == ["doe2020", "roe2021"]


def test_a_problem_reads_like_a_compiler_message() -> None:
    problem = Problem(
        "data/claims.yaml",
        12,
        5,
        "claims[0]: unknown field `counterclam`",
        "did you mean `counterclaim`?",
    )
    assert str(problem) == (
        "data/claims.yaml:12:5: error: claims[0]: unknown field `counterclam` "
        "(did you mean `counterclaim`?)"
    )
    assert str(Problem("a.yaml", 1, 2, "odd", severity="warning")) == "a.yaml:1:2: warning: odd"


def test_the_error_reports_all_problems_then_a_summary(db: Database) -> None:
    db.edit("    counterclaim:\n      by: sam-sample", "    counterclam:\n      by: sam-sample")
    with pytest.raises(DatabaseError) as caught:
        load_debate(db.path)
    assert str(caught.value).splitlines() == [
        "data/claims.yaml:25:5: error: claims[0]: unknown field `counterclam` "
        "(did you mean `counterclaim`?)",
        # The misspelt counterclaim was the only statement citing doe2020.
        "data/claims.yaml:56:3: warning: references: `doe2020` is not cited anywhere "
        "(cite it in a statement, or remove it)",
        "1 error, 1 warning in data/claims.yaml",
    ]
    assert [p.severity for p in caught.value.problems] == ["error", "warning"]


def test_warnings_alone_do_not_stop_the_load(db: Database) -> None:
    db.edit("      citations:\n        - ref: roe2021\n", "")
    debate, warnings = load_debate(db.path)
    assert [str(w) for w in warnings] == [
        "data/claims.yaml:63:3: warning: references: `roe2021` is not cited anywhere "
        "(cite it in a statement, or remove it)"
    ]
    assert debate.pairs[1].claim.citations == ()


def test_a_missing_file_is_an_os_error(db: Database) -> None:
    with pytest.raises(FileNotFoundError):
        load_debate("data/nothing.yaml")
