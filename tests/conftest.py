from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mkdocs_rebuttal import yaml_source
from support import LOADERS, VALID, Database

# Parsing a whole database per example is slow for Hypothesis' taste, but not for ours.
_QUIET = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=150, **_QUIET)
settings.register_profile("thorough", max_examples=3000, **_QUIET)  # HYPOTHESIS_PROFILE=thorough
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
