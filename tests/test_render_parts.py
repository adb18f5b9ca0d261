"""Parts of the page writer that were rewritten for speed: same results as the slow way."""

from __future__ import annotations

import html
import posixpath

import yaml
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_rebuttal.pages.layout import Layout
from mkdocs_rebuttal.pages.markdown import PageWriter, _shorten, relative_link

segment = st.sampled_from(["claims", "a", "b", "x-y", "bibliography.md", "index.zh.md", ".", ".."])
path = st.lists(segment, min_size=1, max_size=4).map("/".join)


@given(path, path)
def test_relative_links_are_those_of_relpath(here: str, target: str) -> None:
    assert relative_link(here, target) == posixpath.relpath(target, posixpath.dirname(here) or ".")


def test_links_between_generated_pages() -> None:
    layout = Layout("debate/claims", "sources")
    pair, index = layout.pair("aim-big"), layout.index()
    assert relative_link(pair, layout.pair("keep-walking")) == "keep-walking.md"
    assert relative_link(pair, layout.bibliography_page()) == "../../sources.md"
    assert relative_link(layout.bibliography_page(), pair) == "debate/claims/aim-big.md"
    assert relative_link(index, pair) == "aim-big.md"


@given(st.text(), st.text())
def test_front_matter_reads_back_as_written(title: str, description: str) -> None:
    # `_page` uses nothing of the writer but its arguments.
    page = PageWriter._page(None, title, description, ["# x"])  # type: ignore[arg-type]
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == html.escape(title, quote=False)
    if description:
        assert meta["description"] == html.escape(_shorten(description, 200))
