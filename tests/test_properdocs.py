"""The site builds with ProperDocs, the continuation of MkDocs 1.x, and no MkDocs at all.

`make test` creates the environment, `.venv-properdocs`: ProperDocs, this package, Material,
static-i18n, and MkDocs removed. ProperDocs finds the plugin under the `mkdocs.plugins` entry
point, and answers for `mkdocs` when the plugin imports it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitecheck import Site

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv-properdocs" / "bin"
OTHER = Path(__file__).parent / "sites" / "other-debate"

pytestmark = pytest.mark.skipif(
    not (BIN / "properdocs").is_file(), reason="no .venv-properdocs: `make test` creates it"
)


def properdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # Neither MkDocs' banner about its version 2 nor ProperDocs' own about MkDocs.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [str(BIN / "properdocs"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_environment_has_no_mkdocs() -> None:
    code = (
        "import importlib.util as u; print(u.find_spec('mkdocs'), u.find_spec('properdocs').name)"
    )
    result = subprocess.run(
        [str(BIN / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "None properdocs\n"


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site_dir = tmp_path_factory.mktemp("properdocs-site")
    result = properdocs("build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir))
    assert result.returncode == 0, result.stderr
    assert "mkdocs_rebuttal: " in result.stderr  # the plugin did run
    return Site(site_dir, "/sgd-debate/", "https://sgd-debate.github.io/sgd-debate/")


def test_properdocs_builds_the_same_site(seed_site: Site, properdocs_site: Site) -> None:
    # Sitemaps beside the pages included: they come from the plugin's last hook.
    assert files_of(properdocs_site.root) == files_of(seed_site.root)
    for page in seed_site.pages():
        theirs = properdocs_site.page(page.url)
        assert theirs.content().text_content() == page.content().text_content(), page.url


def test_every_link_of_the_properdocs_site_resolves(properdocs_site: Site) -> None:
    broken = [
        f"/{page.url}: {reference}: {why}"
        for page in properdocs_site.pages()
        for reference in page.references()
        if (why := properdocs_site.broken(page, reference))
    ]
    assert not broken, "\n".join(broken)


def test_a_warning_of_the_plugin_fails_a_strict_properdocs_build(tmp_path: Path) -> None:
    shutil.copytree(OTHER, tmp_path / "project")
    database = tmp_path / "project" / "data" / "debate.yaml"
    text = database.read_text("utf-8")
    database.write_text(text.replace("name: {zh: 博, en: Bo}", "name: {zh: 博}"), "utf-8")
    result = properdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=tmp_path / "project")
    assert result.returncode == 1
    assert "people.bo.name: missing translation `en`; the `zh` text is shown" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_the_export_runs_and_builds_under_properdocs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / "python"),
            "-m",
            "mkdocs_rebuttal",
            "export",
            str(tmp_path / "out"),
            "--config",
            str(OTHER / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    built = properdocs("build", "--strict", cwd=tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "site" / "en" / "arguments" / "small-steps" / "index.html").is_file()
