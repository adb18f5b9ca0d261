"""How the data is named in messages: where a value is, and what kind of value it is."""

from __future__ import annotations

import re
from typing import Any

DataPath = tuple[str | int, ...]
"""Where a value is in the data: `("claims", 2, "counterclaim", "title")`."""


def describe_path(path: DataPath) -> str:
    """`claims[2].counterclaim.title`; keys that are not plain words in brackets."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            text += f".{part}" if text else part
        else:
            text += f'["{part[:40]}"]'
    return text or "top level"


def kind_of(value: Any) -> str:
    """How a YAML value reads to a person: 'a number', 'a list', ..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a date"
