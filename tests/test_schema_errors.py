"""Problems with the content: one test per kind, on the valid fixture with one mistake."""

from __future__ import annotations

import pytest

from support import VALID, Database

P = "data/claims.yaml"
UNCITED_DOE = (
    f"{P}:56:3: warning: references: `doe2020` is not cited anywhere "
    "(cite it in a statement, or remove it)"
)


def test_an_unknown_field_close_to_a_known_one(db: Database) -> None:
    db.edit("    counterclaim:\n      by: alex", "    counterclam:\n      by: alex")
    assert db.problems() == [
        f"{P}:43:5: error: claims[1]: unknown field `counterclam` (did you mean `counterclaim`?)"
    ]


def test_an_unknown_field_differing_in_case(db: Database) -> None:
    db.edit("DOI: 10.5555", "doi: 10.5555")
    assert db.problems() == [
        f"{P}:63:5: error: references.doe2020: unknown field `doi` (did you mean `DOI`?)"
    ]


def test_an_unknown_field_far_from_any(db: Database) -> None:
    db.edit("    url: https://example.org/essay", "    colour: blue")
    assert db.problems() == [f"{P}:11:5: error: debate.source: unknown field `colour`"]


def test_an_id_in_a_reference(db: Database) -> None:
    db.edit("    type: report", "    id: roe2021\n    type: report")
    assert db.problems() == [
        f"{P}:66:5: error: references.roe2021: unknown field `id` "
        "(the key above this entry is its id; remove `id`)"
    ]


def test_a_missing_required_field(db: Database) -> None:
    db.edit("      by: sam-sample\n      title: {zh: 经常测量", "      title: {zh: 经常测量")
    assert db.problems() == [f"{P}:37:5: error: claims[1].claim: missing required field `by`"]


def test_a_missing_top_level_section(db: Database) -> None:
    start, end = VALID.index("people:"), VALID.index("claims:")
    db.write(VALID[:start] + VALID[end:])
    problems = db.problems()
    assert problems[0] == f"{P}:3:1: error: top level: missing required field `people`"
    # Without people, no person id can be checked; nothing else is reported.
    assert len(problems) == 1


def test_a_missing_original_is_an_error(db: Database) -> None:
    db.edit("title: {zh: 尚无回应, en: Not answered yet}", "title: {en: Not answered yet}")
    assert db.problems() == [
        f"{P}:50:7: error: claims[2].claim.title: missing the `zh` text, the original that "
        "translations are made from (add `zh: ...`)"
    ]


def test_a_missing_translation_is_a_warning(db: Database) -> None:
    db.edit("title: {zh: 尚无回应, en: Not answered yet}", "title: {zh: 尚无回应}")
    assert db.problems() == [
        f"{P}:50:7: warning: claims[2].claim.title: missing translation `en`; "
        "the `zh` text is shown"
    ]


def test_the_site_languages_decide_which_texts_are_original_and_translated(
    db: Database,
) -> None:
    db.edit("title: {zh: 尚无回应, en: Not answered yet}", "title: {zh: 尚无回应}")
    assert db.problems(languages=["zh"]) == [
        f"{P}:4:21: warning: debate.title: `en` is not a language of the site; "
        "its texts are not shown"
    ]
    problems = db.problems(languages=["zh", "en", "fr"])
    assert len(problems) == 20  # `fr` in each of the 19 text fields, `en` in one
    assert problems[0] == (
        f"{P}:4:3: warning: debate.title: missing translation `fr`; the `zh` text is shown"
    )
    errors = [p for p in db.problems(languages=["en", "zh"]) if ": error: " in p]
    assert errors == [
        f"{P}:50:7: error: claims[2].claim.title: missing the `en` text, the original that "
        "translations are made from (add `en: ...`)"
    ]


def test_a_misspelt_language(db: Database) -> None:
    db.edit(
        "title: {zh: 尚无回应, en: Not answered yet}", "title: {zh: 尚无回应, EN: Not answered yet}"
    )
    assert db.problems() == [
        f"{P}:50:7: warning: claims[2].claim.title: missing translation `en`; "
        "the `zh` text is shown",
        f"{P}:50:25: error: claims[2].claim.title: invalid language code `EN` (did you mean `en`?)",
    ]


def test_an_empty_translation(db: Database) -> None:
    db.edit("en: Not answered yet}", 'en: "  "}')
    assert db.problems() == [f"{P}:50:29: error: claims[2].claim.title.en: the text is empty"]


