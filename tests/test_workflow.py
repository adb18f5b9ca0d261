"""The GitHub workflow that builds the site and deploys it to GitHub Pages.

GitHub runs the workflow only after a push, so these checks run here, offline: the workflow
JSON Schema (check-jsonschema), a security audit (zizmor) and what the project expects of
the workflow itself (triggers, pinned actions, permissions, the build command).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
PAGES = ROOT / ".github" / "workflows" / "pages.yml"
# The test extra installs both tools next to the Python running the tests.
BIN = Path(sys.executable).parent
ON_PUSH_TO_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
# owner/repo[/path]@<full commit SHA> # vX.Y.Z
PINNED = re.compile(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def run_tool(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    executable = BIN / name
    assert executable.exists(), f"{name} is missing: install the test extra ('.[test]')"
    return subprocess.run(
        [str(executable), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def load(path: Path) -> dict[Any, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    # YAML 1.1 reads the key `on` as the boolean true.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def make_recipe(target: str) -> str:
    """The commands of a Makefile target."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, f"no target {target} in the Makefile"
    return recipe.group(1)


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(action + "@")]


def test_there_is_a_workflow() -> None:
    assert PAGES in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path: Path) -> None:
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_zizmor_finds_nothing_of_medium_severity_or_worse(path: Path) -> None:
    result = run_tool("zizmor", "--offline", "--min-severity", "medium", "--no-progress", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_does_flag_an_unpinned_action(tmp_path: Path) -> None:
    """The audit above passes because the workflow is sound, not because zizmor is idle."""
    text = PAGES.read_text(encoding="utf-8")
    unpinned = tmp_path / "pages.yml"
    unpinned.write_text(re.sub(r"(uses: actions/checkout)@\w+", r"\1@main", text), "utf-8")
    result = run_tool("zizmor", "--offline", "--min-severity", "medium", "--no-progress", unpinned)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout


def test_triggers_are_pushes_to_main_and_pull_requests() -> None:
    on = load(PAGES)["on"]
    assert set(on) == {"push", "pull_request"}
    assert on["push"] == {"branches": ["main"]}


def test_only_a_push_to_main_deploys() -> None:
    jobs = load(PAGES)["jobs"]
    deploying = [name for name, job in jobs.items() if steps_using(job, "actions/deploy-pages")]
    assert deploying == ["deploy"]
    deploy = jobs["deploy"]
    assert deploy["if"] == ON_PUSH_TO_MAIN
    assert deploy["needs"] == "build"
    # One deployment at a time, never cancelled halfway.
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert steps_using(deploy, "actions/deploy-pages")[0]["id"] == "deployment"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in WORKFLOWS:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        uses = [line.removeprefix("- ") for line in lines if re.match(r"(- )?uses:", line)]
        assert uses, path.name
        for line in uses:
            assert PINNED.fullmatch(line), f"{path.name}: {line}"


def test_permissions_are_the_least_each_job_needs() -> None:
    workflow = load(PAGES)
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for job in jobs.values():
        for step in steps_using(job, "actions/checkout"):
            assert step["with"]["persist-credentials"] is False


def test_the_build_is_the_one_readme_documents() -> None:
    build = load(PAGES)["jobs"]["build"]
    python = steps_using(build, "actions/setup-python")
    assert [step["with"]["python-version"] for step in python] == ["3.11"]
    commands = [step["run"].strip() for step in build["steps"] if "run" in step]
    assert commands == ["make build"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make build`" in readme
    # `make build` is the strict MkDocs build, writing to the folder that is uploaded.
    assert "mkdocs build --strict" in make_recipe("build")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    upload = steps_using(build, "actions/upload-pages-artifact")
    assert [step["with"]["path"] for step in upload] == [config.get("site_dir", "site")]


def test_readme_explains_both_ways_to_publish() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme[readme.index("## Publishing") :].split("\n## ")[0]
    assert ".github/workflows/pages.yml" in publishing
    assert "**GitHub Actions**" in publishing  # the Pages source the workflow needs
    assert "make deploy" in publishing
    assert "mkdocs gh-deploy --strict" in make_recipe("deploy")


@pytest.mark.parametrize(
    ("args", "command"),
    [
        ((), "--dev-addr 127.0.0.1:8000 --dirty"),
        (("ADDR=127.0.0.1:8001",), "--dev-addr 127.0.0.1:8001 --dirty"),
        # Every page rebuilt on every save (README, "What `make serve` rebuilds").
        (("SERVE_FLAGS=",), "--dev-addr 127.0.0.1:8000"),
    ],
)
def test_make_serve_listens_where_asked(args: tuple[str, ...], command: str) -> None:
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f".venv/bin/mkdocs serve {command}" in [
        line.strip() for line in dry_run.stdout.splitlines()
    ]
