"""`mkdocs serve` as an editor uses it: save the database, see the page change."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "sites" / "other-debate"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up after {seconds} s waiting for {what}")


@dataclass
class Served:
    project: Path
    base: str
    log: Path
    dirty: bool

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


# As `make serve` runs it (the plugin rebuilds only what changed), and plain.
@pytest.fixture(params=[["--dirty"], []], ids=["dirty", "plain"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    project = tmp_path / "project"
    shutil.copytree(SITE, project)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *request.param],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/dispute/"
    try:
        wait_for(lambda: fetch(base) is not None, 60, "the server to start")
        yield Served(project, base, log, "--dirty" in request.param)
    finally:
        server.terminate()
        server.wait(10)


def test_saving_the_database_rebuilds_the_page(served: Served) -> None:
    project, base = served.project, served.base
    page = base + "en/arguments/open-question/"
    assert "Nobody has answered this point yet." in (fetch(page) or "")
    data = project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Nobody has answered", "Nobody at all has answered"), "utf-8")
    wait_for(lambda: "Nobody at all has answered" in (fetch(page) or ""), 60, "the new text")
    if served.dirty:  # each rebuild after the first built only some of the pages
        counts = re.findall(r"(\w+): (\d+) of (\d+) pages rebuilt", served.output())[2:]
        assert counts, served.output()
        assert all(int(done) < int(total) for _, done, total in counts), counts
        assert any(int(done) > 0 for _, done, _ in counts), counts


def test_a_bad_save_keeps_the_last_good_site_until_a_good_one(served: Served) -> None:
    page = served.base + "en/arguments/open-question/"
    data = served.project / "data" / "debate.yaml"
    good = data.read_text(encoding="utf-8")
    spoiled = [
        # A YAML syntax error, then a reference to a person who does not exist.
        (good.replace("  - id: open-question", "  - id: [open-question"), "data/debate.yaml:3"),
        (
            good.replace(
                "      by: ada\n      title: {zh: 尚无定论",
                "      by: adda\n      title: {zh: 尚无定论",
            ),
            "data/debate.yaml:37:11: error: claims[2].claim.by: unknown person `adda`",
        ),
    ]
    for reports, (bad, report) in enumerate(spoiled, start=1):
        data.write_text(bad.replace("Nobody has", "Nobody yet has"), encoding="utf-8")
        wait_for(
            lambda n=reports: served.output().count("still shows the last valid version") == n,
            60,
            "the report of the bad save",
        )
        assert report in served.output()
        assert "Nobody has answered this point yet." in (fetch(page) or "")
    assert "Traceback" not in served.output()
    data.write_text(good.replace("Nobody has", "Nobody at all has"), encoding="utf-8")
    wait_for(lambda: "Nobody at all has answered" in (fetch(page) or ""), 60, "recovery")


def save_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """`cp -p`, a checkout or a coarse clock: other content, the same size and mtime."""
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_an_edit_that_keeps_size_and_modification_time_is_seen(served: Served) -> None:
    # The next rebuild comes from the file's own event, or, where the watcher polls mtime and
    # size (no file events, `fast_serve: false`), from another save (here the home page's).
    # Either must not keep the last database because its size and time are the same.
    page = served.base + "en/arguments/open-question/"
    data = served.project / "data" / "debate.yaml"
    save_keeping_size_and_time(data, "Nobody has answered", "Nobody had answered")
    home = served.project / "docs" / "index.en.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nSaved again.\n", encoding="utf-8")
    wait_for(lambda: "Nobody had answered" in (fetch(page) or ""), 60, "the edited text")


def test_a_bibtex_file_named_while_serving_is_watched(served: Served) -> None:
    page = served.base + "sources/"  # GB/T 7714 keeps the title's capitals
    data = served.project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    # The database names a file that does not exist yet: reported, the last site stays.
    data.write_text(
        text.replace("references_bibtex: references.bib", "references_bibtex: more.bib")
    )
    wait_for(lambda: "more.bib: No such file" in served.output(), 60, "the missing file's report")
    bib = (served.project / "data" / "references.bib").read_text(encoding="utf-8")
    (served.project / "data" / "more.bib").write_text(
        bib.replace("Proximal Policy Optimization", "Proximal Policy Improvement"), "utf-8"
    )
    wait_for(lambda: "Policy Improvement" in (fetch(page) or ""), 60, "the new file's entry")
    # And it stays watched: an edit of it shows too.
    more = served.project / "data" / "more.bib"
    more.write_text(more.read_text("utf-8").replace("Policy Improvement", "Policy Gains"), "utf-8")
    wait_for(lambda: "Policy Gains" in (fetch(page) or ""), 60, "the edited entry")


def test_while_the_database_is_missing_requests_are_answered(served: Served) -> None:
    page = served.base + "en/arguments/open-question/"
    data = served.project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    data.unlink()
    wait_for(lambda: "Cannot read the claims database" in served.output(), 60, "the report")
    started = time.monotonic()
    assert "Nobody has answered this point yet." in (fetch(page) or "")
    assert time.monotonic() - started < 5
    data.write_text(text.replace("Nobody has", "Nobody at all has"), encoding="utf-8")
    wait_for(lambda: "Nobody at all has answered" in (fetch(page) or ""), 60, "recovery")
    assert "Traceback" not in served.output()


def test_a_csl_json_file_is_watched_like_a_bibtex_file(served: Served) -> None:
    page = served.base + "sources/"
    data = served.project / "data" / "debate.yaml"
    refs = served.project / "data" / "refs.json"
    items = [
        {
            "id": "he2019",
            "type": "paper-conference",
            "title": "Rethinking ImageNet Pre-training",
            "author": [{"family": "He", "given": "Kaiming"}],
            "issued": {"date-parts": [["2019"]]},
        },
        {
            "id": "schulman2017",
            "type": "article",
            "title": "Proximal Policy Optimization Algorithms",
            "author": [{"family": "Schulman", "given": "John"}],
            "issued": {"date-parts": [["2017"]]},
        },
    ]
    refs.write_text(json.dumps(items), encoding="utf-8")
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace("references_bibtex: references.bib", "references_csl: refs.json"), "utf-8"
    )
    wait_for(lambda: "Proximal Policy Optimization" in (fetch(page) or ""), 60, "the CSL entry")
    # An export of the reference manager again: the page shows it, with no save of the database.
    items[1]["title"] = "Proximal Policy Refinement"
    refs.write_text(json.dumps(items), encoding="utf-8")
    wait_for(lambda: "Policy Refinement" in (fetch(page) or ""), 60, "the re-exported entry")


def test_a_save_is_seen_from_the_file_event_alone(served: Served) -> None:
    # With the plugin's `fast_serve` (on by default) the server learns of a save from the
    # system's file events: even one that keeps the file's size and modification time, which
    # MkDocs' polling cannot tell from no change at all, shows without any other save.
    page = served.base + "en/arguments/open-question/"
    data = served.project / "data" / "debate.yaml"
    save_keeping_size_and_time(data, "Nobody has answered", "Nobody had answered")
    wait_for(lambda: "Nobody had answered" in (fetch(page) or ""), 60, "the edited text")


def test_after_a_save_the_server_goes_quiet(served: Served) -> None:
    # Every build reads the database and the docs: reading is no change, and must not start
    # another build (file events report reads too), which would rebuild for ever.
    page = served.base + "en/arguments/open-question/"
    data = served.project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Nobody has answered", "Nobody yet answered"), "utf-8")
    wait_for(lambda: "Nobody yet answered" in (fetch(page) or ""), 60, "the edited text")
    time.sleep(3)  # a save's events, and the build they start, are over
    builds = served.output().count("Detected file changes")
    time.sleep(3)
    assert served.output().count("Detected file changes") == builds
