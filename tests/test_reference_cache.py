"""Formatted references kept between builds: a second `mkdocs build` formats nothing, and
shows the same pages; a changed reference is formatted again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "sites" / "other-debate"
FORMATTED = re.compile(r"References: (\d+) entries formatted(?:, (\d+) read from (\S+))?")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "project", ignore=shutil.ignore_patterns(".cache"))
    return tmp_path / "project"


def build(project: Path, out: str) -> tuple[int, int]:
    """(entries formatted, entries read from the cache) of a real `mkdocs build`."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / out)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = FORMATTED.search(result.stderr)
    assert found, result.stderr
    return int(found[1]), int(found[2] or 0)


def pages(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".gz"  # gzip stamps the time
    }


def test_a_second_build_reads_every_entry_back_and_builds_the_same_site(project: Path) -> None:
    # Two works cited, two languages.
    assert build(project, "first") == (4, 0)
    assert sorted(p.name for p in (project / ".cache" / "rebuttal").iterdir()) == [
        "apa.csl.en-US.json",
        "china-national-standard-gb-t-7714-2015-numeric.csl.zh-CN.json",
    ]
    assert build(project, "second") == (0, 4)
    assert pages(project / "second") == pages(project / "first")


def test_a_changed_reference_is_formatted_again_and_shown(project: Path) -> None:
    build(project, "first")
    bib = project / "data" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Rethinking {ImageNet}", "Rethinking {ImageNet} Again"), "utf-8")
    # pandoc formats a list whole (a work's number and year suffix are the list's): a changed
    # work formats its lists again, in both languages.
    assert build(project, "second") == (4, 0)
    for page in ("second/sources/index.html", "second/en/sources/index.html"):
        assert "Rethinking ImageNet Again" in (project / page).read_text(encoding="utf-8")


def test_a_damaged_cache_is_replaced(project: Path) -> None:
    build(project, "first")
    for stored in (project / ".cache" / "rebuttal").iterdir():
        stored.write_text('{"format": 1, "entries": {"x": [1]}', encoding="utf-8")
    assert build(project, "second") == (4, 0)
    assert pages(project / "second") == pages(project / "first")
    assert build(project, "third") == (0, 4)


def test_a_cache_folder_that_cannot_be_written_only_costs_time(project: Path) -> None:
    (project / ".cache").write_text("a file where the folder would go", encoding="utf-8")
    assert build(project, "first") == (4, 0)
    assert build(project, "second") == (4, 0)


def test_no_cache_folder_when_switched_off(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("claims_in_nav: never", "claims_in_nav: never\n      cache_dir: ''")
    )
    assert build(project, "first") == (4, 0)
    assert build(project, "second") == (4, 0)
    assert not (project / ".cache").exists()