def test_a_number_where_text_is_expected(db: Database) -> None:
    db.edit("title: On Made-Up Results", "title: 1984")
    assert db.problems() == [
        f"{P}:58:12: error: references.doe2020.title: expected text, found a number "
        '(quote it: `"1984"`)'
    ]


def test_an_unquoted_arxiv_id_is_a_number(db: Database) -> None:
    db.edit("    language: zh", "    language: zh\n    arxiv: 2101.10010")
    assert db.problems() == [
        f"{P}:72:12: error: references.roe2021.arxiv: expected text, found a number "
        '(quote it: `"2101.10010"`)'
    ]


def test_a_yes_where_text_is_expected(db: Database) -> None:
    db.edit("en: Measure often}", "en: yes}")
    assert db.problems() == [
        f"{P}:39:29: error: claims[1].claim.title.en: expected text, found true/false "
        '(quote it: `"yes"`)'
    ]


def test_a_list_where_a_mapping_is_expected(db: Database) -> None:
    db.edit("issued: {date-parts: [[2021]]}", "issued: [[2021]]")
    assert db.problems() == [
        f"{P}:69:13: error: references.roe2021.issued: expected a mapping of fields, found a list"
    ]
    db.edit("locator: {zh: 图 1, en: Figure 1}", "locator: [图 1, Figure 1]")
    assert db.problems() == [
        f"{P}:33:20: error: claims[0].counterclaim.citations[0].locator: expected one text "
        "per language, found a list (write `{zh: ..., en: ...}`)"
    ]


def test_plain_text_where_translations_are_expected(db: Database) -> None:
    db.edit("title: {zh: 尚无回应, en: Not answered yet}", "title: Not answered yet")
    assert db.problems() == [
        f"{P}:50:14: error: claims[2].claim.title: expected one text per language, found text "
        "(write `{zh: ..., en: ...}`)"
    ]


def test_duplicate_claim_ids(db: Database) -> None:
    db.edit("  - id: no-reply-yet", "  - id: aim-big")
    assert db.problems() == [
        f"{P}:47:9: error: claims[2].id: duplicate claim id `aim-big` (first at line 20, "
        "column 9) (rename one)"
    ]


def test_an_unknown_reference_in_citations(db: Database) -> None:
    db.edit("        - ref: roe2021", "        - ref: roe2012")
    assert db.problems() == [
        f"{P}:42:16: error: claims[1].claim.citations[0].ref: unknown reference `roe2012` "
        "(did you mean `roe2021` or `doe2020`?)",
        f"{P}:65:3: warning: references: `roe2021` is not cited anywhere "
        "(cite it in a statement, or remove it)",
    ]


def test_an_unknown_reference_far_from_any_names_the_known_keys(db: Database) -> None:
    db.edit("        - ref: roe2021", "        - ref: zzz")
    assert db.problems()[0] == (
        f"{P}:42:16: error: claims[1].claim.citations[0].ref: unknown reference `zzz` "
        "(known reference keys: `doe2020`, `roe2021`)"
    )


def test_an_unknown_reference_inline(db: Database) -> None:
    db.edit(
        "en: Vague goals tend to diverge [@doe2020].", "en: Vague goals tend to diverge [@doe2002]."
    )
    assert db.problems() == [
        f"{P}:30:42: error: claims[0].counterclaim.text.en: `@doe2002` cites an unknown "
        "reference (did you mean `doe2020` or `roe2021`?)",
    ]


def test_an_inline_citation_not_listed_in_citations(db: Database) -> None:
    db.edit("en: Check progress every week.}", 'en: "Check progress every week [@doe2020]."}')
    assert db.problems() == [
        f"{P}:40:18: warning: claims[1].claim.text.zh: does not cite `@doe2020`, which the "
        "`en` text cites (translations should cite the same works)",
        f"{P}:40:61: warning: claims[1].claim: `@doe2020` is cited in the text but not listed "
        "in `citations` (add `- ref: doe2020` to its citations)",
    ]


def test_a_marker_inside_a_block_scalar_is_placed_exactly(db: Database) -> None:
    db.edit(
        "        en: Vague goals tend to diverge [@doe2020].",
        "        en: |\n          Vague goals\n          tend to [@doe2020] diverge [@roe2021].",
    )
    assert db.problems() == [
        f"{P}:29:13: warning: claims[0].counterclaim.text.zh: does not cite `@roe2021`, "
        "which the `en` text cites (translations should cite the same works)",
        f"{P}:32:39: warning: claims[0].counterclaim: `@roe2021` is cited in the text but "
        "not listed in `citations` (add `- ref: roe2021` to its citations)",
    ]


