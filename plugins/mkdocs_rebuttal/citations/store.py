"""Formatted references kept on disk between builds, as Material keeps its social cards.

The citation engine takes milliseconds per entry: with thousands of works, seconds of every
`mkdocs build`, though the works rarely change. A store is one JSON file per style and
locale in the project's cache folder. Its keys are digests of everything the text of an
entry depends on: the work's data, its number, the style file's bytes, the locale, the
versions of citeproc-py and of the code that drives it. A changed work, style or engine
misses, and is formatted again; nothing can be served stale.

Each build writes back only the entries it used, so the file never grows beyond one list.
A file that cannot be read or written costs the time it would have saved, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

FORMAT = 2


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ReferenceStore:
    """The formatted entries and list orders of one style and locale, on disk."""

    def __init__(self, folder: str, name: str) -> None:
        self.path = Path(folder) / name
        self._entries: dict[str, list[str]] | None = None
        self._orders: dict[str, list[str]] = {}

    def entry(self, key: str) -> tuple[str, ...] | None:
        found = self._read().get(key)
        return tuple(found) if found else None

    def order(self, key: str) -> tuple[str, ...] | None:
        self._read()
        found = self._orders.get(key)
        return tuple(found) if found is not None else None

    def keep(
        self,
        entries: Iterable[tuple[str, tuple[str, ...]]],
        order: tuple[str, tuple[str, ...]] | None,
    ) -> None:
        """Write these entries (and the list's order), and only these, unless they are what
        the file holds already."""
        kept = {key: list(value) for key, value in entries}
        orders = {order[0]: list(order[1])} if order else {}
        if kept == self._read() and orders == self._orders:
            return
        self._entries, self._orders = kept, orders
        data = {"format": FORMAT, "entries": kept, "orders": orders}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed over: a build stopped halfway leaves the old file.
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError as error:
            log.info("Formatted references not cached in %s: %s", self.path, error.strerror)

    def _read(self) -> dict[str, list[str]]:
        if self._entries is None:
            self._entries = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                return self._entries
            except (OSError, ValueError) as error:
                log.info("Ignoring the cache %s, which cannot be read: %s", self.path, error)
                return self._entries
            if _well_formed(data):
                self._entries, self._orders = data["entries"], data["orders"]
        return self._entries


def _well_formed(data: object) -> bool:
    """Whether `data` is a store of this format; any other file is ignored, then replaced."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    entries, orders = data.get("entries"), data.get("orders")
    return (
        isinstance(entries, dict)
        and isinstance(orders, dict)
        and all(
            isinstance(value, list) and all(isinstance(v, str) for v in value)
            for value in entries.values()
        )
        and all(
            isinstance(value, list) and all(isinstance(v, str) for v in value)
            for value in orders.values()
        )
    )
