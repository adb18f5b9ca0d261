"""`mkdocs serve --dirty` (what `make serve` runs) serves what a full build publishes.

The plugin rebuilds only the pages whose output changes (`plugin/incremental.py`). Here the
repository's site is built as the server builds it (one process, the plugins kept between
builds, dirty builds into one folder, `--dirty` on the command line where static-i18n looks
for it) through a series of edits, and after each the folder is compared, file by file and
byte for byte, with a fresh `mkdocs build` of the same sources in a process of its own.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from mkdocs_rebuttal.plugin.incremental import Incremental

ROOT = Path(__file__).resolve().parent.parent
REBUILT = re.compile(r"(\w+): (\d+) of (\d+) pages rebuilt")


class DirtyServer:
    """Builds the way `mkdocs serve --dirty` does after every save."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project = project
        self.site_dir = site_dir
        self.config().plugins.on_startup(command="serve", dirty=True)

    def config(self) -> object:
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site_dir))

    def rebuild(self) -> None:
        build(self.config(), serve_url="http://127.0.0.1:8000/sgd-debate/", dirty=True)  # type: ignore[arg-type]

    def stop(self) -> None:
        # The plugins live as long as the process: leave them as a plain build finds them.
        self.config().plugins.on_startup(command="build", dirty=False)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[DirtyServer, Path]]:
    project = tmp_path / "project"
    for part in ("docs", "overrides", "data"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.chdir(project)
    # static-i18n builds its other languages dirty only when the command line says so.
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--dirty"])
    server = DirtyServer(project, tmp_path / "served")
    try:
        yield server, tmp_path
    finally:
        server.stop()


def full_build(project: Path, site_dir: Path) -> None:
    shutil.rmtree(site_dir, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)],
        cwd=project,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def differences(served: Path, full: Path) -> list[str]:
    """Files in one folder and not the other, or with other bytes (gzip headers hold a
    time: their content is compared instead)."""
    mine = {p.relative_to(served) for p in served.rglob("*") if p.is_file()}
    theirs = {p.relative_to(full) for p in full.rglob("*") if p.is_file()}
    found = [f"only served: {p}" for p in sorted(mine - theirs)]
    found += [f"only in the full build: {p}" for p in sorted(theirs - mine)]
    for path in sorted(mine & theirs):
        a, b = (served / path).read_bytes(), (full / path).read_bytes()
        if path.suffix == ".gz":
            a, b = gzip.decompress(a), gzip.decompress(b)
        if a != b:
            found.append(f"differs: {path}")
    return found


def rebuilt(caplog: pytest.LogCaptureFixture) -> dict[str, tuple[int, int]]:
    """What the last build's log says it rebuilt, per language."""
    counts = {}
    for record in caplog.records:
        found = REBUILT.search(record.getMessage())
        if found:
            counts[found[1]] = (int(found[2]), int(found[3]))
    caplog.clear()
    return counts


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


FAR_AWAY_ZH = "如果你是在随机起点"
NEW_PAIR_FROM = "  - id: far-away\n"
NEXT_PAIR = "  - id: simple-is-best\n"
NEW_REFERENCE = """references:
  doe2024:
    type: article
    title: A work cited for the first time
    author:
      - {family: Doe, given: Jane}
    issued: {date-parts: [[2024]]}
    language: en

"""
CITATION = """      citations:
        - ref: doe2024
          fit: partly
          note: {zh: 新引用的文献。, en: A newly cited work.}

"""


