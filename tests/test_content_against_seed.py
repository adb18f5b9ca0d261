"""The database against the essay it was made from and the checked bibliographic facts.

Every Chinese text the database takes from the essay (the titles and texts of claims, rebuttals
and the conclusion, the debate's title) must occur in the essay verbatim, with the essay's
citation numbers in place of `[@key]`. Every identifier in `data/claims.yaml` (DOI, arXiv id,
URL, page range) must be one that the essay or the checked facts give, for the same work and
not marked *unconfirmed* there; one marked *secondary* needs a `provenance` line. An arXiv
abstract address built from a listed arXiv id, `https://arxiv.org/abs/<id>`, counts as listed.

The tests read copies of the seed under tests/fixtures/seed/ (CI clones the repository without
`../shared/` beside it); the last tests check the copies against the originals when they are there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "data" / "claims.yaml"
COPIES = Path(__file__).parent / "fixtures" / "seed"
ORIGINALS = ROOT.parent / "shared" / "seed"
ESSAY_FILE = "000_5f169ee3c9388da4.txt"
# Where the essay ends: what follows (a reading list, a group-chat invitation, an
# advertisement) is not part of it.
ESSAY_END = "推荐阅读"

ESSAY = (COPIES / "essay.txt").read_text(encoding="utf-8")
FACTS = (COPIES / "REFERENCES.md").read_text(encoding="utf-8")
RAW = DATABASE.read_text(encoding="utf-8")
DATA: dict[str, Any] = yaml.safe_load(RAW)
REFERENCES: dict[str, dict[str, Any]] = DATA["references"]

# How the essay introduces each side of a pair: Mu Li's point, then the rebuttal.
MARKERS = {"claim": "李沐:", "counterclaim": "反向:"}

DOI = re.compile(r"\b10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")
# Not inside a DOI or an address (10.1109/ICCV.2019.00502 holds 2019.00502).
ARXIV = re.compile(r"(?<![\w./])\d{4}\.\d{4,5}(?:v\d+)?\b")
URL = re.compile(r"https?://[-A-Za-z0-9._~:/?#@!$&*+,;=%()]+")
PAGES = re.compile(r"\b\d{2,}\s*[-–—]\s*\d{2,}\b")
# How REFERENCES.md marks what was checked; the first mark after a value is its own.
STATUS = re.compile(r"\*(secondary|unconfirmed)\*|(?<![\w*])(confirmed)\b", re.IGNORECASE)


def tidy(value: str) -> str:
    """An identifier without the punctuation of the sentence it stands in, dashes as `-`."""
    return re.sub(r"\s*[–—]\s*", "-", value.rstrip(".,;:)*"))


def folded(text: str) -> str:
    return " ".join(tidy(text).casefold().split())


# --- The essay's reference list ------------------------------------------------------------

(REFERENCE_LIST,) = (line for line in ESSAY.splitlines() if line.startswith("参考"))
# The essay lists each work as `Authors. "Title." Venue`, numbered [1]–[6] in this order.
ESSAY_ENTRIES = re.split(r'(?<=\.)(?=[A-Z][^"]*\. ")', REFERENCE_LIST.removeprefix("参考"))
ESSAY_TITLES = [folded(re.findall(r'"([^"]+)"', entry)[0]) for entry in ESSAY_ENTRIES]


def essay_number(key: str) -> int:
    title = folded(REFERENCES[key]["title"])
    assert title in ESSAY_TITLES, f"{key}: “{REFERENCES[key]['title']}” is not in the essay's list"
    return ESSAY_TITLES.index(title) + 1


def essay_entry(key: str) -> str:
    return (
        ESSAY_ENTRIES[essay_number(key) - 1]
        if folded(REFERENCES[key]["title"]) in ESSAY_TITLES
        else ""
    )


def as_in_essay(text: str) -> str:
    """A text with the essay's numbered citations, [1], in place of the database's [@key]."""

    def number(match: re.Match[str]) -> str:
        keys = [k.strip().removeprefix("@") for k in match[1].split(";")]
        return "[" + ",".join(str(essay_number(k)) for k in keys) + "]"

    return re.sub(r"\[(@[^\]]+)\]", number, text)


def original(value: Any) -> str:
    """The Chinese original of a localized text."""
    text = value["zh"] if isinstance(value, dict) else value
    assert isinstance(text, str), f"no Chinese text in {value!r}"
    return text


# --- (a) The Chinese texts are the essay's ---------------------------------------------------

STATEMENTS = [
    (f"{pair['id']}.{side}", side, pair[side])
    for pair in DATA["claims"]
    for side in ("claim", "counterclaim")
    if side in pair
]


def test_the_essay_copy_has_seven_pairs_and_six_references() -> None:
    assert ESSAY.count(MARKERS["claim"]) == ESSAY.count(MARKERS["counterclaim"]) == 7
    assert len(ESSAY_TITLES) == 6


@pytest.mark.parametrize(
    ("side", "statement"), [s[1:] for s in STATEMENTS], ids=[s[0] for s in STATEMENTS]
)
def test_statement_is_the_essays_words(side: str, statement: dict[str, Any]) -> None:
    title, text = original(statement["title"]), as_in_essay(original(statement["text"]))
    assert text in ESSAY
    # The title and the text as the essay writes them: one after the other, after the marker.
    assert f"{MARKERS[side]}{title}。{text}" in ESSAY


def places() -> list[int]:
    """Where the statements' texts stand in the essay (those it has: the test above the rest)."""
    found = (ESSAY.find(as_in_essay(original(s["text"]))) for _, _, s in STATEMENTS)
    return [at for at in found if at >= 0]


