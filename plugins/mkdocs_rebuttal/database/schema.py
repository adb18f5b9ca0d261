"""The shape of `data/claims.yaml`, described once.

`validate.py` checks a database against `DATABASE`; `json_schema.py` turns the same
description into `claims.schema.json` for editors. A rule that a JSON Schema cannot state
(a person id that must exist, a claim id that must be unique, a day that must exist in its
month) is marked here too, and only the validator applies it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

# ---------------------------------------------------------------------------------------
# The building blocks


@dataclass(frozen=True)
class Format:
    """A text with a fixed syntax: `pattern` must match all of it."""

    problem: str  # what a mismatch is called: "malformed DOI"
    pattern: str  # a regular expression that Python and JavaScript read alike
    rule: str  # shown when no fix can be guessed: "a DOI looks like `10.5555/example`"
    # A guess at what was meant, for the usual slips (a DOI written as a link, ...).
    fix: Callable[[str], str | None] | None = None

    def matches(self, value: str) -> bool:
        # `search`, as JSON Schema does: the pattern carries its own anchors.
        return re.search(self.pattern, value) is not None

    def suggest(self, value: str) -> str | None:
        guess = self.fix(value) if self.fix else None
        return guess if guess is not None and guess != value and self.matches(guess) else None


@dataclass(frozen=True)
class Text:
    description: str = ""
    format: Format | None = None
    reserved: tuple[str, ...] = ()  # values the format allows but the site needs itself
    # The value is a key of another part of the database (validator-only).
    refers_to: Literal["people", "references"] | None = None
    numbers_ok: bool = False  # CSL number variables take `12` as well as `"12"`


@dataclass(frozen=True)
class Integer:
    minimum: int
    maximum: int
    description: str = ""
    digits_ok: bool = False  # `"2019"` as well as `2019`: reference managers write both


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Localized:
    """Language code -> text. The site's default language is the original and is required;
    a translation may be missing (see `translations.py`) or be a `TRANSLATION` record that
    says which version of the original it was made from. Languages the site does not show
    are accepted with a warning."""

    description: str = ""
    markdown: bool = False
    cites: bool = False  # may hold citations, `[@key]` (validator-only checks)


@dataclass(frozen=True)
class Field:
    type: Type
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A mapping with a fixed set of fields; any other field is an error."""

    name: str
    fields: Mapping[str, Field]
    description: str = ""
    needs_one_of: tuple[str, ...] = ()  # at least one of these fields must be given
    # Hints for fields that people are known to write by mistake.
    misplaced: Mapping[str, str] = field(default_factory=dict)
    # Fields accepted and not used, each with the reason, which the checker gives as a note:
    # what exports from elsewhere hold (a reference manager's `id`).
    dropped: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MapOf:
    """A mapping from keys of one format to values of one type."""

    keys: Text | Choice
    values: Type
    description: str = ""


@dataclass(frozen=True)
class ListOf:
    items: Type
    min_items: int = 0
    max_items: int | None = None
    unique: str | None = None  # a field of the items that must differ between them
    description: str = ""


@dataclass(frozen=True)
class Tuple:
    """A short list whose positions have types of their own: `[year, month, day]`."""

    items: tuple[Type, ...]
    min_items: int
    # A further check on the whole value (validator-only); returns what is wrong, if anything.
    semantic: Callable[[list[int]], str | None] | None = None
    description: str = ""


Type = Text | Integer | Choice | Localized | Record | MapOf | ListOf | Tuple

# ---------------------------------------------------------------------------------------
# Formats


def _whole(pattern: str) -> str:
    """A pattern that must match the whole text. JSON Schema validators *search* for a
    pattern, hence the anchors; and in Python `$` also matches before a final newline, which
    `(?!\n)` rules out, so that Python and JavaScript engines agree."""
    return f"^(?:{pattern})$(?!\\n)"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _strip_prefixes(*prefixes: str) -> Callable[[str], str]:
    def fix(value: str) -> str:
        value = value.strip()
        for prefix in prefixes:
            if value.lower().startswith(prefix.lower()):
                return value[len(prefix) :]
        return value

    return fix


