"""The sidebar's order: claims in the database's order, then the maps and the bibliography."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..pages.layout import Layout

GENERATED_BY = "rebuttal"


def order_nav(nav: Navigation, pair_ids: list[str], layout: Layout, index_title: str) -> None:
    """Put the generated pages of one language's sidebar in reading order, in place.

    MkDocs sorts files alphabetically: the claims section gets its interface title, its index
    first and the pairs in the database's order; the overview map and the bibliography follow
    it (alphabetical order puts the bibliography before the claims that cite it); the
    translation status, for the people who keep the translations, goes last. Previous / next
    links follow the sidebar.
    """
    order = {pair_id: n for n, pair_id in enumerate(pair_ids)}
    followers = [
        item
        for name in (layout.bibliography, layout.overview)  # inserted in turn after the claims
        for item in nav.items
        if name and _is_generated(item, name)
    ]
    for item in list(nav.items):
        if isinstance(item, Section) and _is_claims_section(item, layout):
            item.title = index_title
            item.children.sort(key=lambda child: _rank(child, order))
            for follower in followers:
                nav.items.remove(follower)
                nav.items.insert(nav.items.index(item) + 1, follower)
    for item in list(nav.items):
        if _is_generated(item, layout.translation_status):
            nav.items.remove(item)
            nav.items.append(item)
    nav.pages = pages = list(_pages_in(nav.items))
    for n, page in enumerate(pages):
        page.previous_page = pages[n - 1] if n > 0 else None
        page.next_page = pages[n + 1] if n + 1 < len(pages) else None


def _is_generated(item: Any, name: str) -> bool:
    """Whether `item` is the generated page `name` (`bibliography`), in any language."""
    return (
        isinstance(item, Page)
        and item.file.generated_by == GENERATED_BY
        and item.file.src_uri.split(".", 1)[0] == name
    )


def _is_claims_section(section: Section, layout: Layout) -> bool:
    return any(
        isinstance(child, Page)
        and child.file.src_uri.startswith(layout.claims_dir + "/")
        and child.file.generated_by == GENERATED_BY
        for child in section.children
    )


def _rank(child: Any, order: Mapping[str, int]) -> int:
    if not isinstance(child, Page):
        return len(order)
    # `claims/aim-big.zh.md` -> `aim-big`; the index is not a pair and goes first.
    return order.get(child.file.src_uri.rsplit("/", 1)[-1].split(".", 1)[0], -1)


def _pages_in(items: list[Any]) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages_in(item.children)
