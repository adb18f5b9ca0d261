"""Last line of defence for generated pages: no active content survives into the HTML.

Database text is HTML-escaped before it becomes Markdown, so the only elements on a
generated page are the ones Markdown, the CSL engine and our templates make. What Markdown
still lets through is a link or image with a dangerous address (`[x](javascript:...)`, a
reference definition, an entity-encoded scheme) and images that load from anywhere. This pass
removes those from the rendered HTML, whatever Markdown form produced them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import lxml.html
from lxml.html import HtmlElement

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "xlink:href", "poster")
# Browsers ignore these characters inside a scheme ("java\tscript:"), so must we.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def is_safe_url(url: str) -> bool:
    """Relative addresses and http(s)/mailto links only."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(url))
    if cleaned.startswith("//"):
        return True  # same scheme as the page
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme == "" or scheme in SAFE_SCHEMES


def sanitize_html(fragment: str) -> str:
    """`fragment` without unsafe addresses, event handlers, scripts or data images."""
    if not fragment.strip():
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in {"script", "iframe", "object", "embed", "style", "img", "form"}:
            _drop(element)
            changed = True
            continue
        for name in list(element.attrib):
            lowered = name.lower()
            if (
                lowered.startswith("on")
                or lowered == "style"
                or (lowered in URL_ATTRIBUTES and not is_safe_url(element.attrib[name]))
            ):
                del element.attrib[name]
                changed = True
    if not changed:
        return fragment
    return "".join(
        [root.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in root]
    )


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
