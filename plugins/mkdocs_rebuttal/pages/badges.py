"""How well a cited work backs a statement, as a badge: a sign, words, and colour as a help.

The claims index shows one per cited work of each pair (a verdict at a glance), the evidence
section of a pair page one per work, a citation's preview one. The sign and the words carry
the meaning; the colours (`assets/rebuttal.css`) keep WCAG AA contrast.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from ..database.model import Pair

FIT_SIGNS = {"supports": "✓", "partly": "◐", "does-not-support": "✗"}


def fit_badge(fit: str, words: Mapping[str, str]) -> str:
    """The badge of a fit (`supports`, `partly`, `does-not-support`) as inline HTML."""
    sign = FIT_SIGNS.get(fit, "")
    text = html.escape(words.get(f"fit_{fit}", fit), quote=False)
    mark = f'<span aria-hidden="true">{sign}</span> ' if sign else ""
    return f'<span class="rb-fit rb-fit-{html.escape(fit)}">{mark}{text}</span>'


def fit_of(pair: Pair, key: str) -> str | None:
    """The fit the pair gives the work `key`: the rebuttal's when it cites the work (the
    verdict is on the rebuttal), else the claim's."""
    for statement in reversed(list(pair.statements())):
        if key in statement.cited_keys():
            return statement.citation(key).fit
    return None
