"""Where the generated pages live inside the docs tree: source paths without a language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """Where the generated pages live inside the docs tree (source paths, no language)."""

    claims_dir: str = "claims"
    bibliography: str = "bibliography"
    translation_status: str = "translations"
    overview: str = "argument-map"  # the page with the map of the whole debate; "" for none

    def index(self) -> str:
        return f"{self.claims_dir}/index.md"

    def pair(self, pair_id: str) -> str:
        return f"{self.claims_dir}/{pair_id}.md"

    def bibliography_page(self) -> str:
        return f"{self.bibliography}.md"

    def translation_status_page(self) -> str:
        return f"{self.translation_status}.md"

    def overview_page(self) -> str:
        return f"{self.overview}.md"

    def pages(self) -> tuple[str, ...]:
        """The pages that are not about one pair."""
        named = [self.index(), self.bibliography_page(), self.translation_status_page()]
        return tuple(named + ([self.overview_page()] if self.overview else []))