def _bare_arxiv(value: str) -> str:
    value = _strip_prefixes("https://arxiv.org/abs/", "https://arxiv.org/pdf/", "arXiv:")(value)
    return value.removesuffix(".pdf")


def _url_fix(value: str) -> str | None:
    if re.fullmatch(r"(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", value.strip(), re.IGNORECASE):
        return "https://" + value.strip()
    return None


def _language_fix(value: str) -> str:
    first, *rest = value.replace("_", "-").split("-")
    return "-".join([first.lower(), *rest])


SLUG = Format(
    "invalid id",
    # At most 100 characters: an id names a folder of the built site.
    _whole(r"(?=[a-z0-9-]{1,100}$)[a-z0-9]+(-[a-z0-9]+)*"),
    "an id has at most 100 lowercase letters and digits, joined by single hyphens: `aim-big`",
    _slugify,
)
CITATION_KEY = Format(
    "invalid citation key",
    # Keys are anchors of the bibliography page: `__` starts the theme's own element ids
    # (Material's `__config`), which a key must not take over.
    _whole(r"(?!__)(?=[A-Za-z0-9_:.-]{1,100}$)[A-Za-z0-9_][A-Za-z0-9_:.-]*"),
    "a citation key has at most 100 letters, digits and `_:.-`, not starting with `__`, "
    "like `doe2020`",
    lambda value: re.sub(r"[^A-Za-z0-9_:.-]", "", value),
)
LANGUAGE = Format(
    "invalid language code",
    _whole(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*"),
    "a language code looks like `en` or `zh-CN`",
    _language_fix,
)
DOI = Format(
    "malformed DOI",
    _whole(r"10\.[0-9]{4,9}/\S+"),
    "a DOI looks like `10.5555/example.1`, without `https://doi.org/`",
    _strip_prefixes("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"),
)
ARXIV = Format(
    "malformed arXiv id",
    _whole(
        r"([0-9]{2}(0[1-9]|1[0-2])\.[0-9]{4,5}"  # 2001.00001, since 2007
        r"|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/[0-9]{2}(0[1-9]|1[0-2])[0-9]{3})"  # hep-th/9901001
        r"(v[1-9][0-9]*)?"
    ),
    'an arXiv id looks like `"2001.00001"` (quoted) or `hep-th/9901001`',
    _bare_arxiv,
)
URL = Format(
    "not an http(s) URL",
    _whole(r"https?://[^\s/?#]+([/?#]\S*)?"),
    "only `http://` and `https://` links are allowed",
    _url_fix,
)
FINGERPRINT = Format(
    "malformed fingerprint",
    _whole(r"[0-9a-f]{8}"),
    "a fingerprint is 8 hexadecimal digits, like `3f2a9c1b`; "
    "`python -m mkdocs_rebuttal translations --stamp` writes them",
    lambda value: value.strip().lower(),
)
NON_BLANK = r"\S"  # every text field must say something


def is_blank(value: str) -> bool:
    return re.search(NON_BLANK, value) is None


# ---------------------------------------------------------------------------------------
# The database


def _real_date(parts: list[int]) -> str | None:
    parts = [int(part) for part in parts]  # years, months and days may be written as text
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            return f"{parts[0]}-{parts[1]:02}-{parts[2]:02} is not a day of the calendar"
    return None


TEXT = Text()
TRANSLATION = Record(
    "translation",
    {
        "text": Field(TEXT, required=True),
        "from": Field(
            Text("The fingerprint of the original this was translated from.", FINGERPRINT),
            required=True,
        ),
    },
    "A translation that records the fingerprint of the original it was made from.",
)
LOCALIZED = Localized("Text in each site language.")
MARKDOWN = Localized("Markdown in each site language: emphasis and links, no raw HTML.", True)
PERSON_ID = Text("The id of a person in `people`.", SLUG, refers_to="people")
HTTP_URL = Text("An http(s) link.", URL)

WORK = Record(
    "work",
    {
        "title": Field(LOCALIZED, required=True),
        "author": Field(PERSON_ID),
        "published_in": Field(LOCALIZED),
        "url": Field(HTTP_URL),
    },
    "A text that takes part in the debate.",
)

# The key of a reference, in `references` or a BibTeX file: also the anchor of its entry on
# the bibliography page, which has anchors of its own.
REFERENCE_KEY = Text(format=CITATION_KEY, reserved=("bibliography", "downloads"))

CITATION = Record(
    "citation",
    {
        "ref": Field(Text("A key of `references`.", CITATION_KEY, refers_to="references"), True),
        "locator": Field(Localized("Where in the work: page, figure, section.")),
        "note": Field(Localized("What the work really shows for this point.", markdown=True)),
        "fit": Field(
            Choice(("supports", "partly", "does-not-support"), "How well the work backs it.")
        ),
    },
    "A work that a statement cites.",
)

CITATIONS = ListOf(CITATION, unique="ref", description="The works a statement cites, each once.")
STATEMENT_TEXT = Localized(
    "Markdown in each site language; Pandoc's citations (`[@key]`, `[see @key, p. 5; @other]`, "
    "`@key`) mark where it cites a reference.",
    markdown=True,
    cites=True,
)


def _statement(name: str, title_required: bool) -> Record:
    return Record(
        name,
        {
            "by": Field(PERSON_ID, required=True),
            "title": Field(LOCALIZED, required=title_required),
            "text": Field(STATEMENT_TEXT, required=True),
            "citations": Field(CITATIONS),
        },
        "What one person says.",
    )


STATEMENT = _statement("statement", title_required=True)
CONCLUSION = _statement("conclusion", title_required=False)

PAIR = Record(
    "claim",
    {
        "id": Field(
            Text(
                "Becomes the page's URL and anchor.",
                SLUG,
                # The claims index has these anchors besides one per pair, and a pair's page
                # these besides its own.
                reserved=(
                    *("index", "claims", "conclusion", "people"),
                    *("claim", "counterclaim", "evidence"),
                ),
            ),
            required=True,
        ),
        "claim": Field(STATEMENT, required=True),
        "counterclaim": Field(STATEMENT),
    },
    "A claim and, once there is one, its counterclaim.",
)

PERSON = Record(
    "person",
    {"name": Field(LOCALIZED, required=True), "about": Field(MARKDOWN), "url": Field(HTTP_URL)},
)

CSL_NAME = Record(
    "name",
    {
        name: Field(TEXT)
        for name in (
            "family",
            "given",
            "literal",
            "suffix",
            "dropping-particle",
            "non-dropping-particle",
        )
    },
    "A CSL name; keep a Chinese name whole: `{literal: 王临惠}`.",
    needs_one_of=("family", "literal"),
)

CSL_DATE = Record(
    "date",
    {
        "date-parts": Field(
            ListOf(
                Tuple(
                    (
                        Integer(1000, 2999, "Year.", digits_ok=True),
                        Integer(1, 12, "Month.", digits_ok=True),
                        Integer(1, 31, "Day.", digits_ok=True),
                    ),
                    min_items=1,
                    semantic=_real_date,
                ),
                min_items=1,
                max_items=2,
                description="`[[year, month, day]]`, month and day optional; two for a range.",
            ),
        ),
        "literal": Field(Text("A date as text, printed as it is: `Spring 2011`, `forthcoming`.")),
        "season": Field(Text("1 to 4 (spring to winter), or a name.", numbers_ok=True)),
    },
    "A CSL date: `{date-parts: [[year, month, day]]}` or `{literal: ...}`.",
    needs_one_of=("date-parts", "literal"),
)

# CSL 1.0.2's item types and variables. Those that a CSL processor fills in itself
# (citation-number, locator, year-suffix, ...) are left out: in the data they are mistakes.
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
)  # fmt: skip
CSL_TEXT_VARIABLES = (
    "abstract", "annote", "archive", "archive_collection", "archive_location",
    "archive-place", "authority", "call-number", "collection-title", "container-title",
    "container-title-short", "dimensions", "division", "event", "event-place", "event-title",
    "genre",
    "ISBN", "ISSN", "jurisdiction", "keyword", "license", "medium", "note",
    "original-publisher", "original-publisher-place", "original-title", "part-title",
    "PMCID", "PMID", "publisher", "publisher-place", "references", "reviewed-genre",
    "reviewed-title", "scale", "section", "source", "status", "title-short", "version",
    "volume-title", "volume-title-short",
)  # fmt: skip
CSL_NUMBER_VARIABLES = (
    "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages",
    "number-of-volumes", "page", "page-first", "part-number", "printing-number",
    "supplement-number", "volume",
)  # fmt: skip
CSL_NAME_VARIABLES = (
    "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editor-translator", "editorial-director",
    "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator",
    "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator",
)  # fmt: skip
CSL_DATE_VARIABLES = ("accessed", "available-date", "event-date", "original-date", "submitted")
# What Zotero and Better BibTeX write for CSL variables under other names; pandoc's citeproc
# reads them as those variables (`event` is CSL 1.0.1's `event-title`).
CSL_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
NOT_CSL = ("arxiv", "provenance")
"""Fields of a reference that are not CSL: the site's own; they never reach the engine."""

