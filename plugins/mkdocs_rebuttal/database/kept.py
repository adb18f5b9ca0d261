"""What was made from each part of the last version of a database, for `mkdocs serve`.

After a save, the file's reader (`yaml_pieces`) hands back every claim or reference whose
text did not change as the very object it gave last time. Whatever is made from such an
object alone (its checks, its plain texts, its pair, its CSL data) is the same as last time,
and is taken from here. The object is kept with what was made of it: while it is held, no
other object can take its identity.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """What was made, by key, in this version and the last one."""

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[object, object, T]] = {}
        self._now: dict[Hashable, tuple[object, object, T]] = {}

    def next_version(self) -> None:
        """What the version before the last one made is let go."""
        self._last, self._now = self._now, {}

    def find(self, key: Hashable, source: object, at: object = None) -> T | None:
        """What was made from `source` (the same object) under `key`, at an equal `at` (its
        place in the file, say); None if nothing was."""
        found = self._now.get(key) or self._last.get(key)
        if found is None or found[0] is not source or found[1] != at:
            return None
        self._now[key] = found
        return found[2]

    def keep(self, key: Hashable, source: object, made: T, at: object = None) -> T:
        self._now[key] = (source, at, made)
        return made

    def get(self, key: Hashable, source: object, make: Callable[[], T], at: object = None) -> T:
        """What was made from `source` under `key`, else what `make()` makes now."""
        found = self.find(key, source, at)
        return found if found is not None else self.keep(key, source, make(), at)
