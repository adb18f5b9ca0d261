"""The same input builds the same site, byte for byte."""

from __future__ import annotations

from pathlib import Path

from sitecheck import build_site

ROOT = Path(__file__).resolve().parent.parent


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_building_twice_gives_identical_files(tmp_path: Path) -> None:
    first = files_of(build_site(ROOT / "mkdocs.yml", tmp_path / "first").root)
    second = files_of(build_site(ROOT / "mkdocs.yml", tmp_path / "second").root)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different
