"""Read the claims database from disk."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Debate


def load_debate(path: str | Path) -> Debate:
    with open(path, encoding="utf-8") as f:
        return Debate.from_mapping(yaml.safe_load(f))
