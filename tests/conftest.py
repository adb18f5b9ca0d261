from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

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
