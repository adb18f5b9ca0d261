"""Citation previews: what a reader sees on hovering, focusing or tapping a citation.

Each page that cites gets one `<script type="application/json">` holding, for every citation
on it, a small HTML card: the formatted reference, how well the work backs the statement
that cites it (the fit as a badge with its words), the evidence note, and links to the
work's DOI / arXiv pages and to its bibliography entry. `assets/rebuttal.js` shows the card
beside the citation; without the script the citation is the link to the entry it always was.

The data is a script element, not hidden HTML, and the plugin puts it into the page's head
(`Site.head`): a search index reads neither, so a note is found once, where the page shows it,
and Material's instant navigation carries a head's scripts over as they are (a script in the
content it rewrites into one that runs). Cards are keyed `pair|key`; the claims index names
the pair of each row, and a citation outside any pair (the conclusion) finds its card under
`|key`, which has no fit or note.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Mapping, Sequence

import markdown

from ..database.model import Citation, Debate, Pair, pick
from .badges import fit_badge
from .markdown import Bibliographies, Reused
from .plaintext import unescaped, without_citations
from .sanitize import sanitize_html

PREVIEWS_CLASS = "rb-previews"


class PreviewMaker:
    """The cards of one language."""

    def __init__(
        self,
        debate: Debate,
        language: str,
        fallback: str,
        words: Mapping[str, str],
        references: Bibliographies,
        reused: Reused | None = None,
    ) -> None:
        self.debate = debate
        self.language = language
        self.fallback = fallback
        self.words = words
        self.references = references
        self.reused = reused if reused is not None else Reused()

    def script(
        self,
        pairs: Sequence[Pair],
        entry_url: Callable[[str], str],
        evidence_url: Callable[[str], str] | None = None,
        keys: Sequence[str] = (),
        page: str = "",
    ) -> str:
        """The JSON of the cards for citations in `pairs` (with their fit and note) and of
        the works `keys` outside any pair. `entry_url(key)` is the link to a bibliography
        entry, `evidence_url(pair_id)` the one to a pair's evidence, from this page; both
        final addresses, as the script puts them in the page as they are. `page`, the
        page's address, keeps each pair's cards for the next version of the site."""
        # Each card as the JSON entry `"key":"card"`, made once per pair and page.
        entries: dict[str, str] = {}
        for pair in pairs:
            reuse = (page, evidence_url is not None, pair.id)
            made = self.reused.get(reuse, pair) if page else None
            if made is None:
                made = _entries(self._pair_cards(pair, entry_url, evidence_url))
                if page:
                    self.reused.put(reuse, pair, made)
            entries.update(made)
        for key in keys:
            card = self.card(key, entry_url(key))
            if card:
                entries.update(_entries({f"|{key}": card}))
        if not entries:
            return ""
        return _script(self.words["preview_label"], entries)

    def _pair_cards(
        self,
        pair: Pair,
        entry_url: Callable[[str], str],
        evidence_url: Callable[[str], str] | None,
    ) -> dict[str, str]:
        cards = {}
        for key in pair.cited_keys():
            citation = next(
                (s.citation(key) for s in pair.statements() if key in s.cited_keys()), None
            )
            evidence = evidence_url(pair.id) if evidence_url else None
            card = self.card(key, entry_url(key), citation, evidence)
            if card:
                cards[f"{pair.id}|{key}"] = card
        return cards

    def card(
        self,
        key: str,
        entry_url: str,
        citation: Citation | None = None,
        evidence_url: str | None = None,
    ) -> str:
        entry = self.references.entries.get(key)
        if entry is None:
            return ""
        w = self.words
        label = ""
        if self.references.numeric:
            label = f'<span class="rb-label">{entry.label_html}</span> '

        parts = [f'<p class="rb-preview-reference">{label}{entry.html}</p>']
        facts = []
        if citation and citation.fit:
            facts.append(
                f'<span class="rb-preview-term">{_text(w["fit"])}{_text(w["colon"])}</span>'
                + fit_badge(citation.fit, w)
            )
        if citation and citation.locator:
            locator = _text(pick(citation.locator, self.language, self.fallback))
            facts.append(f"{_text(w['locator'])}{_text(w['colon'])}{locator}")
        if facts:
            parts.append(f'<p class="rb-preview-fit">{_text(w["separator"]).join(facts)}</p>')
        if citation and citation.note:
            parts.append(f'<div class="rb-preview-note">{self._note(citation.note)}</div>')
        links = [
            f'<a href="{html.escape(link.url)}">{html.escape(link.label)}</a>'
            for link in entry.links
            if link.label in ("DOI", "arXiv")
        ]
        links.append(f'<a href="{html.escape(entry_url)}">{_text(w["preview_entry"])}</a>')
        if evidence_url:
            evidence = _text(w["preview_evidence"])
            links.append(f'<a href="{html.escape(evidence_url)}">{evidence}</a>')
        parts.append(f'<p class="rb-preview-links">{" · ".join(links)}</p>')
        return "".join(parts)

    def _note(self, note: Mapping[str, str]) -> str:
        # As the page shows a note (`PageWriter._inline`): HTML escaped, Markdown emphasis and
        # links kept; then the sanitizer, as for any HTML made from the database.
        value = pick(note, self.language, self.fallback)
        escaped = html.escape(unescaped(without_citations(value)), quote=False).strip()
        rendered = _note_html(escaped)
        if note.get(self.language):
            return rendered
        return f'<div lang="{html.escape(self.fallback)}">{rendered}</div>'


@functools.lru_cache(maxsize=1 << 16)
def _note_html(escaped: str) -> str:
    # Kept across builds: `mkdocs serve` asks again for every card of every page it compares,
    # and a page's notes rarely change between two saves.
    return sanitize_html(_MARKDOWN.reset().convert(escaped))


# One converter, reset between notes: building Markdown's parser costs more than a note.
_MARKDOWN = markdown.Markdown()


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _script(label: str, entries: Mapping[str, str]) -> str:
    # The JSON of {"cards": {...}, "label": label}, keys sorted, as json.dumps writes it, from
    # each card's entry: a page listing every pair (the claims index) holds thousands of
    # cards, which `mkdocs serve` writes again after every save, most of them unchanged.
    cards = ",".join(entries[key] for key in sorted(entries))
    text = '{"cards":{' + cards + '},"label":' + _json(label) + "}"
    return f'<script type="application/json" class="{PREVIEWS_CLASS}">{text}</script>'


def _entries(cards: Mapping[str, str]) -> dict[str, str]:
    return {key: _json(key) + ":" + _json(card) for key, card in cards.items()}


def _json(value: str) -> str:
    # As jsonld.script: nothing in the JSON can end the script element.
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
