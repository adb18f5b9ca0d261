from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mkdocs_rebuttal import yaml_source
from support import LOADERS, VALID, Database


@pytest.fixture(params=LOADERS)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs a test once with libyaml and once with the pure-Python parser."""
    monkeypatch.setattr(yaml_source, "DEFAULT_LOADER", request.param)
    return request.param


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml_loader: Any) -> Database:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    database = Database()
    database.write(VALID)
    return database
