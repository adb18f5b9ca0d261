"""`mkdocs serve` as an editor uses it: save the database, see the page change."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = tmp_path / "project"
    shutil.copytree(SITE, project)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/dispute/"
    try:
        wait_for(lambda: fetch(base) is not None, 60, "the server to start")
        yield project, base
    finally:
        server.terminate()
        server.wait(10)


def test_saving_the_database_rebuilds_the_page(served: tuple[Path, str]) -> None:
    project, base = served
    page = base + "en/arguments/open-question/"
    assert "Nobody has answered this point yet." in (fetch(page) or "")
    data = project / "data" / "debate.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Nobody has answered", "Nobody at all has answered"), "utf-8")
    wait_for(lambda: "Nobody at all has answered" in (fetch(page) or ""), 60, "the new text")