def test_pairs_are_in_the_essays_order() -> None:
    assert places() == sorted(places())


def test_conclusion_is_the_essays_words() -> None:
    conclusion = DATA["conclusion"]
    text = as_in_essay(original(conclusion["text"]))
    assert text in ESSAY
    assert ESSAY.index(text) > max(places(), default=-1)  # after the last pair
    if "title" in conclusion:
        assert original(conclusion["title"]) in ESSAY


def test_titles_and_names_are_the_essays() -> None:
    debate = DATA["debate"]
    essay_title = ESSAY.splitlines()[0]
    assert original(debate["title"]) == essay_title
    if "source" in debate:
        assert original(debate["source"]["title"]) == essay_title
    if "responds_to" in debate:
        assert original(debate["responds_to"]["title"]) in ESSAY
    for person in DATA["people"].values():
        assert original(person["name"]) in ESSAY


def test_every_citation_in_the_chinese_texts_is_the_essays() -> None:
    """The essay cites [1]–[6]; the database's texts, read back, cite the same numbers."""
    cited = [
        int(n)
        for _, _, statement in STATEMENTS
        for n in re.findall(r"\[(\d)\]", as_in_essay(original(statement["text"])))
    ]
    body = ESSAY.split(REFERENCE_LIST)[0]
    assert cited == [int(n) for n in re.findall(r"\[(\d)\]", body)]


# --- (b) Every identifier is the essay's or a checked fact ----------------------------------


def listed_arxiv_ids(text: str) -> set[str]:
    return {tidy(match) for match in ARXIV.findall(text)}


def is_listed(identifier: str, *texts: str) -> bool:
    """The identifier occurs in one of the texts, or is the abstract page of an id listed there."""
    wanted = folded(identifier)
    if any(wanted in folded(text) for text in texts):
        return True
    derived = re.fullmatch(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5}(?:v\d+)?)", identifier)
    return bool(derived) and any(derived[1] in listed_arxiv_ids(text) for text in texts)


def identifiers_in(text: str) -> Iterator[tuple[str, str]]:
    for kind, pattern in [("DOI", DOI), ("arXiv id", ARXIV), ("URL", URL), ("page range", PAGES)]:
        for match in pattern.findall(text):
            yield kind, tidy(match)


IDENTIFIERS = sorted(
    set(identifiers_in(RAW))  # in values, notes and comments alike
    | {("page range", tidy(str(item["page"]))) for item in REFERENCES.values() if "page" in item}
    | {("arXiv id", tidy(str(item["arxiv"]))) for item in REFERENCES.values() if "arxiv" in item}
)


def test_the_database_has_identifiers_to_check() -> None:
    kinds = {kind for kind, _ in IDENTIFIERS}
    assert kinds == {"DOI", "arXiv id", "URL", "page range"}


