"""The complete example of the data format page is a valid database, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_rebuttal.database.loader import check_database

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLE = {"en": "## A complete example", "zh": "## 完整示例"}


@pytest.mark.parametrize("language", EXAMPLE)
def test_the_complete_example_is_valid_and_its_stamps_current(language: str) -> None:
    page = (DOCS / f"format.{language}.md").read_text("utf-8")
    after = page.split(EXAMPLE[language], 1)[1]
    example = re.search(r"```yaml\n(.*?)```", after, re.DOTALL)
    assert example is not None
    checked = check_database(example[1].encode("utf-8"), "example.yaml")
    assert [str(p) for p in checked.problems] == []
    assert checked.translations is not None
    assert checked.translations.counts("en")["current"] == 2
