from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_rebuttal.pages.sanitize import (
    DROPPED,
    THEME_ID,
    URL_ATTRIBUTES,
    _drop,
    is_safe_url,
    sanitize_html,
)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_dangerous_addresses_are_unsafe(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize(
    "url", ["https://arxiv.org/abs/1707.06347", "http://example.org/", "../x/#y", "#k", "//h/p"]
)
def test_ordinary_addresses_are_safe(url: str) -> None:
    assert is_safe_url(url)


def test_unsafe_parts_go_and_text_stays() -> None:
    dirty = (
        '<p>before <a href="javascript:alert(1)" onclick="x()">link</a>'
        '<img src="https://tracker.example/p.png" onerror="x()"> after'
        '<em style="background:url(https://tracker.example/)">em</em></p>'
        "<script>alert(1)</script><p>tail</p>"
    )
    clean = sanitize_html(dirty)
    assert clean == "<p>before <a>link</a> after<em>em</em></p><p>tail</p>"


def test_attributes_that_clobber_the_theme_go() -> None:
    # Material reads its configuration from the first element with id="__config".
    dirty = '<p><code id="__config" data-md="x" name="y">{}</code><a id="k" href="#k">k</a></p>'
    assert sanitize_html(dirty) == '<p><code>{}</code><a id="k" href="#k">k</a></p>'


def test_clean_html_is_returned_unchanged() -> None:
    page = '<h1 id="a">T</h1>\n<p><a class="rb-cite" href="../b/#k">[1]</a> &amp; text</p>\n'
    assert sanitize_html(page) == page


# The sanitizer walks plain lxml elements, for speed; it must answer exactly as the
# straightforward walk over every element of lxml.html's tree, however the attributes are
# written.


def walk_every_element(fragment: str) -> str:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in DROPPED:
            _drop(element)
            changed = True
            continue
        for name in list(element.attrib):
            lowered = name.lower()
            if (
                lowered.startswith(("on", "data-"))
                or lowered in ("style", "name")
                or (lowered == "id" and THEME_ID.match(element.attrib[name]))
                or (lowered in URL_ATTRIBUTES and not is_safe_url(element.attrib[name]))
            ):
                del element.attrib[name]
                changed = True
    if not changed:
        return fragment
    return "".join(
        [root.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in root]
    )


ATTRIBUTE = st.tuples(
    st.sampled_from(
        [
            "href",
            "HREF",
            "src",
            "onclick",
            "OnLoad",
            "style",
            "class",
            "id",
            "title",
            "data-x",
            "name",
            "ID",
        ]
    ),
    st.sampled_from(
        [
            "../a/#b",
            "__config",
            " __search",
            "javascript:alert(1)",
            "java&#x09;script:x",
            "&#106;avascript:x",
            "https://example.org/",
            "data:x",
            "x",
            "a&amp;b",
            "mailto:a@b",
        ]
    ),
)
SEPARATOR = st.sampled_from([" ", "/", "\n", " \t"])
EQUALS = st.sampled_from(["=", " = ", "=\n"])
QUOTE = st.sampled_from(['"{}"', "'{}'", "{}"])
# Text that looks like attributes or tags to a quick look, and text that does not.
TEXT = st.sampled_from(
    ["text", " ", "a &amp; b", "尾", "\n", "one = two", "on the href", "href=&quot;x", "&lt;img"]
)
TAG = st.sampled_from(["p", "a", "em", "div", "sup", "span", "img", "script", "form", "style"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            parts.append(draw(TEXT))
            continue
        tag = draw(TAG)
        attributes = "".join(
            draw(SEPARATOR) + n + draw(EQUALS) + draw(QUOTE).format(v)
            for n, v in draw(st.lists(ATTRIBUTE, max_size=3))
        )
        inner = draw(fragments(depth + 1)) if depth < 2 else ""
        parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(parts)


@given(fragments())
@settings(max_examples=400)
def test_the_same_answer_as_a_walk_over_every_element(fragment: str) -> None:
    assert sanitize_html(fragment) == walk_every_element(fragment)
