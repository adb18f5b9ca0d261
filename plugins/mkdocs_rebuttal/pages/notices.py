"""Notices on translated pages: which of their texts are untranslated, which may be outdated.

A notice sits under the page's heading, names the parts of the page concerned with links to
them, and links to the same page in the original language and to the translation status.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from ..database.describe import DataPath
from ..database.model import Debate
from ..database.translations import Survey, Translation
from .addresses import Addresses
from .layout import Layout


@dataclass(frozen=True)
class Place:
    """Where the text of a field is shown: a page, the anchor of its part, the part's name."""

    page: str  # source path without language: `claims/aim-big.md`
    anchor: str
    part: str  # the interface word that names the part


def place(where: DataPath, debate: Debate, layout: Layout) -> Place | None:
    """Where the field at `where` is shown; None for a field no page shows (the debate's
    title, which is the site's name in `mkdocs.yml`).

    A person's name appears on many pages, but its place is the index, where people are
    listed; elsewhere an untranslated name is only marked with the original's language."""
    head = where[0]
    if head == "claims" and len(where) > 2 and isinstance(where[1], int):
        page = layout.pair(debate.pairs[where[1]].id)
        if "citations" in where:
            return Place(page, "evidence", "evidence")
        return Place(page, str(where[2]), str(where[2]))  # claim, counterclaim
    if head in ("people", "conclusion"):
        return Place(layout.index(), head, head)
    if head == "debate" and where[1:2] != ("title",):
        return Place(layout.index(), "claims", "index_title")
    return None


@dataclass(frozen=True)
class Notices:
    survey: Survey
    debate: Debate
    layout: Layout
    addresses: Addresses

    def gaps_on(self, page: str, language: str) -> list[tuple[Translation, Place]]:
        return self._gaps_by_page.get((page, language), [])

    @cached_property
    def _gaps_by_page(self) -> dict[tuple[str, str], list[tuple[Translation, Place]]]:
        # Asked once per generated page: one pass over the survey, not one per page.
        found: dict[tuple[str, str], list[tuple[Translation, Place]]] = {}
        for translation in self.survey.gaps():
            where = place(translation.where, self.debate, self.layout)
            if where is not None:
                found.setdefault((where.page, translation.language), []).append(
                    (translation, where)
                )
        return found

    def on_page(self, page: str, language: str, words: Mapping[str, str]) -> list[str]:
        """The Markdown of the notice for `page` in `language`; nothing when it needs none."""
        gaps = self.gaps_on(page, language)
        if not gaps:
            return []
        paragraphs = []
        for state, sentence in (("missing", "notice_missing"), ("outdated", "notice_outdated")):
            places = list(dict.fromkeys(where for t, where in gaps if t.state == state))
            if places:
                parts = words["separator"].join(
                    f"[{words[where.part]}](#{where.anchor})" for where in places
                )
                paragraphs += [words[sentence].format(parts=parts), ""]
        original = self.original_url(page, language)
        status = posixpath.relpath(
            self.layout.translation_status_page(), posixpath.dirname(page) or "."
        )
        # The link to the other language is raw HTML: MkDocs would report a Markdown link
        # to a built page, which is not one of its sources.
        links = (
            f'<a href="{original}" hreflang="{self.survey.original}">{words["read_original"]}</a>'
            f" · [{words['translation_status_title']}]({status})"
        )
        return [
            '<div class="rb-notice" role="note" markdown>',
            "",
            *paragraphs,
            links,
            "",
            "</div>",
            "",
        ]

    def original_url(self, page: str, language: str) -> str:
        """The URL of `page` in the original language, from its page in `language`."""
        return self.addresses.link(page, language, page, self.survey.original)
