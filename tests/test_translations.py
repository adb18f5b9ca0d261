"""Translations that record the original they were made from, and what becomes of them."""

from __future__ import annotations

import pytest

from mkdocs_rebuttal.database.loader import check_database, load_database
from mkdocs_rebuttal.database.translations import fingerprint, status_lines
from support import VALID, Database

P = "data/claims.yaml"
TITLE = "title: {zh: 尚无回应, en: Not answered yet}"
# The fingerprint of 尚无回应, the original of that title.
NOW = "3a5f1422"


def test_a_fingerprint_is_8_hex_digits_of_the_normalized_text() -> None:
    assert fingerprint("尚无回应") == NOW
    # Re-wrapping a paragraph or composing an accent differently changes nothing.
    assert fingerprint("a  b\n c ") == fingerprint("a b c")
    assert fingerprint("caf\u0065\u0301") == fingerprint("caf\u00e9")
    assert fingerprint("尚无回应了") != NOW


def test_a_translation_made_from_the_current_original_is_up_to_date(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应, en: {{text: Not answered yet, from: {NOW}}}}}")
    loaded = load_database(db.path)
    assert loaded.problems == []
    assert loaded.debate.pairs[2].claim.title == {"zh": "尚无回应", "en": "Not answered yet"}
    assert loaded.translations.counts("en") == {
        "current": 1,
        "outdated": 0,
        "missing": 0,
        "unstamped": 18,
    }


def test_a_changed_original_makes_the_translation_outdated(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应了, en: {{text: Not answered yet, from: {NOW}}}}}")
    assert db.problems() == [
        f"{P}:50:61: warning: claims[2].claim.title.en: outdated translation: the `zh` text "
        f"has changed since (from: {NOW}, now acc7bf30) "
        "(update the translation, then write `from: acc7bf30`)"
    ]


def test_block_style_and_the_order_of_fields_do_not_matter(db: Database) -> None:
    db.edit(
        TITLE,
        f"title:\n        zh: 尚无回应了\n        en:\n          from: {NOW}\n"
        "          text: Not answered yet",
    )
    assert [p.split(": warning: ")[0] for p in db.problems()] == [f"{P}:53:17"]


def test_a_site_may_publish_incomplete_translations(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应了, en: {{text: Not answered yet, from: {NOW}}}}}")
    db.write(VALID.replace(TITLE, TITLE.replace(", en: Not answered yet", "")))
    with open(db.path, "rb") as f:
        raw = f.read()
    checked = check_database(raw, db.path, allow_incomplete_translations=True)
    assert [str(p) for p in checked.problems] == [
        f"{P}:50:7: note: claims[2].claim.title: missing translation `en`; the `zh` text is shown"
    ]
    loaded = load_database(db.path, allow_incomplete_translations=True)
    assert loaded.debate.pairs[2].claim.title == {"zh": "尚无回应"}
    assert [t.state for t in loaded.translations.gaps()] == ["missing"]


def test_the_original_records_no_fingerprint(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: {{text: 尚无回应, from: {NOW}}}, en: Not answered yet}}")
    assert db.problems() == [
        f"{P}:50:19: error: claims[2].claim.title.zh: expected text, found a mapping "
        "(the original is no translation: write its text alone, without `from`)"
    ]


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            "3A5F1422",
            "error: claims[2].claim.title.en.from: malformed fingerprint `3A5F1422` "
            f"(did you mean `{NOW}`?)",
        ),
        (
            "3a5f14",
            "error: claims[2].claim.title.en.from: malformed fingerprint `3a5f14` "
            "(a fingerprint is 8 hexadecimal digits, like `3f2a9c1b`; "
            "`python -m mkdocs_rebuttal translations --stamp` writes them)",
        ),
        (
            "01234567",
            "error: claims[2].claim.title.en.from: expected text, found a number "
            '(quote it: `"01234567"`)',
        ),
    ],
)
def test_a_malformed_fingerprint(db: Database, written: str, problem: str) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应, en: {{text: Not answered yet, from: {written}}}}}")
    assert db.problems() == [f"{P}:50:60: {problem}"]


def test_a_translation_record_has_text_and_from(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应, en: {{txt: Not answered yet, from: {NOW}}}}}")
    assert db.problems() == [
        f"{P}:50:25: error: claims[2].claim.title.en: missing required field `text`",
        f"{P}:50:30: error: claims[2].claim.title.en: unknown field `txt` (did you mean `text`?)",
    ]


def test_the_status_of_each_language_in_one_line(db: Database) -> None:
    db.edit(TITLE, f"title: {{zh: 尚无回应了, en: {{text: Not answered yet, from: {NOW}}}}}")
    with open(db.path, "rb") as f:
        checked = check_database(f.read(), db.path, ["zh", "en", "fr"])
    assert checked.translations is not None
    assert status_lines(checked.translations) == [
        "translations into en: 0 up to date, 1 outdated, 0 missing, 18 without fingerprint",
        "translations into fr: 0 up to date, 0 outdated, 19 missing, 0 without fingerprint",
    ]


def test_the_citations_of_a_stamped_translation_are_checked(db: Database) -> None:
    db.edit(
        "        en: Vague goals tend to diverge [@doe2020].",
        "        en:\n          from: 34da3b8e\n"
        "          text: Vague goals tend to diverge [@doe2021].",
    )
    assert db.problems() == [
        f"{P}:32:46: error: claims[0].counterclaim.text.en.text: `@doe2021` cites an unknown "
        "reference (did you mean `roe2021` or `doe2020`?)"
    ]


def test_a_stamped_translation_must_cite_what_the_original_cites(db: Database) -> None:
    db.edit(
        "        en: Vague goals tend to diverge [@doe2020].",
        "        en:\n          from: 34da3b8e\n          text: Vague goals tend to diverge.",
    )
    assert db.problems() == [
        f"{P}:31:11: warning: claims[0].counterclaim.text.en: does not cite `@doe2020`, "
        "which the `zh` text cites (translations should cite the same works)"
    ]
