"""Pandoc's citation syntax: where a text cites which works, and how.

A *cluster* is one citation in the text. In brackets it cites one work or several, each with
an optional prefix, locator and suffix, and `-` before `@` leaves the author out:

    [@hare2019]   [see @hare2019, p. 57; @peters2006]   [@hare2019, 第 3 节]   [-@hare2019]

In running text, `@key` cites a work *narratively* (its author is part of the sentence), with
an optional locator in brackets right after it: `@hare2019 says ...`, `@hare2019 [p. 33]`.

The rules are Pandoc's (https://pandoc.org/MANUAL.html#citation-syntax):

- A key starts with a letter, digit or `_`, and goes on with letters, digits, `_` and the
  punctuation `:.#$%&-+?<>~/` when a letter, digit or `_` follows it (so `@hare2019.` at the
  end of a sentence cites `hare2019`). Any other key is written in braces: `@{Hare 2019}`.
- `@` right after a letter or digit is not a citation: `mu@example.com` is an address.
- `\\@` is a literal `@`; `\\[` a literal bracket. Code spans (`` `@x` ``), link addresses
  (`[text](https://x/@y)`) and automatic links (`<https://x/@y>`) cite nothing. Unlike
  Pandoc, a bracket with a citation in it is a citation even when `(` follows it.
- A locator is a term Pandoc knows in English (`p.`, `pp.`, `page`, `chap.`, `sec.`, `§`,
  `para.`, `fig.`, `vol.`, `no.`, `line`, `note`, ... see `LOCATOR_TERMS`) followed by a
  number, a range or a list of them (`33-35, 38`), or such a number alone (a page); or
  anything in braces after a term: `{pp. iv, vi-xi}`. What follows the locator, or what
  follows the key when it is no locator (`, 第 3 节`), is the suffix.

Anything that starts like a citation and does not parse is a `CitationError` with the offset
where it goes wrong: a bracket with a citation that is never closed, `@` with no key,
two citations in one bracket without `;` between them. The checker reports them; the pages
never print them as they are.

Nothing here knows about YAML, MkDocs or citation styles: offsets are into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a cluster."""

    key: str
    prefix: str = ""
    """Text before the citation, trimmed: "see"."""
    locator_label: str | None = None
    """The CSL locator label ("page", "chapter", "section", ...) when there is a locator."""
    locator: str | None = None
    """The locator itself, as written: "57", "33-35, 38"."""
    suffix: str = ""
    """Text after the citation. It starts with a space or punctuation, as it is to be
    appended: ", 第 3 节", " and passim"."""
    suppress_author: bool = False
    """`[-@key]`: the author is already named in the sentence."""
    at: int = 0
    """Offset of the item's `@` in the text."""


@dataclass(frozen=True)
class Cluster:
    """A citation in the text: `[...]` with one item or more, or a narrative `@key [...]`."""

    items: tuple[CiteItem, ...]
    start: int
    end: int
    """The cluster is `text[start:end]`, brackets included."""
    narrative: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


@dataclass(frozen=True)
class CitationError:
    offset: int
    message: str
    hint: str


@dataclass(frozen=True)
class Citations:
    """What `parse` finds in a text: its clusters in order, and what failed to parse."""

    clusters: tuple[Cluster, ...]
    errors: tuple[CitationError, ...]

    def keys(self) -> list[str]:
        """Cited keys in order of first citation."""
        return list(dict.fromkeys(key for cluster in self.clusters for key in cluster.keys))


# CSL 1.0.2 locator labels and the English terms (en-US locale: long and short, singular and
# plural, symbols) that Pandoc recognizes for them. Longer terms are tried first.
LOCATOR_TERMS: dict[str, str] = {
    term: label
    for label, terms in {
        "act": ("act", "acts"),
        "appendix": ("appendix", "appendices", "app.", "apps."),
        "article-locator": ("article", "articles", "art.", "arts."),
        "book": ("book", "books", "bk.", "bks."),
        "chapter": ("chapter", "chapters", "chap.", "chaps."),
        "column": ("column", "columns", "col.", "cols."),
        "elocation": ("location", "locations", "loc.", "locs."),
        "equation": ("equation", "equations", "eq.", "eqq."),
        "figure": ("figure", "figures", "fig.", "figs."),
        "folio": ("folio", "folios", "fol.", "fols."),
        "issue": ("issue", "issues", "no.", "nos."),
        "line": ("line", "lines", "l.", "ll."),
        "note": ("note", "notes", "n.", "nn."),
        "opus": ("opus", "opera", "op.", "opp."),
        "page": ("page", "pages", "p.", "pp."),
        "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
        "part": ("part", "parts", "pt.", "pts."),
        "scene": ("scene", "scenes", "sc.", "scs."),
        "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
        "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
        "supplement": ("supplement", "supplements", "supp.", "supps."),
        "table": ("table", "tables"),
        "verse": ("verse", "verses", "v.", "vv."),
        "volume": ("volume", "volumes", "vol.", "vols."),
    }.items()
    for term in terms
}