def test_a_reference_nothing_cites(db: Database) -> None:
    db.write(VALID.replace("[@doe2020]", "[@roe2021]").replace("ref: doe2020", "ref: roe2021"))
    assert db.problems() == [UNCITED_DOE]


def test_a_citation_listed_but_not_marked_inline_is_fine(db: Database) -> None:
    db.write(VALID.replace("[@doe2020]", ""))
    assert db.problems() == []


def test_an_unknown_person(db: Database) -> None:
    db.edit(
        "      by: alex-example\n      title: {zh: 尚无回应",
        "      by: alex-exmaple\n      title: {zh: 尚无回应",
    )
    assert db.problems() == [
        f"{P}:49:11: error: claims[2].claim.by: unknown person `alex-exmaple` "
        "(did you mean `alex-example`?)"
    ]


def test_an_unknown_author_of_the_source(db: Database) -> None:
    db.edit("    author: alex-example", "    author: someone")
    assert db.problems() == [
        f"{P}:10:13: error: debate.source.author: unknown person `someone` "
        "(known person ids: `sam-sample`, `alex-example`)"
    ]


def test_a_malformed_doi(db: Database) -> None:
    db.edit("DOI: 10.5555/example.2020.1", "DOI: https://doi.org/10.5555/example.2020.1")
    assert db.problems() == [
        f"{P}:63:10: error: references.doe2020.DOI: malformed DOI "
        "`https://doi.org/10.5555/example.2020.1` (did you mean `10.5555/example.2020.1`?)"
    ]
    db.edit("DOI: 10.5555/example.2020.1", "DOI: 10.55/x")
    assert db.problems() == [
        f"{P}:63:10: error: references.doe2020.DOI: malformed DOI `10.55/x` "
        "(a DOI looks like `10.5555/example.1`, without `https://doi.org/`)"
    ]


def test_a_malformed_arxiv_id(db: Database) -> None:
    db.edit("    language: zh", '    language: zh\n    arxiv: "arXiv:2101.10010"')
    assert db.problems() == [
        f"{P}:72:12: error: references.roe2021.arxiv: malformed arXiv id `arXiv:2101.10010` "
        "(did you mean `2101.10010`?)"
    ]
    db.edit("    language: zh", '    language: zh\n    arxiv: "2113.00001"')
    assert db.problems() == [
        f"{P}:72:12: error: references.roe2021.arxiv: malformed arXiv id `2113.00001` "
        '(an arXiv id looks like `"2001.00001"` (quoted) or `hep-th/9901001`)'
    ]


def test_a_malformed_year(db: Database) -> None:
    db.edit("issued: {date-parts: [[2021]]}", "issued: {date-parts: [[21]]}")
    assert db.problems() == [
        f"{P}:69:28: error: references.roe2021.issued.date-parts[0][0]: year 21 is out of "
        "range (1000 to 2999)"
    ]
    db.edit("issued: {date-parts: [[2021]]}", 'issued: {date-parts: [["2021"]]}')
    assert db.problems() == [
        f"{P}:69:28: error: references.roe2021.issued.date-parts[0][0]: expected a whole "
        "number, found text (write the number without quotes)"
    ]
    db.edit("issued: {date-parts: [[2021]]}", "issued: {date-parts: [2021]}")
    assert db.problems() == [
        f"{P}:69:27: error: references.roe2021.issued.date-parts[0]: expected a list, "
        "found a number"
    ]


def test_a_day_that_does_not_exist(db: Database) -> None:
    db.edit("issued: {date-parts: [[2021]]}", "issued: {date-parts: [[2021, 2, 30]]}")
    assert db.problems() == [
        f"{P}:69:27: error: references.roe2021.issued.date-parts[0]: 2021-02-30 is not a day "
        "of the calendar"
    ]


def test_a_url_that_is_not_http(db: Database) -> None:
    db.edit("URL: https://example.org/roe2021", "URL: ftp://example.org/roe2021")
    assert db.problems() == [
        f"{P}:70:10: error: references.roe2021.URL: not an http(s) URL "
        "`ftp://example.org/roe2021` (only `http://` and `https://` links are allowed)"
    ]
    db.edit("URL: https://example.org/roe2021", "URL: example.org/roe2021")
    assert db.problems() == [
        f"{P}:70:10: error: references.roe2021.URL: not an http(s) URL `example.org/roe2021` "
        "(did you mean `https://example.org/roe2021`?)"
    ]


