"""Problems found while reading the YAML, before the schema is looked at."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import yaml

from mkdocs_rebuttal.database.loader import check
from support import VALID, Database

P = "data/claims.yaml"


def test_a_tab_in_the_indentation(db: Database) -> None:
    db.write(VALID.replace("    name: {zh: 示例甲", "\tname: {zh: 示例甲"))
    assert db.problems() == [
        f"{P}:14:1: error: tab character: YAML indents with spaces only "
        "(replace the tab with spaces)"
    ]


def test_an_unclosed_quote_is_reported_where_it_opens(db: Database) -> None:
    db.edit("title: On Made-Up Results", "title: 'On Made-Up Results")
    assert db.problems() == [
        f"{P}:58:12: error: unclosed quote: this ' is never closed (add the closing ')"
    ]


def test_bad_indentation(db: Database) -> None:
    db.edit("    title: 示例报告", "   title: 示例报告")
    assert db.problems() == [
        f"{P}:67:4: error: bad indentation: this line does not fit the block that starts on "
        "line 56 (indent it like the entries it belongs with)"
    ]


def test_a_line_indented_too_far(db: Database) -> None:
    db.edit("    title: 示例报告", "     title: 示例报告")
    assert db.problems() == [
        f"{P}:67:11: error: unexpected `:` (put a value that contains `: ` in quotes, "
        "or check the indentation)"
    ]


def test_a_colon_in_an_unquoted_value(db: Database) -> None:
    db.edit("title: On Made-Up Results", "title: Results: On Made-Up Ones")
    assert db.problems() == [
        f"{P}:58:19: error: unexpected `:` (put a value that contains `: ` in quotes, "
        "or check the indentation)"
    ]


def test_a_bracket_in_an_unquoted_value_inside_braces(db: Database) -> None:
    db.edit("en: Check progress every week.}", "en: Check progress every week [@roe2021].}")
    assert db.problems() == [
        f"{P}:40:59: error: unexpected `[` inside `{{...}}` "
        "(put text that contains `[ ] { } , :` in quotes)"
    ]


def test_an_unclosed_bracket(db: Database) -> None:
    db.edit("author: [{literal: 罗示例}]", "author: [{literal: 罗示例}")
    assert db.problems() == [f"{P}:68:13: error: unclosed `[` (add the `]`)"]


def test_an_empty_file(db: Database) -> None:
    for empty in ("", "# only a comment\n", "---\n", "\n\n"):
        db.write(empty)
        assert db.problems() == [
            f"{P}:1:1: error: the file is empty (a database starts with `debate:`)"
        ], empty


def test_a_top_level_that_is_not_a_mapping(db: Database) -> None:
    db.write("- debate: {}\n- people: {}\n")
    assert db.problems() == [
        f"{P}:1:1: error: top level: expected a mapping of fields, found a list"
    ]


def test_a_second_document(db: Database) -> None:
    db.write(VALID + "---\nmore: 1\n")
    assert db.problems() == [
        f"{P}:74:1: error: a second YAML document starts here (the file must hold one)"
    ]


def test_duplicate_keys_are_errors_everywhere(db: Database) -> None:
    db.edit("    page: 1-10\n", "    page: 1-10\n    page: 11-20\n")
    assert db.problems() == [
        f"{P}:63:5: error: references.doe2020: duplicate key `page` (first at line 62, "
        "column 5) (other YAML readers keep only the last one; remove or rename one)"
    ]


def test_a_duplicate_reference_key(db: Database) -> None:
    db.write(VALID + "  doe2020:\n    type: book\n")
    assert db.problems() == [
        f"{P}:74:3: error: references: duplicate key `doe2020` (first at line 56, column 3) "
        "(other YAML readers keep only the last one; remove or rename one)"
    ]


def test_a_python_tag_is_an_error_and_never_runs(db: Database, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    db.edit(
        "container-title: Journal of Examples",
        f'container-title: !!python/object/apply:os.system ["touch {marker}"]',
    )
    assert db.problems() == [
        f"{P}:61:22: error: tag `!!python/object/apply:os.system` is not allowed (the "
        "database holds plain text, numbers, lists and mappings; remove the tag)",
    ]
    assert not marker.exists()


def test_any_other_tag_is_an_error(db: Database) -> None:
    db.edit("page: 1-10", "page: !include pages.yaml")
    assert db.problems() == [
        f"{P}:62:11: error: tag `!include` is not allowed (the database holds plain text, "
        "numbers, lists and mappings; remove the tag)"
    ]


def test_standard_tags_are_accepted(db: Database) -> None:
    db.edit("page: 1-10", "page: !!str 10")
    assert db.problems() == []


def test_a_billion_laughs_fails_fast_in_bounded_memory(db: Database) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join([f'*{previous}'] * 9)}]")
    db.write("\n".join(lines) + "\n")
    tracemalloc.start()
    start = time.perf_counter()
    problems = db.problems()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems == [
        f"{P}:6:8: error: aliases expand to more than 100000 values (an alias bomb?) "
        "(write the values out instead)"
    ]
    assert elapsed < 0.5
    assert peak < 5_000_000


def test_a_few_aliases_are_fine(db: Database) -> None:
    db.edit(
        "    name: {zh: 示例甲, en: Alex Example}", "    name: &alex {zh: 示例甲, en: Alex Example}"
    )
    db.write(db_text := Path(db.path).read_text(encoding="utf-8"))
    assert "&alex" in db_text
    assert db.problems() == []


def test_an_unknown_alias(db: Database) -> None:
    db.edit("    name: {zh: 样例乙, en: Sam Sample}", "    name: *sam")
    assert db.problems() == [f"{P}:16:11: error: alias `*sam` refers to no anchor above it"]


def test_a_recursive_alias(db: Database) -> None:
    db.write("a: &a [1, *a]\n")
    assert db.problems() == [f"{P}:1:11: error: alias `*a` refers to a collection that contains it"]


def test_a_merge_key(db: Database) -> None:
    db.edit("  sam-sample:\n", "  sam-sample:\n    <<: {url: https://example.org}\n")
    assert db.problems() == [
        f"{P}:16:5: error: people.sam-sample: merge keys (`<<`) are not supported "
        "(write the fields out)"
    ]


def test_a_key_that_is_not_text(db: Database) -> None:
    db.edit(
        "    name: {zh: 示例甲, en: Alex Example}",
        "    name: {zh: 示例甲, en: Alex Example, no: Nei}",
    )
    assert db.problems() == [
        f"{P}:14:39: error: people.alex-example.name: the key `no` is true/false; keys must "
        'be text (quote it: `"no"`)'
    ]


def test_an_impossible_date_is_kept_as_text(db: Database) -> None:
    db.edit("page: 1-10", "page: 2020-13-45")
    assert db.problems() == [
        f"{P}:62:11: error: `2020-13-45` is not a valid date (quote it if it is text)"
    ]


def test_deep_nesting_is_refused(db: Database) -> None:
    db.write("a: " + "[" * 5000 + "]" * 5000 + "\n")
    problems = db.problems()
    assert len(problems) == 1
    assert "nest" in problems[0]


def test_bytes_that_are_not_utf8(db: Database) -> None:
    db.write(VALID.encode("utf-8").replace(b"Sam Sample", b"Sam Sa\xffmple"))
    assert db.problems() == [
        f"{P}:16:31: error: not valid UTF-8: byte 0xff cannot appear here (save the file as UTF-8)"
    ]


def test_a_utf16_file(db: Database) -> None:
    db.write(VALID.encode("utf-16"))
    assert db.problems() == [f"{P}:1:1: error: the file is UTF-16 (save it as UTF-8)"]


def test_a_byte_order_mark_is_fine(db: Database) -> None:
    db.write(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert db.problems() == []


def test_control_characters_are_all_reported(db: Database) -> None:
    db.write(VALID.replace("Sam Sample", "Sam\x07Sample").replace("Jane", "Ja\x00ne"))
    assert db.problems() == [
        f"{P}:16:28: error: control character U+0007 is not allowed in YAML "
        "(delete it, or write it as an escape in double quotes)",
        f"{P}:59:37: error: control character U+0000 is not allowed in YAML "
        "(delete it, or write it as an escape in double quotes)",
    ]


def test_a_lone_surrogate_in_an_original_is_reported_by_either_reader() -> None:
    # libyaml refuses the escape as YAML; the pure-Python reader reads it, and the text
    # rules refuse it: the translation survey beside them must not fail first.
    text = VALID.replace("{zh: 示例甲", '{zh: "\\ud800"').encode("utf-8")
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        _, problems = check(text, P, ("zh", "en"), loader)
        assert [p.line for p in problems if p.severity == "error"] == [14], loader
