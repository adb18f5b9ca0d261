"""Helpers shared by the tests: the valid fixture and a database file to edit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.problems import DatabaseError

FIXTURE = Path(__file__).parent / "fixtures" / "claims.yaml"
VALID = FIXTURE.read_text(encoding="utf-8")

LOADERS: list[Any] = [pytest.param(yaml.SafeLoader, id="pure")]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.insert(0, pytest.param(yaml.CSafeLoader, id="libyaml"))


class Database:
    """A database file at `data/claims.yaml` of the current directory, as the CLI sees it."""

    path = "data/claims.yaml"

    def write(self, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        Path(self.path).write_bytes(data)

    def edit(self, old: str, new: str) -> None:
        """The valid fixture with `old` (which must occur once) replaced by `new`."""
        assert VALID.count(old) == 1, old
        self.write(VALID.replace(old, new))

    def problems(self, languages: Sequence[str] = ("zh", "en")) -> list[str]:
        """Every problem reported, errors and warnings, in file order."""
        try:
            _, warnings = load_debate(self.path, languages)
        except DatabaseError as error:
            return [str(p) for p in error.problems]
        return [str(p) for p in warnings]
