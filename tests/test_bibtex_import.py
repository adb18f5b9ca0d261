"""References from a BibTeX file: what is taken, and every problem at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_rebuttal.cli.main import main
from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.problems import DatabaseError

DATABASE = """\
debate: {title: {zh: 辩论, en: Debate}}
people:
  a: {name: {zh: 甲, en: A}}
claims:
  - id: one
    claim:
      by: a
      title: {zh: 一, en: One}
      text: {zh: "一[@he2019]。", en: "One [@he2019]."}
      citations:
        - ref: he2019
references_bibtex: refs.bib
"""

GOOD = """\
@inproceedings{he2019,
  author = {He, Kaiming and Girshick, Ross and Doll{\\'a}r, Piotr},
  title = {Rethinking {ImageNet} Pre-training},
  booktitle = {Proceedings of the {IEEE/CVF} International Conference on Computer Vision},
  year = {2019},
  doi = {10.1109/ICCV.2019.00502},
  eprint = {1811.08883},
  archivePrefix = {arXiv},
}

@book{uncited,
  title = {Never cited, and no author or year: nobody asks},
}
"""


UNREADABLE = "this entry cannot be read"


def write(tmp_path: Path, bib: str, database: str = DATABASE) -> Path:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(database, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    try:
        _, warnings = load_debate(path)
    except DatabaseError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in warnings]


def test_cited_entries_become_references(tmp_path: Path) -> None:
    debate, warnings = load_debate(write(tmp_path, GOOD))
    assert warnings == []
    assert list(debate.references) == ["he2019"]  # the uncited entry is left out
    item = debate.references["he2019"]
    assert item["type"] == "paper-conference"
    assert item["title"] == "Rethinking ImageNet Pre-training"
    assert item["author"][2] == {"family": "Dollár", "given": "Piotr"}
    assert item["DOI"] == "10.1109/ICCV.2019.00502" and item["arxiv"] == "1811.08883"
    assert debate.bibtex == str(tmp_path / "refs.bib")


def test_malformed_bibtex_is_reported_at_its_line(tmp_path: Path) -> None:
    bib = GOOD + "\n@article{broken,\n  title = {unclosed\n\n@misc{next, title = {x}}\n"
    found = problems(write(tmp_path, bib))
    # The entry that starts at line 15 never closes its title.
    assert found == [f"{tmp_path / 'refs.bib'}:15:1: error: malformed BibTeX: {UNREADABLE}"]


def test_a_key_in_the_yaml_and_in_the_bibtex_file_is_an_error(tmp_path: Path) -> None:
    database = DATABASE + (
        "references:\n  he2019:\n    type: book\n    title: T\n"
        "    author: [{literal: X}]\n    issued: {date-parts: [[2019]]}\n"
    )
    found = problems(write(tmp_path, GOOD, database))
    assert f"{tmp_path / 'refs.bib'}:1:1: error: `he2019` is also a reference in " in found[-1]
    assert found[-1].endswith("claims.yaml, line 14 (keep one of the two)")


def test_a_key_used_twice_in_the_file(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD + "\n@misc{he2019, title = {again}}\n"))
    assert f"{tmp_path / 'refs.bib'}:15:1: error: the key `he2019` is used twice" in found[0]
    assert "(first at line 1)" in found[0]


def test_a_cited_entry_is_checked_like_a_reference_of_the_yaml(tmp_path: Path) -> None:
    bib = "@article{he2019,\n  title = {T},\n  doi = {https://doi.org/10.5555/x},\n}\n"
    found = problems(write(tmp_path, bib))
    bib_path = tmp_path / "refs.bib"
    assert any(p.startswith(f"{bib_path}:3:1: error: references.he2019.DOI") for p in found)
    assert any("missing required field `author`" in p and str(bib_path) in p for p in found)


def test_a_citation_of_a_key_that_is_nowhere(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD, DATABASE.replace("[@he2019]", "[@he2020]")))
    assert any("`@he2020` cites an unknown reference" in p for p in found)


def test_a_missing_bibtex_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(DATABASE, encoding="utf-8")
    (found,) = problems(path)
    assert found.startswith(f"{path}:12:20: error: references_bibtex: cannot read")


@pytest.mark.parametrize("bib", [GOOD])
def test_the_check_command_reads_the_bibtex_file_too(
    tmp_path: Path, bib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, bib)
    assert main(["check", str(path)]) == 0
    # The first line is the verdict; the second counts the translations.
    assert capsys.readouterr().out.splitlines()[0] == f"{path}: ok"