NAMES = ListOf(CSL_NAME, min_items=1)

_REFERENCE_FIELDS: dict[str, Field] = {
    "type": Field(Choice(CSL_TYPES, "The CSL item type."), required=True),
    "title": Field(TEXT, required=True),
    # An edited book has editors and no author; an undated web page no date ("n.d.").
    "author": Field(NAMES),
    "issued": Field(CSL_DATE),
    "DOI": Field(Text("Without `https://doi.org/`.", DOI)),
    "URL": Field(HTTP_URL),
    "arxiv": Field(Text("Not CSL: an arXiv id, linked to its abstract page.", ARXIV)),
    "language": Field(Text("The work's language; decides `等` or `et al.`.", LANGUAGE)),
    **{name: Field(TEXT) for name in CSL_TEXT_VARIABLES},
    **{name: Field(Text(numbers_ok=True)) for name in CSL_NUMBER_VARIABLES},
    **{name: Field(NAMES) for name in CSL_NAME_VARIABLES},
    **{name: Field(CSL_DATE) for name in CSL_DATE_VARIABLES},
    **{name: Field(Text(f"The same as `{csl}`.")) for name, csl in CSL_ALIASES.items()},
}
_REFERENCE_FIELDS["provenance"] = Field(
    MapOf(
        Choice(tuple(_REFERENCE_FIELDS)),
        TEXT,
        "Not CSL: field -> how its value was checked.",
    )
)