@pytest.mark.parametrize(("kind", "identifier"), IDENTIFIERS, ids=[i for _, i in IDENTIFIERS])
def test_identifier_is_in_the_essay_or_the_checked_facts(kind: str, identifier: str) -> None:
    assert is_listed(identifier, FACTS, ESSAY), (
        f"{kind} {identifier} is neither in the essay nor in REFERENCES.md"
    )


# The facts about one work: its section of REFERENCES.md, found by the work's title.
def facts_about(key: str) -> str:
    title = folded(REFERENCES[key]["title"])
    sections = [s for s in re.split(r"^## ", FACTS, flags=re.MULTILINE)[1:] if title in folded(s)]
    assert len(sections) == 1, f"{key}: REFERENCES.md has {len(sections)} sections on this title"
    return sections[0]


def fields_with_identifiers(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for field in ("DOI", "URL", "page", "arxiv", "number"):
        if field in item:
            value = tidy(str(item[field]))
            if field == "number":
                if not value.startswith("arXiv:"):
                    continue
                value = value.removeprefix("arXiv:")
            yield field, value


def status(value: str, section: str) -> str | None:
    """How REFERENCES.md marks a value: the first mark after its first mention."""
    folded_section = tidy(section)
    at = folded_section.find(value)
    if at < 0:
        return None
    mark = STATUS.search(folded_section, at + len(value))
    return (mark[1] or mark[2]).lower() if mark else None


WORKS = sorted(REFERENCES)


@pytest.mark.parametrize("key", WORKS)
def test_identifiers_are_those_of_the_same_work(key: str) -> None:
    section, entry = facts_about(key), essay_entry(key)
    for field, value in fields_with_identifiers(REFERENCES[key]):
        assert is_listed(value, section, entry), (
            f"{key}.{field}: {value} is listed for another work"
        )


@pytest.mark.parametrize("key", WORKS)
def test_secondary_values_say_so_and_unconfirmed_ones_stay_out(key: str) -> None:
    item, section, entry = REFERENCES[key], facts_about(key), essay_entry(key)
    provenance = item.get("provenance", {})
    for field, value in fields_with_identifiers(item):
        if is_listed(value, entry):
            continue  # the essay's own reference list gives it
        derived = re.fullmatch(r"https://arxiv\.org/abs/(.+)", value)
        mark = status(derived[1] if derived else value, section)
        assert mark != "unconfirmed", f"{key}.{field}: {value} is unconfirmed"
        if mark == "secondary":
            noted = field in provenance or (field == "number" and "arxiv" in provenance)
            assert noted, f"{key}.{field}: {value} is secondary and needs a `provenance` line"


@pytest.mark.parametrize("key", [k for k in WORKS if {"DOI", "page"} <= set(REFERENCES[k])])
def test_pages_are_those_of_the_version_the_doi_names(key: str) -> None:
    """Where REFERENCES.md gives several paginations, the DOI goes with the nearest one."""
    section = tidy(facts_about(key))
    doi = section.find(tidy(REFERENCES[key]["DOI"]))
    ranges = [(abs(m.start() - doi), tidy(m[0])) for m in PAGES.finditer(section)]
    assert doi >= 0 and ranges
    assert tidy(str(REFERENCES[key]["page"])) == min(ranges)[1]


# --- The copies of the seed ------------------------------------------------------------------


def test_the_essay_copy_ends_with_its_reference_list() -> None:
    assert ESSAY_END not in ESSAY
    assert ESSAY.endswith(REFERENCE_LIST + "\n")


needs_originals = pytest.mark.skipif(
    not ORIGINALS.is_dir(), reason="../shared/seed/ is not beside the repository"
)


@needs_originals
def test_the_essay_copy_matches_the_original() -> None:
    text = (ORIGINALS / ESSAY_FILE).read_text(encoding="utf-8")
    assert ESSAY_END in text
    assert text[: text.index(ESSAY_END)] + "\n" == ESSAY


@needs_originals
def test_the_references_copy_matches_the_original() -> None:
    assert (ORIGINALS / "REFERENCES.md").read_text(encoding="utf-8") == FACTS
