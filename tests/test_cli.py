"""`python -m mkdocs_rebuttal check` and `... schema`, as a pre-commit hook runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_rebuttal.cli.main import main
from mkdocs_rebuttal.database.json_schema import dumps
from support import FIXTURE, VALID

PLUGINS = Path(__file__).parents[1] / "plugins"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_rebuttal", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.yaml").write_text(VALID, encoding="utf-8")
    return tmp_path


UNSTAMPED = "translations into en: 0 up to date, 0 outdated, 0 missing, 19 without fingerprint"


def test_a_valid_database_passes(project: Path) -> None:
    result = run("check", cwd=project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"data/claims.yaml: ok\ndata/claims.yaml: {UNSTAMPED}\n"


def test_errors_fail_with_the_report(project: Path) -> None:
    bad = VALID.replace("counterclaim:\n      by: alex", "counterclam:\n      by: alex")
    (project / "data" / "claims.yaml").write_text(bad, encoding="utf-8")
    (project / "data" / "other.yml").write_text(VALID, encoding="utf-8")
    result = run("check", "data/claims.yaml", "data/other.yml", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "data/claims.yaml:43:5: error: claims[1]: unknown field `counterclam` "
        "(did you mean `counterclaim`?)\n"
        "1 error, 0 warnings in data/claims.yaml\n"
        # The misspelt counterclaim's two texts are not counted.
        "data/claims.yaml: translations into en: 0 up to date, 0 outdated, 0 missing, "
        "17 without fingerprint\n"
        "data/other.yml: ok\n"
        f"data/other.yml: {UNSTAMPED}\n"
    )


def test_warnings_alone_pass(project: Path) -> None:
    (project / "data" / "claims.yaml").write_text(VALID + "  extra:\n" + _reference(), "utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-2] == "0 errors, 1 warning in data/claims.yaml"


def _reference() -> str:
    return (
        "    type: book\n    title: Extra\n    author: [{family: Roe}]\n"
        "    issued: {date-parts: [[2019]]}\n"
    )


def test_the_languages_option(project: Path) -> None:
    result = run("check", "--languages", "zh,en,fr", cwd=project)
    assert result.returncode == 0
    assert "warning: debate.title: missing translation `fr`" in result.stdout
    result = run("check", "--languages", "fr,zh,en", cwd=project)
    assert result.returncode == 1
    assert "error: debate.title: missing the `fr` text" in result.stdout
    assert run("check", "--languages", "zh, en", cwd=project).returncode == 0
    bad = run("check", "--languages", "Chinese", cwd=project)
    assert bad.returncode == 2 and "language codes" in bad.stderr


def test_a_missing_file(project: Path) -> None:
    result = run("check", "data/none.yaml", cwd=project)
    assert result.returncode == 1
    assert (
        result.stdout == "data/none.yaml: error: cannot read the file: No such file or directory\n"
    )


def test_the_schema_command(project: Path) -> None:
    result = run("schema", cwd=project)
    assert (result.returncode, result.stdout) == (0, dumps())
    assert (
        '"required": [\n            "en"\n'
        in run("schema", "--languages", "en", cwd=project).stdout
    )


def test_the_command_line_does_not_import_mkdocs() -> None:
    # A pre-commit hook runs it on every commit: it must start fast.
    code = f"import sys, runpy; sys.argv = ['x', 'check', {str(FIXTURE)!r}]\n" + (
        "try:\n runpy.run_module('mkdocs_rebuttal', run_name='__main__')\n"
        "except SystemExit:\n print('mkdocs' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [f"{FIXTURE}: ok", f"{FIXTURE}: {UNSTAMPED}", "False"]


def test_main_returns_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURE)]) == 0
    assert capsys.readouterr().out == f"{FIXTURE}: ok\n{FIXTURE}: {UNSTAMPED}\n"