_TERM = re.compile(
    "(?i)(?P<term>"
    + "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True))
    # A word term ends at a space or the end; "p." and "§" may touch their number.
    + r")(?:(?<=[.§¶])\s*|\s+|$)"
)
# A number (`12`, `2.1`, `12a`), a Roman numeral, a range of them: one "word" of a locator;
# then more after commas or `&`.
_LOCATOR_WORD = (
    r"(?:[0-9]+(?:[.:][0-9]+)*[A-Za-z0-9]*|[ivxlcdmIVXLCDM]+(?![\w.]))"
    r"(?:\s*[-–—]+\s*[0-9A-Za-z]+)?"
)
_LOCATOR = re.compile(rf"{_LOCATOR_WORD}(?:\s*[,&]\s*{_LOCATOR_WORD})*")

_KEY_CHAR = re.compile(r"[^\W]", re.UNICODE)  # a letter, a digit or `_`
_INTERNAL = set(":.#$%&-+?<>~/")


def is_key_char(char: str) -> bool:
    return bool(_KEY_CHAR.match(char))


def parse(text: str) -> Citations:
    """Every citation in a text that may cite (a statement's text), and every error."""
    return _parse(text)


@lru_cache(maxsize=65536)
def _parse(text: str) -> Citations:
    # Kept: a big database asks for the same texts' citations from the checker, the model
    # (cited keys) and each page that shows them.
    if "@" not in text:
        return _NOTHING  # every citation, and every error, has an `@`
    scanner = _Scanner(text)
    scanner.run()
    return Citations(tuple(scanner.clusters), tuple(scanner.errors))


def key_at(text: str, at: int) -> tuple[str, int] | None:
    """The key of a citation whose `@` is at `at`, and the offset after it; None when what
    follows is no key. Raises ValueError for an unclosed `{`."""
    start = at + 1
    if start < len(text) and text[start] == "{":
        depth, index = 0, start
        while index < len(text):
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    key = text[start + 1 : index].strip()
                    return (key, index + 1) if key else None
            index += 1
        raise ValueError("unclosed")
    if start >= len(text) or not is_key_char(text[start]):
        return None
    index = start + 1
    while index < len(text):
        char = text[index]
        if is_key_char(char):
            index += 1
        elif char in _INTERNAL and index + 1 < len(text) and is_key_char(text[index + 1]):
            index += 2
        else:
            break
    return text[start:index], index


def key_start(text: str, at: int) -> bool:
    """Whether a key follows the `@` at `at`."""
    following = text[at + 1 : at + 2]
    return bool(following) and (is_key_char(following) or following == "{")


def after_word(text: str, at: int) -> bool:
    """Whether the character before `at` is a letter or digit: `mu@example.com`."""
    return at > 0 and text[at - 1].isalnum()


def locator_and_suffix(rest: str) -> tuple[str | None, str | None, str]:
    """(label, locator, suffix) of what follows a key inside its brackets, as Pandoc reads
    it: `, p. 57` -> ("page", "57", ""); `, 第 3 节` -> (None, None, ", 第 3 节")."""
    body = rest.lstrip()
    comma = body.startswith(",")
    if comma:
        body = body[1:].lstrip()
    if not body:
        return None, None, _suffix(rest)
    label: str | None = None
    value: str | None = None
    remaining = body
    term = _TERM.match(body)
    if term:
        after = body[term.end() :]
        if after.startswith("{"):
            close = _matching(after, 0, "{", "}")
            if close is not None:
                label, value, remaining = (
                    LOCATOR_TERMS[term["term"].lower()],
                    after[1:close].strip(),
                    after[close + 1 :],
                )
        else:
            found = _LOCATOR.match(after)
            if found:
                label, value = LOCATOR_TERMS[term["term"].lower()], found[0]
                remaining = after[found.end() :]
    elif body.startswith("{"):
        close = _matching(body, 0, "{", "}")
        if close is not None:
            inner = body[1:close].strip()
            inner_term = _TERM.match(inner)
            if inner_term:
                label, value = LOCATOR_TERMS[inner_term["term"].lower()], inner[inner_term.end() :]
            else:
                label, value = "page", inner
            remaining = body[close + 1 :]
    elif comma:
        found = _LOCATOR.match(body)
        # A bare number is a page only when the number is all there is to the word.
        if found and (found.end() == len(body) or not is_key_char(body[found.end()])):
            label, value, remaining = "page", found[0], body[found.end() :]
    if label is None or not value:
        return None, None, _suffix(rest)
    return label, value.strip(), _suffix(remaining)


