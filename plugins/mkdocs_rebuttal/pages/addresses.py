"""Where a page of each language lives: its source name and its URL.

With static-i18n (`docs_structure: suffix`) the sources of a page are `claims/x.zh.md`,
`claims/x.en.md`, and every language but the default is built in a folder of its own
(`en/claims/x/`); a site of one language has plain `claims/x.md` at the root.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Addresses:
    """Source names and URLs of the pages of a site: the plugin's side knows which
    applies (`plugin.languages`), the pages' side only asks."""

    default: str  # the language built at the site's root
    suffixed: bool = True  # source names carry the language
    use_directory_urls: bool = True

    def source(self, page: str, language: str) -> str:
        """`claims/x.md` -> `claims/x.zh.md` (or `claims/x.md` in a site of one language)."""
        return f"{page.removesuffix('.md')}.{language}.md" if self.suffixed else page

    def url(self, page: str, language: str) -> str:
        """The URL of `page` in `language`, relative to the site's root, as MkDocs writes it:
        `claims/aim-big.md` -> `en/claims/aim-big/` (or `en/claims/aim-big.html`)."""
        stem = page.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            folder = stem.removesuffix("index")
            path = folder if self.use_directory_urls else f"{folder}index.html"
        else:
            path = f"{stem}/" if self.use_directory_urls else f"{stem}.html"
        return path if language == self.default else f"{language}/{path}"

    def link(self, page: str, language: str, target: str, target_language: str) -> str:
        """The link from `page` in `language` to `target` in `target_language`."""
        return relative_url(self.url(target, target_language), self.url(page, language))


def relative_url(url: str, other: str) -> str:
    """`url` relative to `other`, both from the site's root: what MkDocs'
    `get_relative_url` gives, so that the links of generated pages read as MkDocs' own."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    other_parts = [part for part in other.split("/") if part and part != "."]
    parts = [part for part in url.split("/") if part and part != "."]
    common = 0
    for a, b in zip(other_parts, parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative
