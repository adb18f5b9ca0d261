"""The JSON Schema is generated from the same description as the validator, and agrees with it.

Validator-only rules, which a JSON Schema cannot state: a person id or reference key that must
exist (`by`, `author`, `citations[].ref`, inline `[@key]`), claim ids that must be unique, a
day that must exist in its month, and everything about the YAML text itself (syntax,
encoding, duplicate keys, tags, aliases, keys that are not text). Warnings are not errors
to either. One known difference: JSON has a single number type, so the JSON Schema takes
`2019.0` for an integer where the validator wants `2019`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given

from mkdocs_rebuttal.database.json_schema import dumps, json_schema
from mkdocs_rebuttal.database.validate import validate
from mkdocs_rebuttal.database.yaml_source import SourceMap, parse
from mutations import mutated
from support import VALID

SCHEMA_FILE = (
    Path(__file__).parents[1] / "plugins" / "mkdocs_rebuttal" / "database" / "claims.schema.json"
)
BASE = parse(VALID, "claims.yaml", yaml.SafeLoader).data
VALIDATOR = jsonschema.Draft7Validator(json_schema())
VALIDATOR_ONLY = (
    "unknown person",
    "unknown reference",
    "cites an unknown reference",
    "duplicate claim id",
    "duplicate citation ref",
    "is not a day of the calendar",
)


def test_the_committed_schema_is_the_generated_one() -> None:
    regenerate = (
        "python -m mkdocs_rebuttal schema > plugins/mkdocs_rebuttal/database/claims.schema.json"
    )
    assert SCHEMA_FILE.read_text(encoding="utf-8") == dumps(), f"regenerate it: {regenerate}"


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(json_schema())


def test_the_languages_are_a_parameter() -> None:
    localized = json_schema(["en"])["definitions"]["person"]["properties"]["name"]
    assert localized["required"] == ["en"]


def errors(data: Any) -> list[str]:
    problems = validate(data, SourceMap(""), "claims.yaml")
    return [p.message for p in problems if p.severity == "error"]


def edit(change: Callable[[Any], Any]) -> Any:
    """The fixture's data after `change`, which edits it in place or returns a new value."""
    data = copy.deepcopy(BASE)
    result = change(data)
    return data if result is SAME else result


def _set(path: str, value: Any) -> Callable[[Any], None]:
    *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]

    def change(data: Any) -> object:
        for part in parents:
            data = data[part]
        if value is DROP:
            del data[last]
        else:
            data[last] = value
        return SAME

    return change


DROP, SAME = object(), object()

AGREE: list[tuple[str, Callable[[Any], Any], bool]] = [
    ("the fixture", _set("debate/title/en", "An Example Debate"), True),
    ("no conclusion", _set("conclusion", DROP), True),
    ("no summary", _set("debate/summary", DROP), True),
    ("an extra language", _set("debate/title/fr", "Un débat"), True),
    ("a page number", _set("references/doe2020/page", 12), True),
    ("a date range", _set("references/doe2020/issued/date-parts", [[2020, 5], [2021]]), True),
    ("an old arXiv id", _set("references/doe2020/arxiv", "hep-th/9901001v2"), True),
    ("no debate", _set("debate", DROP), False),
    ("no people", _set("people", DROP), False),
    ("no by", _set("claims/0/claim/by", DROP), False),
    ("an unknown field", _set("claims/0/counterclam", {}), False),
    ("a missing translation", _set("debate/title/en", DROP), True),
    ("a missing original", _set("debate/title/zh", DROP), False),
    ("a stamped translation", _set("debate/title/en", {"text": "A", "from": "3f2a9c1b"}), True),
    ("an all-digit fingerprint", _set("debate/title/en", {"text": "A", "from": "01234567"}), True),
    ("a fingerprint as a number", _set("debate/title/en", {"text": "A", "from": 1234567}), False),
    ("a short fingerprint", _set("debate/title/en", {"text": "A", "from": "3f2a9c"}), False),
    ("an uppercase fingerprint", _set("debate/title/en", {"text": "A", "from": "3F2A9C1B"}), False),
    ("a translation without text", _set("debate/title/en", {"from": "3f2a9c1b"}), False),
    ("a translation without from", _set("debate/title/en", {"text": "A"}), False),
    ("a blank stamped text", _set("debate/title/en", {"text": " ", "from": "3f2a9c1b"}), False),
    (
        "an unknown field in a translation",
        _set("debate/title/en", {"text": "A", "from": "3f2a9c1b", "by": "x"}),
        False,
    ),
    ("a stamped original", _set("debate/title/zh", {"text": "A", "from": "3f2a9c1b"}), False),
    ("a stamped other language", _set("debate/title/fr", {"text": "A", "from": "3f2a9c1b"}), True),
    ("a number for text", _set("debate/title/en", 3), False),
    ("text for translations", _set("debate/title", "x"), False),
    ("a list for translations", _set("debate/title", ["x"]), False),
    ("a blank text", _set("debate/title/en", " \n"), False),
    ("a bad language code", _set("debate/title/EN", "x"), False),
    ("an id that is no slug", _set("claims/0/id", "Aim Big"), False),
    ("an id with a newline", _set("claims/0/id", "aim-big\n"), False),
    ("the reserved id", _set("claims/0/id", "index"), False),
    ("a DOI link", _set("references/doe2020/DOI", "https://doi.org/10.5555/x"), False),
    ("a bad arXiv id", _set("references/doe2020/arxiv", "2113.0001"), False),
    ("an arXiv number", _set("references/doe2020/arxiv", 2101.00001), False),
    ("an ftp URL", _set("references/roe2021/URL", "ftp://example.org"), False),
    ("a two-digit year", _set("references/roe2021/issued/date-parts", [[21]]), False),
    ("a year as text", _set("references/roe2021/issued/date-parts", [["2021"]]), True),
    ("a literal date", _set("references/roe2021/issued", {"literal": "Spring 2021"}), True),
    ("a date of nothing", _set("references/roe2021/issued", {"season": 2}), False),
    ("month 13", _set("references/roe2021/issued/date-parts", [[2021, 13]]), False),
    ("four date parts", _set("references/roe2021/issued/date-parts", [[2021, 1, 1, 1]]), False),
    ("no date parts", _set("references/roe2021/issued/date-parts", []), False),
    ("no claims", _set("claims", []), False),
    ("claims as a mapping", _set("claims", {}), False),
    ("a fit outside the choice", _set("claims/0/counterclaim/citations/0/fit", "maybe"), False),
    ("a name without family", _set("references/doe2020/author", [{"given": "Jane"}]), False),
    ("no authors", _set("references/doe2020/author", []), False),
    ("a bad citation key", _set("references/a b", BASE["references"]["roe2021"]), False),
    ("a bad person id", _set("people/Sam", BASE["people"]["sam-sample"]), False),
    ("an unknown provenance", _set("references/roe2021/provenance/url", "x"), False),
    ("an unknown CSL type", _set("references/roe2021/type", "journal"), False),
    ("a CSL id (not used)", _set("references/roe2021/id", "roe2021"), True),
    ("a journal abbreviation", _set("references/roe2021/journalAbbreviation", "J."), True),
    ("nothing", lambda data: None, False),
    ("a list", lambda data: [], False),
]

VALIDATOR_ONLY_SAMPLES: list[tuple[str, Callable[[Any], Any]]] = [
    ("an unknown person", _set("claims/0/claim/by", "nobody")),
    ("an unknown author", _set("debate/source/author", "nobody")),
    ("an unknown reference", _set("claims/0/counterclaim/citations/0/ref", "nothing")),
    ("an unknown inline reference", _set("claims/0/claim/text/en", "Big [@nothing].")),
    ("a duplicate claim id", _set("claims/1/id", "aim-big")),
    (
        "a ref twice in one citations list",
        _set("claims/1/claim/citations", [{"ref": "roe2021"}, {"ref": "roe2021"}]),
    ),
    ("February 30", _set("references/roe2021/issued/date-parts", [[2021, 2, 30]])),
]


@pytest.mark.parametrize(
    ("change", "valid"), [(c, v) for _, c, v in AGREE], ids=[n for n, _, _ in AGREE]
)
def test_both_accept_or_both_reject(change: Callable[[Any], Any], valid: bool) -> None:
    data = edit(change)
    assert VALIDATOR.is_valid(data) is valid
    assert (not errors(data)) is valid, errors(data)


@pytest.mark.parametrize(
    "change", [c for _, c in VALIDATOR_ONLY_SAMPLES], ids=[n for n, _ in VALIDATOR_ONLY_SAMPLES]
)
def test_what_only_the_validator_rejects(change: Callable[[Any], Any]) -> None:
    data = edit(change)
    assert VALIDATOR.is_valid(data)
    assert errors(data)
    assert all(any(kind in e for kind in VALIDATOR_ONLY) for e in errors(data))


@given(mutated(BASE))
def test_they_agree_on_mutated_databases(data: Any) -> None:
    schema_errors = [e.message for e in VALIDATOR.iter_errors(data)]
    shape_errors = [e for e in errors(data) if not any(kind in e for kind in VALIDATOR_ONLY)]
    assert bool(schema_errors) == bool(shape_errors), (schema_errors, shape_errors)
