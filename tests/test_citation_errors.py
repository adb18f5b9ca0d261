"""Citations in the database's texts that the checker rejects, at their line and column.

Pandoc's syntax (`citation_syntax.py`) in the valid fixture, with one mistake each: every
work of a citation must be known, and what starts like a citation must parse.
"""

from __future__ import annotations

from support import VALID, Database

P = "data/claims.yaml"
ZH = "        zh: 含糊的目标容易发散[@doe2020]。"
EN = "        en: Vague goals tend to diverge [@doe2020]."
LISTED = "        - ref: doe2020\n"


def edit(db: Database, *changes: tuple[str, str]) -> None:
    text = VALID
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    db.write(text)


def test_several_works_with_locators_and_narrative_citations_are_fine(db: Database) -> None:
    edit(
        db,
        (LISTED, LISTED + "        - ref: roe2021\n"),
        (ZH, "        zh: 正如 @doe2020 [图 1] 所示，目标容易发散[见 @doe2020, p. 3; -@roe2021]。"),
        (
            EN,
            "        en: As @doe2020 [fig. 1] shows, goals diverge [see @doe2020, p. 3; "
            "-@roe2021, 第 3 节]. Write to doe\\@example.org or doe@example.org.",
        ),
    )
    assert db.problems() == []


def test_an_unknown_work_among_several(db: Database) -> None:
    edit(db, (EN, "        en: Vague goals tend to diverge [see @doe2020, p. 3; @roe2012]."))
    assert db.problems() == [
        f"{P}:30:62: error: claims[0].counterclaim.text.en: `@roe2012` cites an unknown "
        "reference (did you mean `roe2021` or `doe2020`?)"
    ]


def test_an_unknown_work_cited_narratively(db: Database) -> None:
    edit(db, (EN, "        en: As @doe2002 [p. 3] shows, vague goals diverge [@doe2020]."))
    assert db.problems() == [
        f"{P}:30:16: error: claims[0].counterclaim.text.en: `@doe2002` cites an unknown "
        "reference (did you mean `doe2020` or `roe2021`?)"
    ]


def test_a_citation_that_is_not_closed(db: Database) -> None:
    edit(db, (EN, "        en: Vague goals tend to diverge [@doe2020."))
    assert db.problems() == [
        f"{P}:30:41: error: claims[0].counterclaim.text.en: the citation `[@doe2020.` is not "
        "closed (end it with `]`, or write `\\[` for a bracket that cites nothing)"
    ]


def test_two_works_without_a_semicolon(db: Database) -> None:
    edit(db, (EN, "        en: Vague goals tend to diverge [@doe2020 @roe2021]."))
    assert db.problems() == [
        f"{P}:30:51: error: claims[0].counterclaim.text.en: two citations in one bracket "
        "without `;` between them: `[@doe2020 @roe2021]` (separate them with `;`: "
        "`[@one; @two]`)"
    ]


def test_an_empty_key_in_a_block_of_several_lines(db: Database) -> None:
    edit(
        db,
        (
            EN,
            "        en: |\n          Vague goals\n          tend to diverge [@doe2020],\n"
            "          as [see @, p. 3] shows.",
        ),
    )
    assert db.problems() == [
        f"{P}:33:19: error: claims[0].counterclaim.text.en: `@` is not followed by a citation "
        "key (write the key right after `@` (`@hare2019`), or `\\@` for an @ that cites "
        "nothing)"
    ]


def test_a_citation_placed_exactly_in_a_quoted_text_with_escapes(db: Database) -> None:
    edit(db, (EN, '        en: "Vague \\"goals\\"\\tdiverge [@doe2020; see]."'))
    assert db.problems() == [
        f"{P}:30:48: error: claims[0].counterclaim.text.en: `;` in the citation "
        "`[@doe2020; see]` is not followed by a citation (remove the `;`, or add `@key` "
        "to the part without one)"
    ]


def test_a_citation_folded_over_two_lines(db: Database) -> None:
    edit(
        db,
        (EN, "        en: >-\n          Vague goals tend to diverge [see\n          @doe2002]."),
    )
    assert db.problems() == [
        f"{P}:32:11: error: claims[0].counterclaim.text.en: `@doe2002` cites an unknown "
        "reference (did you mean `doe2020` or `roe2021`?)"
    ]


def test_a_citation_without_a_space_before_it_in_chinese(db: Database) -> None:
    edit(db, (ZH, "        zh: 含糊的目标容易发散@doe2020。"))
    assert db.problems() == [
        f"{P}:29:22: error: claims[0].counterclaim.text.zh: a citation needs a space or "
        "punctuation before `@` (write `散 @…`, or `\\@` for an @ that cites nothing)"
    ]


def test_a_key_that_runs_into_the_words_after_it(db: Database) -> None:
    edit(db, (ZH, "        zh: 正如 @doe2020所示，含糊的目标容易发散。"))
    assert db.problems() == [
        f"{P}:29:16: error: claims[0].counterclaim.text.zh: `@doe2020所示` cites an unknown "
        "reference (the key goes on to the next space or punctuation: write `@doe2020 所示`, "
        "or `@{doe2020}所示`)"
    ]
