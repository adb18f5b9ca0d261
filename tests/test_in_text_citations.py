"""One work of an in-text citation, formatted by the style's citation layout with its locator,
prefix, suffix and mode: APA (author-date) and GB/T 7714 (numeric)."""

from __future__ import annotations

from typing import Any

import pytest

from mkdocs_rebuttal.citations import bibliography
from mkdocs_rebuttal.citations.bibliography import Bibliography, CitationLayout, Citations

GBT = "china-national-standard-gb-t-7714-2015-numeric"


def work(family: str | list[str], year: int, **fields: Any) -> dict[str, Any]:
    families = [family] if isinstance(family, str) else family
    return {
        "type": "article-journal",
        "title": fields.pop("title", "A study"),
        "author": [{"family": f, "given": "A."} for f in families],
        "issued": {"date-parts": [[year]]},
        **fields,
    }


REFERENCES = {
    "peters2006": work(["Peters", "Schaal"], 2006),
    "hare2019": work("Hare", 2019),
    "wang2010": {
        "type": "book",
        "title": "书",
        "author": [{"literal": "王临惠"}],
        "issued": {"date-parts": [[2010]]},
        "language": "zh",
    },
    "many2020": work(["Ames", "Baker", "Cole"], 2020),
    "tag2021": work("<b>Tag</b> & Co", 2021),
}


def citations(style: str, locale: str) -> Citations:
    formatter = Bibliography(style, locale)
    return formatter.citations(REFERENCES, formatter.format(REFERENCES, list(REFERENCES)))


@pytest.fixture(scope="module")
def apa() -> Citations:
    return citations("apa", "en-US")


@pytest.fixture(scope="module")
def gbt() -> Citations:
    return citations(GBT, "zh-CN")


@pytest.mark.parametrize(
    ("args", "html"),
    [
        (("hare2019",), "Hare, 2019"),
        (("hare2019", "page", "57", "see"), "see Hare, 2019, p. 57"),
        (("hare2019", "page", "33-35"), "Hare, 2019, pp. 33–35"),
        (("hare2019", "chapter", "3"), "Hare, 2019, Chapter 3"),
        (("hare2019", "paragraph", "4"), "Hare, 2019, para. 4"),
        (("hare2019", "section", "2.1"), "Hare, 2019, Section 2.1"),
        (("hare2019", None, None, "", ", 第 3 节"), "Hare, 2019, 第 3 节"),
        (("hare2019", "page", "5", "", " and passim"), "Hare, 2019, p. 5 and passim"),
        (("peters2006",), "Peters &amp; Schaal, 2006"),
        (("many2020",), "Ames et al., 2020"),
        (
            ("tag2021", None, None, "<i>see</i>"),
            "&lt;i&gt;see&lt;/i&gt; &lt;b&gt;Tag&lt;/b&gt; &amp; Co, 2021",
        ),
    ],
)
def test_apa_items(apa: Citations, args: tuple[Any, ...], html: str) -> None:
    cited = apa.item(*args)
    assert (cited.html, cited.locator_html) == (html, "")


def test_apa_without_the_author_and_the_author_alone(apa: Citations) -> None:
    assert apa.item("hare2019", "page", "33", mode="suppress-author").html == "2019, p. 33"
    assert apa.item("peters2006", mode="author-only").html == "Peters &amp; Schaal"
    assert apa.item("peters2006", mode="author-only").text == "Peters & Schaal"
    assert apa.layout == CitationLayout("(", ")", "; ", superscript=False, sorts=True)


def test_gbt_items_are_numbers_with_the_page_after_the_bracket(gbt: Citations) -> None:
    assert gbt.layout == CitationLayout("[", "]", ",", superscript=True, sorts=True, collapses=True)
    # Numbers are those of the list: the order given.
    assert [gbt.item(key).html for key in REFERENCES] == ["1", "2", "3", "4", "5"]
    # GB/T 7714's citation has no place for a locator: the page follows the bracket.
    page = gbt.item("hare2019", "page", "57")
    assert (page.html, page.locator_html) == ("2", "57")
    assert gbt.item("hare2019", "page", "33-35").locator_html == "33–35"
    assert gbt.item("hare2019", "figure", "3").locator_html == "图 3"
    # A suffix that is no locator stays inside.
    assert gbt.item("hare2019", None, None, "", ", 第 3 节").html == "2, 第 3 节"


def test_gbt_names_the_authors_of_a_narrative_citation(gbt: Citations) -> None:
    assert gbt.item("hare2019", mode="author-only").html == "Hare"
    assert gbt.item("wang2010", mode="author-only").html == "王临惠"
    assert gbt.item("many2020", mode="author-only").html == "Ames 等"


def test_the_order_of_the_works_of_a_citation_is_that_of_the_list(
    apa: Citations, gbt: Citations
) -> None:
    # By author ("<b>Tag</b> & Co" is escaped only when printed), then year.
    assert sorted(REFERENCES, key=apa.position) == [
        "tag2021",
        "many2020",
        "hare2019",
        "peters2006",
        "wang2010",
    ]
    assert sorted(REFERENCES, key=gbt.position) == list(REFERENCES)


def test_a_key_outside_the_list(apa: Citations) -> None:
    with pytest.raises(KeyError):
        apa.item("nobody2000")


def test_citations_are_formatted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibliography, "_CITED", bibliography._Cache(16))
    renders: list[str] = []
    render = bibliography._render_citation_item

    def counting(*args: Any) -> Any:
        renders.append(args[2].key)
        return render(*args)

    monkeypatch.setattr(bibliography, "_render_citation_item", counting)
    first, second = citations("apa", "en-US"), citations("apa", "en-US")
    for formatter in (first, second):
        formatter.item("hare2019", "page", "5")
        formatter.item("hare2019", "page", "5")
    assert renders == ["hare2019"]
    second.item("hare2019", "page", "6")
    assert renders == ["hare2019", "hare2019"]
