"""The project's own database, once it is there, must load."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_rebuttal.database.loader import load_debate

DATABASE = Path(__file__).parents[1] / "data" / "claims.yaml"


@pytest.mark.skipif(not DATABASE.exists(), reason="data/claims.yaml is not there yet")
def test_the_real_database_loads() -> None:
    debate, _warnings = load_debate(DATABASE)
    assert debate.pairs
    assert set(debate.citation_order()) == set(debate.references)
