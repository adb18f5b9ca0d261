from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mkdocs_rebuttal.database import yaml_source
from support import LOADERS, VALID, Database

from sitecheck import Site, build_site

ROOT = Path(__file__).resolve().parent.parent


class UnexpectedWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request: pytest.FixtureRequest) -> Iterator[UnexpectedWarnings]:
    """Any warning logged by MkDocs or a plugin fails the test, unless the test expects it."""
    handler = UnexpectedWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    if "expect_warnings" not in request.keywords:
        messages = [r.getMessage() for r in handler.records]
        assert not messages, f"unexpected warnings: {messages}"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("seed-site"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "expect_warnings: the test checks warnings itself")


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
