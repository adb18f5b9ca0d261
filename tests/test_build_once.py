"""Work done once per build, not once per language build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mkdocs_rebuttal.plugin.hooks

from sitecheck import build_site

SITE = Path(__file__).parent / "sites" / "other-debate"


def test_the_database_is_read_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real_load = mkdocs_rebuttal.plugin.hooks.load_database

    def counting_load(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(mkdocs_rebuttal.plugin.hooks, "load_database", counting_load)
    site = build_site(SITE / "mkdocs.yml", tmp_path / "site")
    assert site.has("arguments/small-steps/") and site.has("en/arguments/small-steps/")
    assert len(calls) == 1
