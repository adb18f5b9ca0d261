"""The downloads: each file written, then read back by a parser that is not ours.

BibTeX is written with bibtexparser and read back by pybtex as well as by our own reader;
RIS is read by rispy, CSL-JSON by citeproc-py, the database JSON by the database's JSON Schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rispy
import yaml
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from pybtex.database import parse_string as pybtex_parse

from mkdocs_rebuttal.citations import bibtex
from mkdocs_rebuttal.database.json_schema import json_schema
from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.translations import plain_texts
from mkdocs_rebuttal.pages import downloads as exports
from test_seed_site import DATA

from sitecheck import Site

ROOT = Path(__file__).resolve().parent.parent
REFERENCES: dict[str, Any] = DATA["references"]
FILES = ["references.bib", "references.json", "references.ris", "database.json"]


def without_provenance(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "provenance"}


HOSTILE: dict[str, Any] = {
    "odd2020": {
        "type": "article-journal",
        "title": 'Braces { and } \\ back & 100% $5 #1 a_b ~x^2 -- "q" {ImageNet}',
        "author": [
            {"literal": "Smith and Sons, Ltd"},
            {"literal": "王临惠"},
            {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "Lloyd Webber", "given": "Andrew"},
        ],
        "container-title": "Journal of {Odd} Things & Co",
        "issued": {"date-parts": [[2020, 3, 5]]},
        "volume": "7",
        "issue": "2",
        "page": "10-20",
        "DOI": "10.5555/a_b{c}",
        "URL": "https://example.org/a?b=c&d=%20",
        "language": "en",
    },
    "book2021": {
        "type": "book",
        "title": "一本书",
        "author": [{"literal": "张三"}],
        "issued": {"date-parts": [[2021]]},
        "publisher": "示例出版社",
        "publisher-place": "北京",
        "language": "zh",
    },
}


@pytest.mark.parametrize("references", [REFERENCES, HOSTILE], ids=["seed", "hostile"])
def test_bibtex_reads_back_as_the_same_items(references: dict[str, Any]) -> None:
    text = bibtex.write(references, references)
    read = bibtex.read(text)
    assert read.errors == []
    assert read.items == {key: without_provenance(item) for key, item in references.items()}


@pytest.mark.parametrize("references", [REFERENCES, HOSTILE], ids=["seed", "hostile"])
def test_pybtex_reads_the_bibtex(references: dict[str, Any]) -> None:
    parsed = pybtex_parse(bibtex.write(references, references), "bibtex")
    assert list(parsed.entries) == list(references)
    for key, item in references.items():
        entry = parsed.entries[key]
        assert len(entry.persons["author"]) == len(item["author"]), key
        assert entry.fields["year"] == str(item["issued"]["date-parts"][0][0])
        if "DOI" in item:
            assert entry.fields["doi"].replace("%7B", "{").replace("%7D", "}") == item["DOI"]
        if "arxiv" in item:
            assert entry.fields["eprint"] == item["arxiv"]
            assert entry.fields["archiveprefix"] == "arXiv"


def test_bibtex_entry_types() -> None:
    text = bibtex.write(REFERENCES, REFERENCES)
    parsed = pybtex_parse(text, "bibtex")
    assert parsed.entries["hare2019"].type == "misc"  # a preprint
    assert parsed.entries["he2019"].type == "inproceedings"
    assert "{ImageNet}" in parsed.entries["he2019"].fields["title"]  # kept as written


@pytest.mark.parametrize("references", [REFERENCES, HOSTILE], ids=["seed", "hostile"])
def test_ris_reads_back_with_rispy(references: dict[str, Any]) -> None:
    records = rispy.loads(exports.ris(references, references))
    assert [r["id"] for r in records] == list(references)
    for record, item in zip(records, references.values(), strict=True):
        assert record["title"] == " ".join(item["title"].split())
        assert len(record["authors"]) == len(item["author"])
        assert record["year"] == str(item["issued"]["date-parts"][0][0])
        if "DOI" in item:
            assert record["doi"] == item["DOI"]
        if "page" in item:
            assert f"{record['start_page']}-{record['end_page']}" == item["page"]
        if "arxiv" in item:
            assert f"https://arxiv.org/abs/{item['arxiv']}" in record["urls"]
    kinds = {r["id"]: r["type_of_reference"] for r in records}
    if references is REFERENCES:
        assert kinds["hare2019"] == "UNPB" and kinds["he2019"] == "CPAPER"


def test_csl_json_is_read_by_citeproc() -> None:
    items = exports.csl_json(REFERENCES, REFERENCES)
    source = CiteProcJSON(json.loads(json.dumps(items)))
    assert sorted(source) == sorted(REFERENCES)
    for item in items:
        assert "arxiv" not in item and "provenance" not in item
    by_key = {item["id"]: item for item in items}
    assert by_key["li2018"]["URL"] == REFERENCES["li2018"]["URL"]  # the item's own address
    assert "URL" not in by_key["he2019"]  # it has a DOI
    # An arXiv id with no DOI and no URL of the item's own becomes its URL.
    bare = {"li2018": {k: v for k, v in REFERENCES["li2018"].items() if k != "URL"}}
    (item,) = exports.csl_json(bare, bare)
    assert item["URL"] == "https://arxiv.org/abs/1712.09913"


def test_the_database_json_is_the_yaml_and_fits_its_json_schema() -> None:
    debate, _ = load_debate(ROOT / "data" / "claims.yaml")
    data = exports.database(debate)
    assert data == DATA
    jsonschema.validate(data, json_schema(["zh", "en"]))


def test_references_from_bibtex_are_in_the_database_json() -> None:
    debate, _ = load_debate(ROOT / "tests" / "sites" / "other-debate" / "data" / "debate.yaml")
    data = exports.database(debate)
    assert sorted(data["references"]) == ["he2019", "schulman2017"]
    assert "references_bibtex" not in data
    jsonschema.validate(data, json_schema(["zh", "en"]))


def test_downloads_land_once_and_both_bibliographies_link_them(seed_site: Site) -> None:
    for name in FILES:
        assert (seed_site.root / "bibliography" / name).is_file()
        assert not (seed_site.root / "en" / "bibliography" / name).exists()
    for url in ["bibliography/", "en/bibliography/"]:
        page = seed_site.page(url)
        links = page.links(".rb-downloads a")
        assert [link.rsplit("/", 1)[-1] for link in links] == FILES
        for reference in page.references():
            assert not seed_site.broken(page, reference), reference
    root = seed_site.root / "bibliography"
    assert rispy.loads((root / "references.ris").read_text(encoding="utf-8"))
    parsed = pybtex_parse((root / "references.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(parsed.entries) == sorted(REFERENCES)
    database = json.loads((root / "database.json").read_text(encoding="utf-8"))
    # The database as readers' programs want it: each translation as its text, without the
    # fingerprint of the original it records.
    written = yaml.safe_load((ROOT / "data" / "claims.yaml").read_text("utf-8"))
    assert database == plain_texts(written)
