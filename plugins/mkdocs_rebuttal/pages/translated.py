"""The label under a quote that the page shows in translation: "Translated from Chinese",
linking to the same quote on the page in the original language.

A translated quote is this site's wording of someone else's words; the reader is told so
wherever one is shown. (A quote shown in the original because its translation is missing
carries no label: the page's notice tells of it, and the text is marked with its language.)
"""

from __future__ import annotations

import html
from collections.abc import Mapping

# Names of languages in the interface's language; another language's name comes from the
# site's words (`translated_from_original` stands in where a name is unknown).
LANGUAGE_NAMES: Mapping[str, Mapping[str, str]] = {
    "zh": {"zh": "中文", "en": "英文", "ja": "日文"},
    "en": {"zh": "Chinese", "en": "English", "ja": "Japanese"},
}


def language_name(code: str, interface: str) -> str | None:
    names = LANGUAGE_NAMES.get(interface) or {}
    return names.get(code) or names.get(code.split("-")[0])


def translated_label(
    words: Mapping[str, str], language: str, original: str, url: str | None
) -> str:
    """The label as an HTML paragraph: a link to `url`, the quote in the original, if any."""
    name = language_name(original, language)
    text = (
        words["translated_from"].format(language=name)
        if name
        else words["translated_from_original"]
    )
    text = html.escape(text, quote=False)
    if url:
        text = f'<a href="{html.escape(url)}" hreflang="{html.escape(original)}">{text}</a>'
    return f'<p class="rb-translated">{text}</p>'
