"""Last line of defence for generated pages: no active content survives into the HTML.

Database text is HTML-escaped before it becomes Markdown, so the only elements on a
generated page are the ones Markdown, the CSL engine and our templates make. What Markdown
still lets through is a link or image with a dangerous address (`[x](javascript:...)`, a
reference definition, an entity-encoded scheme) and images that load from anywhere. This pass
removes those from the rendered HTML, whatever Markdown form produced them, and every
attribute that could clobber the theme's own elements: an id of the theme's kind
(`__config`, which Material reads its search index's address from), `name`, `data-*`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from lxml import etree

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "xlink:href", "poster")
DROPPED = frozenset({"script", "iframe", "object", "embed", "style", "img", "form"})
# Material names its own elements `__config`, `__search`, `__drawer`, ...; the generated
# pages' anchors are ids and citation keys, which never start so.
THEME_ID = re.compile(r"\s*__")
# Browsers ignore these characters inside a scheme ("java\tscript:"), so must we.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# No colon, no character reference, nothing a browser skips: no scheme, however read. The
# links between generated pages all look like this; they need no closer look.
_PLAIN_RELATIVE = re.compile(r"[A-Za-z0-9._~/#%?=+-]*")

# lxml.html's parser gives every element a class of its own, chosen by a Python call each time
# an element is touched; plain elements are several times faster to walk, and the pages of a
# large database (a claims index of thousands of rows) have hundreds of thousands of them.
_PARSER = etree.HTMLParser()


def is_safe_url(url: str) -> bool:
    """Relative addresses and http(s)/mailto links only."""
    if _PLAIN_RELATIVE.fullmatch(url):
        return True
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
    # What lxml.html.fragment_fromstring does, with plain elements.
    document = etree.fromstring(f"<html><body>{fragment}</body></html>", _PARSER)
    body = document.find("body") if document is not None else None
    if body is None:
        return ""  # nothing the parser could read as content
    if body.text is not None and not body.text.strip():
        body.text = None  # leading whitespace alone is not text of the fragment (lxml.html)
    changed = False
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
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
        [body.text or ""]
        + [etree.tostring(child, method="html", encoding="unicode") for child in body]
    )


def _drop(element: etree._Element) -> None:
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
