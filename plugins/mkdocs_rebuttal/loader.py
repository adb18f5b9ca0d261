"""Read the claims database from disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from .model import Debate


class DatabaseError(Exception):
    pass


def load_debate(
    path: str | Path, languages: Sequence[str] = ("zh", "en")
) -> tuple[Debate, list[str]]:
    with open(path, encoding="utf-8") as f:
        return Debate.from_mapping(yaml.safe_load(f)), []
