"""Markdown for the generated pages, one language at a time.

The output is ordinary MkDocs Markdown: links point at `.md` sources so that MkDocs resolves
them (and static-i18n localizes them) like links written by hand. Database text is escaped
before it is placed, so that a field can carry Markdown emphasis and links but never HTML.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from ..citations.bibliography import Citations, Entry
from ..database.citation_syntax import Cluster, parse
from ..database.model import Citation, Debate, Localized, Pair, Statement, pick
from .badges import fit_badge, fit_of
from .escaping import markdown_text
from .layout import Layout
from .notices import Notices
from .plaintext import plain_text, unescaped, without_citations
from .translated import translated_label


class Reused:
    """What was made from one pair for a page (a row of the claims table, the previews of its
    citations), kept from the last version of the site (`mkdocs serve`) and used again while
    the pair is the same. Whoever hands it over vouches that nothing else it depends on changed
    (references, words, people, layout: `generate_site`'s shared inputs)."""

    def __init__(self, last: Reused | None = None, *, keep: bool = False) -> None:
        """`keep`: keep what is made for the next version (`mkdocs serve`); a build that
        makes the site once only needs the memory."""
        self._last = last._made if last is not None else {}
        self._made: dict[tuple[Any, ...], tuple[Pair, Any]] = {}
        self._keep = keep

    def get(self, key: tuple[Any, ...], pair: Pair) -> Any:
        found = self._made.get(key) or self._last.get(key)
        if found is None or found[0] != pair:
            return None
        self._made[key] = found
        return found[1]

    def put(self, key: tuple[Any, ...], pair: Pair, made: Any) -> Any:
        if self._keep:
            self._made[key] = (pair, made)
        return made


@dataclass(frozen=True)
class Bibliographies:
    """The formatted references of one language, and how its in-text citations look."""

    entries: Mapping[str, Entry]
    numeric: bool
    citations: Citations | None = None
    """In-text citations with locators, prefixes and suffixes in the style; without it a
    citation shows each work's label alone."""


class PageWriter:
    def __init__(
        self,
        debate: Debate,
        language: str,
        fallback: str,
        words: Mapping[str, str],
        references: Bibliographies,
        layout: Layout,
        notices: Notices | None = None,
        rows: Reused | None = None,
    ) -> None:
        self.debate = debate
        self.language = language
        self.fallback = fallback
        self.words = words
        self.references = references
        self.layout = layout
        # Tells the reader which texts of a page are untranslated or outdated.
        self.notices = notices
        self.rows = rows if rows is not None else Reused()

    # Pages -------------------------------------------------------------------------------

    def index(self) -> str:
        here = self.layout.index()
        w = self.words
        body = [f"# {w['index_title']} {{ #claims }}", "", *self._notice(here), self._summary()]
        body += [*self._works(), w["index_intro"], "", *self.verdict_table(here), ""]
        if self.debate.conclusion:
            body += [f"## {w['conclusion']} {{ #conclusion }}", ""]
            body += self._statement_body(here, self.debate.conclusion, "conclusion")
        body += self._people()
        return self._page(w["index_title"], self._plain(self.debate.summary), body)

    def verdict_table(self, here: str, anchors: bool = True) -> list[str]:
        """Every pair in a table: the claim, the rebuttal, and each cited work with its fit,
        linked from page `here`. The claims index has it, with an anchor per pair; a
        hand-written page may ask for it (`VERDICTS_MARKER`)."""
        w = self.words
        rows = [
            f"| # | {w['claim']} | {w['counterclaim']} | {w['cited_works']} |",
            "|---|---|---|---|",
        ]
        for number, pair in enumerate(self.debate.pairs, start=1):
            key = (here, anchors, number, pair.id)
            row = self.rows.get(key, pair)
            if row is None:
                row = self.rows.put(key, pair, self._verdict_row(here, anchors, number, pair))
            rows.append(row)
        # In a block of its own, which a narrow screen lays out as a list (rebuttal.css).
        return ['<div class="rb-index" markdown>', "", *rows, "", "</div>"]

    def _verdict_row(self, here: str, anchors: bool, number: int, pair: Pair) -> str:
        w = self.words
        link = self._link(here, self.layout.pair(pair.id))
        anchor = f"{{ #{pair.id} }}" if anchors else ""
        claim = f"[{_cell(self._inline(pair.claim.title))}]({link}){anchor}"
        claim += f" <br> {_cell(self._person(pair.claim.by))}"
        if pair.counterclaim:
            title = _cell(self._inline(pair.counterclaim.title))
            rebuttal = f"[{title}]({link}#counterclaim)"
            rebuttal += f" <br> {_cell(self._person(pair.counterclaim.by))}"
        else:
            rebuttal = f"*{w['no_counterclaim']}*"
        cited = " <br> ".join(self._verdict(here, pair, key) for key in pair.cited_keys())
        # An author-date label carries an author's name, which may hold a `|`.
        cited = _cell(cited) or f"*{w['no_citation']}*"  # a verdict too: nothing backs it
        return f"| {number} | {claim} | {rebuttal} | {cited} |"

    def pair(self, position: int) -> str:
        pairs = self.debate.pairs
        pair = pairs[position]
        here = self.layout.pair(pair.id)
        w = self.words
        title = self._plain(pair.claim.title)
        if pair.counterclaim:
            title += " / " + self._plain(pair.counterclaim.title)
        body = [f"# {self._inline(pair.claim.title)} {{ #{pair.id} }}", "", *self._notice(here)]
        body += [self._pager(here, position), ""]
        body += self._statement_section(here, "claim", pair.claim)
        if pair.counterclaim:
            body += self._statement_section(here, "counterclaim", pair.counterclaim)
        else:
            body += [f"## {w['counterclaim']} {{ #counterclaim }}", "", w["no_counterclaim"], ""]
        body += self._evidence(here, pair)
        body += [self._pager(here, position), ""]
        description = f"{w['claim']}{w['colon']}{self._plain(pair.claim.text)}"
        return self._page(title, description, body)

    def bibliography(self) -> str:
        here = self.layout.bibliography_page()
        w = self.words
        body = [f"# {w['bibliography_title']} {{ #bibliography }}", "", w["bibliography_intro"], ""]
        for entry in self.references.entries.values():
            citing = self.debate.citing_pairs(entry.key)
            # An author-date list is its own label; a numeric one shows the number cited.
            label = f'<span class="rb-label">{entry.label_html}</span>'
            reference = " ".join(
                [
                    *([label] if self.references.numeric else []),
                    entry.html,
                    *(
                        f'<a class="rb-link" href="{html.escape(link.url)}">'
                        f"{html.escape(link.label)}</a>"
                        for link in entry.links
                    ),
                ]
            )
            body += [
                f'<div class="rb-entry" id="{entry.key}" markdown>',
                f'<p class="rb-reference" markdown="0">{reference}</p>',
                "",
            ]
            if citing:
                body.append(f"{w['cited_by']}{w['colon']}" + self._pair_links(here, citing))
            else:
                body.append(w["not_cited"])
            body += ["", "</div>", ""]
        return self._page(w["bibliography_title"], w["bibliography_intro"], body)

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Number of each pair, from 1, made once: every bibliography entry needs some."""
        return {pair.id: n for n, pair in enumerate(self.debate.pairs, start=1)}

    # Parts -------------------------------------------------------------------------------

    def _statement_section(self, here: str, anchor: str, statement: Statement) -> list[str]:
        heading = f"{self.words[anchor]}{self.words['colon']}{self._inline(statement.title)}"
        body = self._statement_body(here, statement, anchor)
        return [f"## {heading} {{ #{anchor} }}", "", *body]

    def _statement_body(self, here: str, statement: Statement, anchor: str) -> list[str]:
        text = self._inline(statement.text, cite_from=here)
        quoted = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
        speaker = f"**{self._person(statement.by)}**{self.words['colon']}".rstrip()
        return [speaker, "", quoted, "", *self._translated(here, statement, anchor)]

    def _translated(self, here: str, statement: Statement, anchor: str) -> list[str]:
        """Under a quote shown in this site's translation: a label saying so, linking to
        the quote in the original."""
        if self.language == self.fallback or not statement.text.get(self.language):
            return []
        url = None
        if self.notices is not None:
            url = f"{self.notices.original_url(here, self.language)}#{anchor}"
        return [translated_label(self.words, self.language, self.fallback, url), ""]

    def _evidence(self, here: str, pair: Pair) -> list[str]:
        w = self.words
        lines = [f"## {w['evidence']} {{ #evidence }}", ""]
        # Each statement's own citations: a work cited by both has a locator, fit and note
        # for each of them.
        groups = [
            (kind, statement)
            for kind, statement in (("claim", pair.claim), ("counterclaim", pair.counterclaim))
            if statement is not None and statement.cited_keys()
        ]
        if not groups:
            return [*lines, w["no_citation"], ""]
        labelled = [kind for kind, _ in groups] != ["counterclaim"]
        lines += [w["evidence_intro_all" if labelled else "evidence_intro"], ""]
        for kind, statement in groups:
            if labelled:
                lines += [f"**{w[kind]}**", ""]
            for key in statement.cited_keys():
                lines += self._evidence_entry(here, key, statement.citation(key))
            lines.append("")
        return lines

    def _evidence_entry(self, here: str, key: str, citation: Citation) -> list[str]:
        w = self.words
        entry = self.references.entries.get(key)
        head = self._cite(here, key)
        if entry:
            head += f" {entry.html}"
        lines = [f"- {head}"]
        if citation.locator:
            lines.append(f"    - {w['locator']}{w['colon']}{self._inline(citation.locator)}")
        if citation.fit:
            lines.append(f"    - {w['fit']}{w['colon']}{fit_badge(citation.fit, w)}")
        if citation.note:
            lines.append(f"    - {self._inline(citation.note)}")
        return lines

    def _pager(self, here: str, position: int) -> str:
        pairs = self.debate.pairs
        w = self.words
        parts = []
        if position > 0:
            previous = pairs[position - 1]
            link = self._link(here, self.layout.pair(previous.id))
            parts.append(
                f"[← {w['previous']}{w['colon']}{self._inline(previous.claim.title)}]({link})"
            )
        parts.append(
            f"[{w['back_to_index']}]({self._link(here, self.layout.index())}#{pairs[position].id})"
        )
        if position + 1 < len(pairs):
            following = pairs[position + 1]
            link = self._link(here, self.layout.pair(following.id))
            parts.append(
                f"[{w['next']}{w['colon']}{self._inline(following.claim.title)} →]({link})"
            )
        return " · ".join(parts) + "\n{ .rb-pager }"

    def _pair_links(self, here: str, pairs: Sequence[Pair]) -> str:
        positions = self._positions
        return "; ".join(
            f"[{self.words['pair'].format(n=positions[p.id])} {self._inline(p.claim.title)}]"
            f"({self._link(here, self.layout.pair(p.id))}#evidence)"
            for p in pairs
        )

    def _works(self) -> list[str]:
        """Where the debate comes from: the essay, and the work it answers."""
        lines = []
        for word, work in (
            ("source", self.debate.source),
            ("responds_to", self.debate.responds_to),
        ):
            if work is None:
                continue
            title = f"*{self._inline(work.title)}*"
            if work.url:
                title = f"[{title}]({work.url})"
            parts = [title, self._person(work.author) if work.author else ""]
            parts.append(self._inline(work.published_in))
            lines.append(f"- {self.words[word]}{self.words['colon']}" + self._list(parts))
        return [*lines, ""] if lines else []

    def _people(self) -> list[str]:
        lines = [f"## {self.words['people']} {{ #people }}", ""]
        for person in self.debate.people.values():
            name = f"**{self._person(person.id)}**"
            if person.url:
                name = f"[{name}]({person.url})"
            about = self._inline(person.about)
            lines.append(f"- {name}" + (f"{self.words['colon']}{about}" if about else ""))
        return [*lines, ""]

    def _list(self, parts: Sequence[str]) -> str:
        return self.words["separator"].join(part for part in parts if part)

    def _summary(self) -> str:
        summary = self._inline(self.debate.summary)
        return f"{summary}\n" if summary else ""

    def _person(self, person_id: str) -> str:
        name = markdown_text(self.debate.person_name(person_id, self.language, self.fallback))
        person = self.debate.people.get(person_id)
        return self._mark_original(person.name if person else None, name)

    def _notice(self, here: str) -> list[str]:
        if self.notices is None:
            return []
        return self.notices.on_page(here, self.language, self.words)

    def _verdict(self, here: str, pair: Pair, key: str) -> str:
        """A work a pair cites, as the claims index shows it: its citation and its fit."""
        fit = fit_of(pair, key)
        return self._cite(here, key) + (f" {fit_badge(fit, self.words)}" if fit else "")

    def _cite(self, here: str, key: str) -> str:
        entry = self.references.entries.get(key)
        label = entry.label_html if entry else _escape(key)
        link = f"[{_escape_brackets(label)}]({self._bibliography_link(here, key)}){{ .rb-cite }}"
        if self.references.numeric:
            return f"<sup>{link}</sup>"
        return f"({link})"

    def _bibliography_link(self, here: str, key: str) -> str:
        return f"{self._link(here, self.layout.bibliography_page())}#{key}"

    def _cluster(self, here: str, cluster: Cluster) -> str:
        """A citation as Markdown in the style of the language's bibliography, each work a
        link to its entry: `(see Hare, 2019, p. 57; Peters & Schaal, 2006)`, `Hare (2019)`,
        superscript `[1,3]`, `[1]57`."""
        items = cluster.items
        citations = self.references.citations
        known = all(key in self.references.entries for key in cluster.keys)
        first = items[0]
        plain = not (first.prefix or first.suffix or first.locator or first.suppress_author)
        if (len(items) == 1 and plain and not cluster.narrative) or citations is None or not known:
            return "".join(self._cite(here, key) for key in cluster.keys)
        layout = citations.layout
        if layout.sorts and len(items) > 1:
            items = tuple(sorted(items, key=lambda item: citations.position(item.key)))

        def link(text: str, key: str) -> str:
            return f"[{_escape_brackets(text)}]({self._bibliography_link(here, key)}){{ .rb-cite }}"

        def typeset(text: str) -> str:
            return f"<sup>{text}</sup>" if layout.superscript else text

        # The layout's brackets: as they are inside a link's text, which `link` escapes.
        opening, closing = _escape(layout.prefix), _escape(layout.suffix)
        if cluster.narrative:
            item = items[0]
            author = citations.item(item.key, mode="author-only").html
            rest = citations.item(
                item.key,
                item.locator_label,
                item.locator,
                suffix=item.suffix,
                mode="suppress-author" if not self.references.numeric else "normal",
            )
            if self.references.numeric:
                number = link(f"{opening}{rest.html}{closing}", item.key) + rest.locator_html
                space = "" if layout.superscript else " "
                return f"{author}{space}{typeset(number)}"
            return link(f"{author} {opening}{rest.html}{closing}", item.key)
        cited = [
            (
                item.key,
                citations.item(
                    item.key,
                    item.locator_label,
                    item.locator,
                    item.prefix,
                    item.suffix,
                    "suppress-author" if item.suppress_author else "normal",
                ),
            )
            for item in items
        ]
        delimiter = _escape(layout.delimiter)
        if any(c.locator_html for _, c in cited):
            # A locator the style prints after the citation belongs to one work: each work
            # is then a citation of its own, `[1]57,[3]12`.
            return typeset(
                delimiter.join(
                    link(f"{opening}{c.html}{closing}", key) + c.locator_html for key, c in cited
                )
            )
        if len(cited) == 1 and self.references.numeric and not (first.prefix or first.suffix):
            # As `_cite` does: a number alone is linked with its brackets, `[1]`.
            key, c = cited[0]
            return typeset(link(f"{opening}{c.html}{closing}", key))
        linked = [link(c.html, key) for key, c in cited]
        if layout.collapses:
            linked = _collapsed(linked, [c.text for _, c in cited])
        inner = delimiter.join(linked)
        return typeset(f"{_escape_brackets(opening)}{inner}{_escape_brackets(closing)}")

    # Text --------------------------------------------------------------------------------

    def _inline(self, text: Localized | None, cite_from: str | None = None) -> str:
        """Database text as Markdown: HTML escaped, citations turned into links (into nothing
        when the text is not one that cites: titles, notes)."""
        value = pick(text, self.language, self.fallback)
        if cite_from is None:
            value = markdown_text(unescaped(without_citations(value))).strip()
        else:
            found = parse(value)
            parts = []
            done = 0
            for cluster in found.clusters:
                parts.append(markdown_text(unescaped(value[done : cluster.start])))
                parts.append(self._cluster(cite_from, cluster))
                done = cluster.end
            parts.append(markdown_text(unescaped(value[done:])))
            value = "".join(parts)
        return self._mark_original(text, value)

    def _mark_original(self, text: Localized | None, markdown: str) -> str:
        """Untranslated text shown in the original, marked with the original's language so
        that screen readers and hyphenation treat it as such: a span per paragraph, since
        an inline element cannot hold a paragraph break."""
        if not text or text.get(self.language) or not markdown:
            return markdown
        return "\n\n".join(
            f'<span lang="{self.fallback}">{paragraph}</span>'
            for paragraph in _PARAGRAPH_BREAK.split(markdown)
        )

    def _plain(self, text: Localized | None) -> str:
        """Text for titles and meta descriptions: no citations in brackets, a narrative one
        as its words ("Hare (2019)"), no Markdown, one line."""
        return plain_text(pick(text, self.language, self.fallback), self._narrative_text)

    def _narrative_text(self, cluster: Cluster) -> str | None:
        citations = self.references.citations
        item = cluster.items[0]
        if citations is None or item.key not in self.references.entries:
            return None
        author = citations.item(item.key, mode="author-only").text
        if self.references.numeric:
            rest = citations.item(item.key, item.locator_label, item.locator, suffix=item.suffix)
            return f"{author}{citations.layout.prefix}{rest.text}{citations.layout.suffix}"
        rest = citations.item(
            item.key, item.locator_label, item.locator, suffix=item.suffix, mode="suppress-author"
        )
        return f"{author} {citations.layout.prefix}{rest.text}{citations.layout.suffix}"

    def _page(self, title: str, description: str, body: list[str]) -> str:
        # Themes print the title as it is into HTML text, but escape it themselves for an
        # attribute (Material's aria-labels): escaped quotes would be read out as "&#x27;".
        # The description goes into the `content` attribute as it is: quotes escaped too.
        meta = {"title": _escape(title)}
        if description:
            meta["description"] = html.escape(_shorten(description, 200))
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n" + "\n".join(body).rstrip() + "\n"

    @staticmethod
    def _link(here: str, target: str) -> str:
        return relative_link(here, target)


def relative_link(here: str, target: str) -> str:
    """The link from page `here` to page `target`, both paths inside the docs folder.

    What `posixpath.relpath(target, dirname(here))` gives for such paths, without its two
    calls to `os.getcwd()`: pages link to each other tens of thousands of times.
    """
    folders = here.split("/")[:-1]
    parts = target.split("/")
    if "" in folders or "" in parts or {".", ".."} & {*folders, *parts}:
        return posixpath.relpath(target, posixpath.dirname(here) or ".")
    common = 0
    while common < min(len(folders), len(parts)) and folders[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folders) - common) + parts[common:]) or "."


# libyaml writes the same YAML as the pure-Python emitter, many times faster; every page has
# front matter.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _collapsed(linked: list[str], numbers: list[str]) -> list[str]:
    """Runs of three or more consecutive citation numbers as one range, `1–3`, each end
    still its link; anything that is not a bare number breaks a run."""
    values = [int(n) if n.isdigit() else None for n in numbers]
    out: list[str] = []
    start = 0
    while start < len(linked):
        end = start
        while (
            end + 1 < len(linked)
            and values[end] is not None
            and values[end + 1] == (values[end] or 0) + 1
        ):
            end += 1
        if end - start >= 2:
            out.append(f"{linked[start]}\u2013{linked[end]}")
        else:
            out += linked[start : end + 1]
        start = end + 1
    return out


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(text: str) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(text.replace("|", "\\|").split())


def _escape(text: str) -> str:
    # `quote=False`: quotes are harmless in Markdown text and would show as entities in titles.
    return html.escape(text, quote=False)


def _escape_brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
