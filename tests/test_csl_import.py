"""References from a CSL-JSON file as Zotero and Better BibTeX export it (`references_csl`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from mkdocs_rebuttal.citations.bibliography import Bibliography
from mkdocs_rebuttal.database.loader import load_debate
from mkdocs_rebuttal.database.problems import DatabaseError

SEED = Path(__file__).parents[1] / "data" / "claims.yaml"
GBT = "china-national-standard-gb-t-7714-2015-numeric"


def zotero_export(references: dict[str, Any], accessed: bool = True) -> str:
    """The references as Zotero 7 with Better BibTeX writes them: a list, tab-indented, each
    item with a Zotero URI as `id` and the key as `citation-key`, years as text, and fields
    the site does not write (accessed, abstract, source, shortTitle, journalAbbreviation)."""
    items = []
    for n, (key, reference) in enumerate(references.items()):
        item = {"id": f"http://zotero.org/users/local/AbCd/items/ITEM{n}", "citation-key": key}
        item |= {k: v for k, v in reference.items() if k not in ("arxiv", "provenance")}
        item["issued"] = {"date-parts": [[str(p) for p in reference["issued"]["date-parts"][0]]]}
        if accessed:
            item["accessed"] = {"date-parts": [["2026", "11", "30"]]}
        item["abstract"] = "An abstract <b>with</b> markup & such."
        item["source"] = "Zotero"
        item["shortTitle"] = reference["title"].split(":")[0][:30]
        if "container-title" in reference:
            item["journalAbbreviation"] = "Abbr."
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent="\t")


def site_from_export(tmp_path: Path, export: str) -> Path:
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data.pop("references")
    data["references_csl"] = "My Library.json"
    (tmp_path / "My Library.json").write_text(export, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    try:
        _, warnings = load_debate(path)
    except DatabaseError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in warnings]


def test_a_zotero_export_of_the_site_s_references_loads_with_no_edits(tmp_path: Path) -> None:
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))["references"]
    assert problems(site_from_export(tmp_path, zotero_export(seed))) == []
    # Compared without the date of access, which GB/T 7714 prints ("2019[2026-11-30]").
    path = site_from_export(tmp_path, zotero_export(seed, accessed=False))
    assert problems(path) == []
    debate, _ = load_debate(path)
    assert set(debate.references) == set(seed)
    # The same bibliography as from the database's own references (the links aside: Zotero
    # has no `arxiv`).
    for style, locale in ((GBT, "zh-CN"), ("apa", "en-US")):
        order = list(seed)
        ours = Bibliography(style, locale).format(seed, order)
        imported = Bibliography(style, locale).format(debate.references, order)
        assert [(e.key, e.html, e.label) for e in imported] == [
            (e.key, e.html, e.label) for e in ours
        ]


def test_problems_are_placed_in_the_json_file(tmp_path: Path) -> None:
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))["references"]
    items = json.loads(zotero_export(seed))
    items[1]["DOI"] = "https://doi.org/10.5555/x"
    del items[2]["citation-key"]
    # Its key is now its `id`, a Zotero URI: not a key the texts cite.
    path = site_from_export(tmp_path, json.dumps(items, ensure_ascii=False, indent="\t"))
    found = problems(path)
    export = str(tmp_path / "My Library.json")
    text = (tmp_path / "My Library.json").read_text(encoding="utf-8")
    doi_line = text[: text.index('"https://doi.org/10.5555/x"')].count("\n") + 1
    assert any(p.startswith(f"{export}:{doi_line}:") and ".DOI" in p for p in found), found
    # The item that lost its key: every citation of it is now of an unknown reference.
    key = list(seed)[2]
    assert any(f"`@{key}` cites an unknown reference" in p for p in found), found


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = site_from_export(tmp_path, '[\n\t{"id": "x",\n\t"title": }\n]')
    found = problems(path)
    assert any(f"{tmp_path / 'My Library.json'}:3:" in p and "not a JSON file" in p for p in found)


def test_a_zotero_export_of_the_conformance_corpus_loads_with_no_edits(tmp_path: Path) -> None:
    # Fifty references of every kind (undated, editor-only, 21 authors, Chinese names whole
    # and split), written as Zotero writes CSL-JSON: a list with `id` and `citation-key`,
    # years as text, fields the site does not use; beside the site's own six.
    corpus = Path(__file__).parent / "conformance" / "corpus.yaml"
    items = yaml.safe_load(corpus.read_text(encoding="utf-8"))["references"]
    exported = []
    for n, item in enumerate(items):
        record = {**item, "id": f"http://zotero.org/users/local/AbCd/items/C{n}"}
        record["citation-key"] = item["id"]
        issued = item.get("issued")
        if issued and "date-parts" in issued:
            record["issued"] = {"date-parts": [[str(p) for p in issued["date-parts"][0]]]}
        record["abstract"] = "An abstract."
        exported.append(record)
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))["references"]
    exported += json.loads(zotero_export(seed))
    path = site_from_export(tmp_path, json.dumps(exported, ensure_ascii=False, indent="\t"))
    # One more pair cites every work of the corpus, so that each is read and checked.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = [item["id"] for item in items]
    cites = "[" + "; ".join(f"@{key}" for key in keys) + "]"
    data["claims"].append(
        {
            "id": "every-work",
            "claim": {
                "by": "mu-li",
                "title": {"zh": "全部", "en": "All"},
                "text": {"zh": f"全部{cites}。", "en": f"All {cites}."},
                "citations": [{"ref": key} for key in keys],
            },
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [p for p in problems(path) if ": error: " in p] == []
    debate, _ = load_debate(path)
    assert set(keys) <= set(debate.references)
