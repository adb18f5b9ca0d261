"""Whatever the file holds, loading it gives a debate or a clean DatabaseError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_rebuttal.database import yaml_source
from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.problems import DatabaseError
from mkdocs_rebuttal.database.text_positions import LINE_BREAK
from mutations import mutated, odd_text, spoiled_text
from support import LOADERS, VALID

BASE = yaml.safe_load(VALID)


def load_or_fail_cleanly(raw: bytes, loader: Any) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(yaml_source, "DEFAULT_LOADER", loader),
    ):
        path = Path(folder) / "claims.yaml"
        path.write_bytes(raw)
        try:
            debate, warnings = load_debate(path)
        except DatabaseError as error:
            assert any(p.severity == "error" for p in error.problems)
            # YAML also breaks lines at U+0085, U+2028 and U+2029.
            lines = len(LINE_BREAK.findall(raw.decode("utf-8", errors="replace"))) + 2
            for problem in error.problems:
                assert 1 <= problem.line <= lines and problem.column >= 1, problem
                assert problem.message and "\n" not in str(problem), problem
            assert str(error).endswith(f"in {path}")
            return
        assert all(w.severity == "warning" for w in warnings)
        # What the validator let through, the model can use.
        for pair in debate.pairs:
            for statement in pair.statements():
                statement.cited_keys()
                debate.person_name(statement.by, "en", "zh")
        debate.citation_order()


@pytest.mark.parametrize("loader", LOADERS)
@given(data=mutated(BASE, text=odd_text))
def test_mutated_data(loader: Any, data: Any) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return  # not writable as YAML at all (a key that is a list): nothing to load
    load_or_fail_cleanly(text.encode("utf-8", errors="surrogatepass"), loader)


@pytest.mark.parametrize("loader", LOADERS)
@given(raw=spoiled_text(VALID))
def test_spoiled_text(loader: Any, raw: bytes) -> None:
    load_or_fail_cleanly(raw, loader)


@pytest.mark.parametrize("loader", LOADERS)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_input(loader: Any, raw: bytes) -> None:
    load_or_fail_cleanly(raw, loader)