def _suffix(text: str) -> str:
    """Text to append after a citation: with a space before it unless it is punctuation."""
    text = text.rstrip()
    stripped = text.lstrip()
    if not stripped:
        return ""
    if stripped[0] in ",;:.)]}!?，；：。）、":
        return stripped
    return " " + stripped


def _matching(text: str, at: int, opening: str, closing: str, end: int | None = None) -> int | None:
    """Offset of the bracket that closes the one at `at` before `end`, skipping escaped ones."""
    depth = 0
    index = at
    stop = len(text) if end is None else end
    while index < stop:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


_NOTHING = Citations((), ())
_SIGNIFICANT = re.compile(r"[\\`<\]\[@]")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.clusters: list[Cluster] = []
        self.errors: list[CitationError] = []
        self.paragraph_ends = [m.start() for m in _PARAGRAPH_END.finditer(text)]

    def error(self, offset: int, message: str, hint: str) -> None:
        self.errors.append(CitationError(offset, message, hint))

    def paragraph_end(self, at: int) -> int:
        for end in self.paragraph_ends:
            if end >= at:
                return end
        return len(self.text)

    def run(self) -> None:
        text = self.text
        index = 0
        while True:
            # Straight to the next character that may matter: most of a text is just text.
            found = _SIGNIFICANT.search(text, index)
            if found is None:
                break
            index = found.start()
            char = text[index]
            if char == "\\":
                index += 2
            elif char == "`":
                index = self.code_span(index)
            elif char == "<" and (link := _AUTOLINK.match(text, index)):
                index = link.end()
            elif char == "]" and text.startswith("](", index):
                # A link's address: `[text](https://example.com/@someone)`.
                close = _matching(text, index + 1, "(", ")")
                index = close + 1 if close is not None else index + 1
            elif char == "[":
                index = self.bracket(index)
            elif char == "@":
                index = self.narrative(index)
            else:
                index += 1

    def code_span(self, at: int) -> int:
        ticks = re.match(r"`+", self.text[at:])
        assert ticks is not None
        run = ticks[0]
        close = re.compile(rf"(?<!`){run}(?!`)").search(self.text, at + len(run))
        return close.end() if close else at + len(run)

    def citation_signs(self, start: int, end: int) -> list[int]:
        """Offsets of the `@`s between `start` and `end` that start a citation (not escaped,
        not in an address, not inside a nested bracket or a code span)."""
        text = self.text
        found = []
        index = start
        depth = 0
        while index < end:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "`":
                index = self.code_span(index)
                continue
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif char == "@" and depth == 0 and not after_word(text, index):
                found.append(index)
            index += 1
        return found

    def bracket(self, at: int) -> int:
        text = self.text
        limit = self.paragraph_end(at)
        close = _matching(text, at, "[", "]", limit)
        inner_end = close if close is not None else limit
        signs = self.citation_signs(at + 1, inner_end)
        if not signs:
            return at + 1  # plain text or a link's text: its contents are read as usual
        if close is None:
            self.error(
                at,
                f"the citation `{_shorten(text[at:limit])}` is not closed",
                "end it with `]`, or write `\\[` for a bracket that cites nothing",
            )
            return limit
        # A bracket with a citation in it is a citation, even before `(`: Pandoc would read
        # `[@hare2019](2019)` as a link, which no one means in a debate, and the citations
        # of this plugin have always been read this way.
        cluster = self.cluster(at, close, signs)
        if cluster is not None:
            self.clusters.append(cluster)
        return close + 1

    def cluster(self, start: int, close: int, signs: list[int]) -> Cluster | None:
        text = self.text
        parts = self.split(start + 1, close)
        items = []
        failed = False
        for number, (part_start, part_end) in enumerate(parts):
            in_part = [s for s in signs if part_start <= s < part_end]
            if not in_part:
                # The `;` before the part, or after it for the first one.
                where, side = (part_start - 1, "followed") if number else (part_end, "preceded")
                self.error(
                    where,
                    f"`;` in the citation `{_shorten(text[start : close + 1])}` is not "
                    f"{side} by a citation",
                    "remove the `;`, or add `@key` to the part without one",
                )
                failed = True
                continue
            if len(in_part) > 1:
                self.error(
                    in_part[1],
                    "two citations in one bracket without `;` between them: "
                    f"`{_shorten(text[start : close + 1])}`",
                    "separate them with `;`: `[@one; @two]`",
                )
                failed = True
                continue
            item = self.item(part_start, part_end, in_part[0])
            if item is None:
                failed = True
            else:
                items.append(item)
        if failed:
            return None
        return Cluster(tuple(items), start, close + 1)

    def split(self, start: int, end: int) -> list[tuple[int, int]]:
        """The items of a bracket: its text cut at each `;` outside braces and brackets."""
        text = self.text
        parts = []
        depth = 0
        part_start = index = start
        while index < end:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            elif char == ";" and depth == 0:
                parts.append((part_start, index))
                part_start = index + 1
            index += 1
        parts.append((part_start, end))
        return parts

    def item(self, start: int, end: int, at: int) -> CiteItem | None:
        text = self.text
        suppress = at > start and text[at - 1] == "-"
        prefix_end = at - 1 if suppress else at
        if suppress and prefix_end > start and not text[prefix_end - 1].isspace():
            suppress, prefix_end = False, at
        key = self.key(at, end)
        if key is None:
            return None
        name, after = key
        label, locator, suffix = locator_and_suffix(text[after:end])
        return CiteItem(
            key=name,
            prefix=" ".join(text[start:prefix_end].split()),
            locator_label=label,
            locator=locator,
            suffix=suffix,
            suppress_author=suppress,
            at=at,
        )

    def key(self, at: int, end: int) -> tuple[str, int] | None:
        text = self.text
        try:
            found = key_at(text[:end], at)
        except ValueError:
            self.error(at, "the braces of the citation key are not closed", "end the key with `}`")
            return None
        if found is None:
            self.error(
                at,
                "`@` is not followed by a citation key",
                "write the key right after `@` (`@hare2019`), or `\\@` for an @ that cites nothing",
            )
        return found

    def narrative(self, at: int) -> int:
        text = self.text
        if after_word(text, at):
            if not text[at - 1].isascii() and key_start(text, at):
                # Pandoc reads `见@hare2019` as text; in Chinese it is a citation missing
                # its space, never an address.
                self.error(
                    at,
                    "a citation needs a space or punctuation before `@`",
                    f"write `{text[at - 1]} @…`, or `\\@` for an @ that cites nothing",
                )
            return at + 1  # an e-mail address
        if not key_start(text, at):
            return at + 1  # a lone @ in running text
        found = self.key(at, self.paragraph_end(at))
        if found is None:
            return at + 1
        key, after = found
        label: str | None = None
        locator: str | None = None
        suffix = ""
        end = after
        # `@key [p. 33]`: a bracket right after the key, with no citation in it, holds
        # its locator and suffix.
        spaces = re.match(r"[ \t]*", text[after:])
        bracket = after + (spaces.end() if spaces else 0)
        if text.startswith("[", bracket):
            close = _matching(text, bracket, "[", "]", self.paragraph_end(bracket))
            if close is None:
                # `@key [p. 33` would print its locator as text and lose it.
                self.error(
                    bracket,
                    f"the locator `{_shorten(text[bracket : self.paragraph_end(bracket)])}` "
                    f"of `@{key}` is not closed",
                    "end it with `]`, or write `\\[` for a bracket that is not its locator",
                )
                return self.paragraph_end(bracket)
            if (
                close is not None
                and not self.citation_signs(bracket + 1, close)
                and not text.startswith(("(", "["), close + 1)
            ):
                label, locator, suffix = locator_and_suffix(text[bracket + 1 : close])
                end = close + 1
        item = CiteItem(key, "", label, locator, suffix, False, at)
        self.clusters.append(Cluster((item,), at, end, narrative=True))
        return end


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