def test_an_id_that_is_not_a_slug(db: Database) -> None:
    db.edit("  - id: no-reply-yet", "  - id: No reply yet")
    assert db.problems() == [
        f"{P}:47:9: error: claims[2].id: invalid id `No reply yet` (did you mean `no-reply-yet`?)"
    ]


def test_a_person_id_that_is_not_a_slug(db: Database) -> None:
    db.edit("  sam-sample:\n", "  Sam_Sample:\n")
    problems = db.problems()
    assert problems[0] == (
        f"{P}:15:3: error: people: invalid id `Sam_Sample` (did you mean `sam-sample`?)"
    )


def test_the_reserved_id_index(db: Database) -> None:
    db.edit("  - id: no-reply-yet", "  - id: index")
    assert db.problems() == [
        f"{P}:47:9: error: claims[2].id: `index` is reserved for a page of the site "
        "(choose another, like `index-1`)"
    ]


@pytest.mark.parametrize("anchor", ["people", "claims", "conclusion"])
def test_an_id_taking_an_anchor_of_the_claims_index(db: Database, anchor: str) -> None:
    db.edit("  - id: no-reply-yet", f"  - id: {anchor}")
    assert db.problems()[0].startswith(
        f"{P}:47:9: error: claims[2].id: `{anchor}` is reserved for a page of the site"
    )


def test_an_id_too_long_for_a_folder_name(db: Database) -> None:
    db.edit("  - id: no-reply-yet", "  - id: " + "a" * 101)
    assert db.problems()[0].startswith(f"{P}:47:9: error: claims[2].id: invalid id `aaa")
    db.edit("  - id: no-reply-yet", "  - id: " + "a" * 100)
    assert db.problems() == []


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("__config", "invalid citation key `__config`"),
        ("downloads", "`downloads` is reserved for a page of the site"),
        ("bibliography", "`bibliography` is reserved for a page of the site"),
    ],
)
def test_a_key_that_would_take_over_an_anchor_of_the_page(
    db: Database, key: str, problem: str
) -> None:
    db.edit("  roe2021:\n", f"  {key}:\n")
    assert any(line.startswith(f"{P}:65:3: error: references: {problem}") for line in db.problems())


def test_an_invalid_citation_key(db: Database) -> None:
    db.edit("  roe2021:\n", "  roe 2021:\n")
    assert (
        f"{P}:65:3: error: references: invalid citation key `roe 2021` (did you mean `roe2021`?)"
    ) in db.problems()


def test_a_value_outside_a_choice(db: Database) -> None:
    db.edit("fit: partly", "fit: partially")
    assert db.problems() == [
        f"{P}:35:16: error: claims[0].counterclaim.citations[0].fit: `partially` is not "
        "allowed here (did you mean `partly`?)"
    ]


def test_an_empty_claim_list(db: Database) -> None:
    start, end = VALID.index("  - id: aim-big"), VALID.index("conclusion:")
    db.write(VALID[:start].replace("claims:\n", "claims: []\n") + VALID[end:])
    assert db.problems()[0] == f"{P}:19:9: error: claims: needs at least 1 entries"


def test_a_name_without_family_or_literal(db: Database) -> None:
    db.edit("author: [{family: Doe, given: Jane}]", "author: [{given: Jane}]")
    assert db.problems() == [
        f"{P}:59:14: error: references.doe2020.author[0]: needs `family` or `literal`"
    ]


def test_two_references_to_the_same_work(db: Database) -> None:
    db.edit("    URL: https://example.org/roe2021", "    DOI: 10.5555/EXAMPLE.2020.1")
    assert db.problems() == [
        f"{P}:70:10: warning: references: `roe2021` has the same DOI as `doe2020` "
        "(merge them into one reference)"
    ]


def test_an_unknown_provenance_field(db: Database) -> None:
    db.edit("      URL: checked by hand", "      url: checked by hand")
    assert db.problems() == [
        f"{P}:73:7: error: references.roe2021.provenance: unknown field `url` (did you mean `URL`?)"
    ]


def test_a_comma_in_a_text_inside_braces(db: Database) -> None:
    db.edit("en: An Example Debate}", "en: An example, not a real debate}")
    assert db.problems() == [
        f"{P}:4:37: error: debate.title: invalid language code `not a real debate` (a `,` "
        'inside `{...}` ends the text before it: put the whole text in quotes, `en: "..., ..."`)'
    ]