@pytest.mark.expect_warnings  # edits leave translations outdated: the database says so
def test_every_rebuild_serves_what_a_full_build_publishes(
    served: tuple[DirtyServer, Path], caplog: pytest.LogCaptureFixture
) -> None:
    server, tmp_path = served
    project = server.project
    database = project / "data" / "claims.yaml"
    full = tmp_path / "full"
    caplog.set_level(logging.INFO)

    def check(what: str) -> dict[str, tuple[int, int]]:
        server.rebuild()
        counts = rebuilt(caplog)
        full_build(project, full)
        assert differences(server.site_dir, full) == [], what
        return counts

    first = check("the first build")
    assert all(done == total for done, total in first.values()), first

    # The original's text: that pair's page, and the translation's notice and status page.
    edit(database, FAR_AWAY_ZH, "如果你在随机起点")
    counts = check("an edit of a text")
    assert all(0 < done < total for done, total in counts.values()), counts

    # A title in the sidebar (this site lists its pairs there): every English page.
    edit(database, "en: {text: Simple is best,", "en: {text: Simplest is best,")
    counts = check("an edit of a title")
    assert counts["en"][0] == counts["en"][1] and counts["zh"][0] < counts["zh"][1], counts

    text = database.read_text(encoding="utf-8")
    copied = text[text.index(NEW_PAIR_FROM) : text.index(NEXT_PAIR)]
    edit(database, NEXT_PAIR, copied.replace("id: far-away", "id: far-away-again") + NEXT_PAIR)
    check("a new pair")

    edit(database, copied.replace("id: far-away", "id: far-away-again"), "")
    check("a removed pair")

    edit(database, "references:\n", NEW_REFERENCE)
    edit(database, NEXT_PAIR, CITATION + NEXT_PAIR)
    check("a new reference, cited")

    # A work's fit: the pair's page, and every table and preview of all pairs (home pages).
    edit(database, "fit: partly", "fit: supports")
    check("an edit of a fit")

    edit(project / "docs" / "format.en.md", "the", "THE")
    counts = check("an edit of a hand-written page")
    assert counts == {"zh": (0, counts["zh"][1]), "en": (1, counts["en"][1])}, counts

    good = database.read_text(encoding="utf-8")
    database.write_text(good.replace(NEW_PAIR_FROM, "  - id: [far-away\n"), encoding="utf-8")
    server.rebuild()
    assert "The site still shows the last valid version." in caplog.text
    assert differences(server.site_dir, full) == [], "a bad save"

    database.write_text(good.replace("如果你在随机起点", "如果你就在随机起点"), "utf-8")
    check("the good save after it")
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in messages if "dirty" in m], messages


def test_without_dirty_every_page_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Plain `mkdocs serve` is left as it was: the fast path needs `--dirty`."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    caplog.set_level(logging.INFO)
    try:
        build(config, serve_url="http://127.0.0.1:8000/sgd-debate/")
        assert not REBUILT.search(caplog.text)
        assert not config.plugins["rebuttal"].incremental.enabled
    finally:
        # The plugins live as long as the process: leave them as a plain build finds them.
        config.plugins.on_startup(command="build", dirty=False)


def test_a_search_plugin_it_does_not_know_stops_the_fast_path_with_a_reason() -> None:
    """The fast path leans on Material's search plugin: a version without what it needs is
    an error at start, not a wrong index."""
    config = SimpleNamespace(
        config_file_path="mkdocs.yml", site_dir="site", plugins={"material/search": object()}
    )
    with pytest.raises(PluginError, match=r"needs the search plugin of mkdocs-material"):
        Incremental().check(config, True)  # type: ignore[arg-type]


def test_material_search_still_has_what_the_fast_path_uses(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    search = config.plugins["material/search"]
    search.on_config(config)
    assert isinstance(search.is_dirty, bool)
    assert isinstance(search.search_index.entries, list)


def test_a_search_plugin_turned_off_is_no_obstacle() -> None:
    search = SimpleNamespace(config={"enabled": False})  # Material makes no index then
    config = SimpleNamespace(
        config_file_path="mkdocs.yml", site_dir="site", plugins={"material/search": search}
    )
    Incremental().check(config, True)  # type: ignore[arg-type]


def test_the_sidebar_reads_no_meta_the_fast_path_does_not_compare() -> None:
    """A page skipped by a rebuild appears in the others' sidebars with what the fast path
    compares: Material's sidebar must read nothing else of a page's meta."""
    import material

    from mkdocs_rebuttal.plugin.incremental import NAV_META

    partials = Path(material.__file__).parent / "templates" / "partials"
    read = {
        key
        for template in partials.rglob("*.html")
        for key in re.findall(r"nav_item\.meta\.(\w+)", template.read_text(encoding="utf-8"))
    }
    assert read and read <= set(NAV_META), read
