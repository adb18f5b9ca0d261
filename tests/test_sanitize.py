from __future__ import annotations

import pytest

from mkdocs_rebuttal.sanitize import is_safe_url, sanitize_html


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


def test_clean_html_is_returned_unchanged() -> None:
    page = '<h1 id="a">T</h1>\n<p><a class="rb-cite" href="../b/#k">[1]</a> &amp; text</p>\n'
    assert sanitize_html(page) == page
