"""The hostile corpus (`hostile_cases.py`): each case ends in an error naming its place, the
same from `check` as from the build, or in a site that shows the text as written and holds
nothing unsafe; never in a traceback or a hang."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import lxml.html
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from hostile_cases import BIG_BIB_ENTRIES, CASES, Case
from mkdocs_rebuttal.citations import bibtex
from mkdocs_rebuttal.cli.main import main
from mkdocs_rebuttal.pages.escaping import markdown_text
from mkdocs_rebuttal.pages.plaintext import plain_text

SITE = Path(__file__).parent / "sites" / "other-debate"
# An error line of a report: `data/debate.yaml:13:30: error: ...`, or an option's.
ERROR_LINE = re.compile(r"^(?:\S+?(?::\d+:\d+)?: error: .*|mkdocs\.yml: .*)$", re.M)
# What no page, search index, map or JSON-LD may carry, whatever the case.
ALWAYS_NEVER = ("<script>alert", 'href="javascript:', 'onclick="', "onerror=")


@dataclass
class Outcome:
    failed: bool
    errors: set[str]  # the error lines
    output: str  # everything printed or logged


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Hang(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Stop a case that hangs (a FIFO read, a quadratic scan) instead of the whole run."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def substitute(value: Any, places: dict[str, str]) -> Any:
    if isinstance(value, str):
        for name, path in places.items():
            value = value.replace("{" + name + "}", path)
    elif isinstance(value, dict):
        value = {k: substitute(v, places) for k, v in value.items()}
    return value


def big_library(real: str) -> str:
    """`BIG_BIB_ENTRIES` made-up entries around the real ones."""
    entry = (
        "@article{{filler{0},\n  author = {{Author{0}, Given and Other, Name}},\n"
        "  title = {{A Title of Entry {0}}},\n  journal = {{Journal}},\n  year = {{2001}},\n}}\n\n"
    )
    half = BIG_BIB_ENTRIES // 2
    return (
        "".join(entry.format(n) for n in range(half))
        + real
        + "".join(entry.format(n) for n in range(half, BIG_BIB_ENTRIES))
    )


def make_project(case: Case, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = tmp_path / "project"
    shutil.copytree(SITE, project)
    outside = tmp_path / "outside"
    outside.mkdir()
    places = {"outside": str(outside), "outside-in-site": str(outside).lstrip("/")}
    database = project / "data" / "debate.yaml"
    references = project / "data" / "references.bib"
    homes = sorted((project / "docs").glob("index.*.md"))
    for path, edits in (
        (database, case.edits),
        (references, case.bib_edits),
        *((home, case.docs_edits) for home in homes),
    ):
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1 or path in homes, (case.name, old)
            text = text.replace(old, substitute(new, places))
        path.write_text(text, encoding="utf-8")
    for name, content in case.files.items():
        target = Path(substitute(name, places))
        target = target if target.is_absolute() else project / target
        content = substitute(content, places)
        if content == "fifo":
            os.mkfifo(target)
        elif content == "folder":
            target.mkdir()
        elif content == "utf-16":
            target.write_bytes(target.read_text(encoding="utf-8").encode("utf-16"))
        elif content == "copy-of-bib":
            shutil.copy(references, target)
        elif content == "big-library":
            target.write_text(big_library(references.read_text("utf-8")), encoding="utf-8")
        elif isinstance(content, str) and content.startswith("sparse:"):
            with open(target, "wb") as f:
                f.truncate(int(content.removeprefix("sparse:")))
        elif isinstance(content, str) and content.startswith("symlink:"):
            target.symlink_to(content.removeprefix("symlink:"))
        else:
            target.write_bytes(content if isinstance(content, bytes) else content.encode())
    if case.options:
        config_file = project / "mkdocs.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "rebuttal" in plugin:
                plugin["rebuttal"].update(substitute(dict(case.options), places))
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project, places


def run_check(project: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    monkeypatch.chdir(project)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["check"])
    # The build says `mkdocs.yml: the ... option`, check `mkdocs.yml: error: the ... option`.
    output = printed.getvalue().replace("mkdocs.yml: error: ", "mkdocs.yml: ")
    return Outcome(status != 0, set(ERROR_LINE.findall(output)), output)


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    monkeypatch.chdir(project)
    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    failed = False
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        config["strict"] = True
        build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        failed = True
        collect.messages.append(str(error))
    finally:
        logger.removeHandler(collect)
    output = "\n".join(collect.messages)
    return Outcome(failed, set(ERROR_LINE.findall(output)), output)


def text_of(root: Path, page: str) -> str:
    tree = lxml.html.fromstring((root / page / "index.html").read_bytes())
    return " ".join(tree.cssselect("article")[0].text_content().split())


def site_files(root: Path) -> Iterator[tuple[Path, str]]:
    """The files a browser reads as markup: pages, maps, sitemaps and the search index.
    The downloads are data and keep the text as it is written; they must parse."""
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".json", ".xml", ".svg"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            json.loads(text)
            if path.name != "search_index.json":
                continue
        yield path, text


@pytest.mark.expect_warnings
@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}: {c.name}" for c in CASES])
def test_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, places = make_project(case, tmp_path)
    started = time.monotonic()
    with deadline(case.seconds, "check and build"):
        checked = run_check(project, monkeypatch)
        built = run_build(project, monkeypatch)
    elapsed = time.monotonic() - started
    assert elapsed < case.seconds
    for outcome in (checked, built):
        assert "Traceback" not in outcome.output
    if case.error is not None:
        expected = substitute(case.error, places)
        assert built.failed, built.output
        assert any(line.startswith(expected) for line in built.errors), built.output
        assert checked.failed, checked.output
        assert checked.errors == built.errors
        return
    assert not checked.failed and not checked.errors, checked.output
    assert not built.failed, built.output
    root = project / "site"
    for page, text in case.shows:
        assert text in text_of(root, substitute(page, places)), page
    never = [substitute(m, places) for m in (*case.never, *ALWAYS_NEVER)]
    for path, content in site_files(root):
        found = [markup for markup in never if markup in content]
        assert not found, (path.relative_to(root), found)
    # Material's own configuration is the only element with that id, on every page.
    for path in root.rglob("*.html"):
        assert path.read_text(encoding="utf-8").count('id="__config"') <= 1, path
    # Nothing was written outside the site.
    assert sorted(p.name for p in Path(places["outside"]).iterdir()) == sorted(
        Path(substitute(n, places)).name for n in case.files if n.startswith("{outside}")
    )


def test_the_corpus_covers_every_class_several_times() -> None:
    kinds: dict[str, int] = {}
    for case in CASES:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    assert set(kinds) >= {
        "injection",
        "traceback",
        "hang",
        "outside",
        "silent-loss",
        "characters",
        "collision",
        "options",
        "bibtex",
    }
    assert min(kinds.values()) >= 4, kinds


def test_escaping_is_linear_in_the_text() -> None:
    # Quadratic, 400 KB of `[` would take hours: Python-Markdown's link scan, and the old
    # link pattern of titles and map labels, started over at every bracket; the pattern that
    # drops citation markers with their spaces started over at every space.
    hostile_texts = ("[" * 400_000, "[a](" * 100_000, "[@" * 200_000, "`{" * 200_000)
    for hostile in (*hostile_texts, " " * 400_000 + "x", " \n" * 200_000):
        started = time.monotonic()
        markdown_text(hostile)
        plain_text(hostile)
        assert time.monotonic() - started < 5, hostile[:10]


def test_a_large_library_is_looked_through_not_parsed() -> None:
    library = big_library((SITE / "data" / "references.bib").read_text(encoding="utf-8"))
    started = time.monotonic()
    read = bibtex.read(library, {"he2019"})
    assert time.monotonic() - started < 10  # a full parse takes minutes
    assert set(read.items) == {"he2019"}
    assert len(read.keys) == BIG_BIB_ENTRIES + 3
    assert not read.errors
