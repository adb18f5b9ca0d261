"""Golden files: database text in, model and Markdown pages out, side by side in one file.

Run with UPDATE_GOLDEN=1 to rewrite the expected parts after a deliberate change, then read
the diff.
"""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_rebuttal.citations.bibliography import Entry, Link
from mkdocs_rebuttal.database.model import Debate
from mkdocs_rebuttal.pages.layout import Layout
from mkdocs_rebuttal.pages.markdown import Bibliographies, PageWriter
from mkdocs_rebuttal.pages.strings import strings_for

GOLDEN = sorted((Path(__file__).parent / "golden" / "render").glob("*.yaml"))


class LiteralDumper(yaml.SafeDumper):
    """Multi-line strings as `|` blocks, so that expected pages read like the Markdown."""


LiteralDumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    ),
)


def render(case: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    debate = Debate.from_mapping(yaml.safe_load(case["database"]))
    language = case["language"]
    entries = {
        key: Entry(
            key,
            e["label"],
            e["html"],
            tuple(Link(**link) for link in e.get("links", ())),
            label_html=e.get("label_html", html.escape(e["label"])),
            locale=e.get("locale", language),
        )
        for key, e in case["entries"].items()
    }
    references = Bibliographies(entries, numeric=case["numeric"])
    layout = Layout()
    writer = PageWriter(debate, language, "zh", strings_for(language), references, layout)
    pages = {
        layout.index(): writer.index(),
        layout.bibliography_page(): writer.bibliography(),
        **{layout.pair(p.id): writer.pair(n) for n, p in enumerate(debate.pairs)},
    }
    return dataclasses.asdict(debate), pages


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    model, pages = render(case)
    # Round-trip through YAML so that tuples and lists compare alike.
    model = yaml.safe_load(yaml.safe_dump(model, allow_unicode=True))
    if os.environ.get("UPDATE_GOLDEN"):
        case["expected_model"], case["expected_pages"] = model, pages
        text = yaml.dump(case, Dumper=LiteralDumper, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    assert model == case["expected_model"]
    assert pages == case["expected_pages"]