REFERENCE = Record(
    "reference",
    _REFERENCE_FIELDS,
    "A CSL-YAML item; its key in `references` is its id.",
    dropped={
        "id": "the key above the entry is its id",
        "citation-key": "the key above the entry is its citation key",
    },
)

DATABASE = Record(
    "database",
    {
        "debate": Field(
            Record(
                "debate",
                {
                    "original_language": Field(
                        Text(
                            "The language the texts were written in: every text must have "
                            "it, the site's other languages are translations of it. Default: "
                            "the site's default language.",
                            LANGUAGE,
                        )
                    ),
                    "title": Field(LOCALIZED, required=True),
                    "summary": Field(MARKDOWN),
                    "source": Field(WORK),
                    "responds_to": Field(WORK),
                },
                "What the site is about.",
            ),
            required=True,
        ),
        "people": Field(MapOf(Text(format=SLUG), PERSON, "Person id -> person."), required=True),
        "claims": Field(
            ListOf(PAIR, min_items=1, unique="id", description="In reading order."),
            required=True,
        ),
        "conclusion": Field(CONCLUSION),
        "references": Field(
            MapOf(
                # The bibliography page's own anchors.
                REFERENCE_KEY,
                REFERENCE,
                "Citation key -> CSL-YAML item.",
            )
        ),
        "references_bibtex": Field(
            Text(
                "A BibTeX file, relative to this one; the entries the database cites are "
                "references too."
            )
        ),
        "references_csl": Field(
            Text(
                "A CSL-JSON file (Zotero: export as `CSL JSON`), relative to this one; the "
                "items the database cites, by `citation-key` or `id`, are references too."
            )
        ),
    },
    "A claim / counterclaim / citation database, published by the mkdocs-rebuttal plugin.",
    needs_one_of=("references", "references_bibtex", "references_csl"),
)

DEFAULT_LANGUAGES = ("zh", "en")
