"""A bad database stops `mkdocs build` with the report, not with a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "sites" / "other-debate"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "project")
    return tmp_path / "project"


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def edit(project: Path, old: str, new: str) -> None:
    data = project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_problem_is_reported_with_its_place(project: Path) -> None:
    edit(project, "  - id: small-steps\n", "  - id: Small Steps\n")
    edit(project, "        - ref: he2019\n", "        - ref: he2091\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/debate.yaml:23:9: error: claims[1].id: invalid id `Small Steps`" in result.stderr
    assert "data/debate.yaml:20:16: error: claims[0].counterclaim.citations[0].ref:" in (
        result.stderr
    )
    assert "did you mean `he2019`" in result.stderr
    assert not (project / "out" / "index.html").exists()


def add_reference(project: Path, yaml_text: str) -> None:
    data = project / "data" / "debate.yaml"
    data.write_text(data.read_text(encoding="utf-8") + yaml_text, encoding="utf-8")


def test_event_title_is_formatted_not_refused(project: Path) -> None:
    # citeproc-py refused `event-title` at build time; pandoc formats it. The build fails here
    # only because the work is cited nowhere (a warning, under --strict).
    add_reference(
        project,
        "references:\n  odd2020:\n    type: book\n    title: Odd\n    author: [{literal: 某人}]\n"
        "    event-title: Somewhere\n    issued: {date-parts: [[2020]]}\n",
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "event-title" not in result.stderr
    assert "`odd2020` is not cited anywhere" in result.stderr


def test_a_warning_fails_a_strict_build(project: Path) -> None:
    add_reference(
        project,
        "references:\n  unused2020:\n    type: book\n    title: Never cited\n"
        "    author: [{literal: 某人}]\n    issued: {date-parts: [[2020]]}\n",
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "warning: references: `unused2020` is not cited anywhere" in result.stderr
