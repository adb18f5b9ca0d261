"""Which languages a site shows, and which one the debate was written in.

The two are independent: a debate written in Chinese may be published with English as the
site's default language. Every text must exist in the original; the site's other languages
are translations of it, which may be missing or outdated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Languages:
    site: tuple[str, ...]  # the site's languages, its default first
    original: str  # the language the debate's texts were written in

    @classmethod
    def of(cls, site: Sequence[str], data: Any = None) -> Languages:
        """The languages of a site showing the database `data`, which may name its original
        (`debate.original_language`); without one, the site's default is the original."""
        debate = data.get("debate") if isinstance(data, Mapping) else None
        named = debate.get("original_language") if isinstance(debate, Mapping) else None
        return cls(tuple(site), named if isinstance(named, str) and named else site[0])

    @property
    def default(self) -> str:
        return self.site[0]

    @property
    def translated(self) -> tuple[str, ...]:
        """The site's languages that show translations, in the site's order."""
        return tuple(language for language in self.site if language != self.original)

    @property
    def of_texts(self) -> tuple[str, ...]:
        """Every language a text may be given in, the original first: what the checks of
        the database take."""
        return (self.original, *self.translated)
