"""The pandoc adapter (prototype): labels, order, languages, safety, and its four corrections."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_rebuttal.citations import pandoc_engine
from mkdocs_rebuttal.citations.pandoc_engine import CORRECTIONS, PandocEntry, format_references

GBT = "china-national-standard-gb-t-7714-2015-numeric"
CORPUS = Path(__file__).parent / "conformance" / "corpus.yaml"
# The tags the adapter writes; anything else in an entry would have come from the data.
ALLOWED_TAGS = {"i", "b", "u", "s", "sup", "sub", "span"}
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "*x* and **y** and `z` and $x^2$",
    '<span style="background:url(javascript:alert(1))">s</span>',
    "&lt;script&gt; &amp; &#60;",
    "<![CDATA[x]]> <!-- c --> <?pi x?>",
    "\\emph{e} {\\bf b}",
]


def work(key: str = "w", **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "book",
        "title": f"Title of {key}",
        "author": [{"family": "Hare", "given": "Joshua"}],
        "issued": {"date-parts": [[2019]]},
        "publisher": "Press",
        "language": "en",
    }
    item.update(fields)
    return item


def by_key(entries: list[PandocEntry]) -> dict[str, PandocEntry]:
    return {entry.key: entry for entry in entries}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(fragment)
    return parser.tags


@pytest.fixture(scope="module", autouse=True)
def pandoc_installed() -> None:
    try:
        pandoc_engine.pandoc_path()
    except pandoc_engine.PandocError as exc:
        pytest.skip(f"pandoc is not installed (pip install pypandoc-binary): {exc}")


# --- Labels and order ------------------------------------------------------------------------


def test_numeric_labels_follow_citation_order_and_entries_leave_the_number_out() -> None:
    references = {key: work(key) for key in ("c", "a", "b")}
    entries = format_references(references, ["c", "a", "b", "a"], "ieee", "en-US")
    assert [(e.key, e.label) for e in entries] == [("c", "[1]"), ("a", "[2]"), ("b", "[3]")]
    assert entries[0].html == "J. Hare, <i>Title of c</i>. Press, 2019."
    assert not any(e.html.startswith("[") for e in entries)


def test_author_date_labels_have_year_suffixes_and_no_parentheses() -> None:
    references = {
        "later": work(title="B second work"),
        "earlier": work(title="A first work"),
        "other": work(author=[{"family": "Abbott", "given": "Ruth"}]),
    }
    entries = format_references(references, list(references), "apa", "en-US")
    assert [(e.key, e.label) for e in entries] == [
        ("other", "Abbott, 2019"),
        ("earlier", "Hare, 2019a"),
        ("later", "Hare, 2019b"),
    ]
    assert by_key(entries)["earlier"].html.startswith("Hare, J. (2019a).")


def test_gbt_label_is_the_number_without_the_superscript() -> None:
    entries = format_references({"w": work()}, ["w"], GBT, "zh-CN")
    assert (entries[0].label, entries[0].label_html) == ("[1]", "[1]")


def test_unknown_key_and_unknown_style_are_errors() -> None:
    with pytest.raises(ValueError, match="'missing' is not in references"):
        format_references({"w": work()}, ["missing"], "apa", "en-US")
    with pytest.raises(ValueError, match="unknown CSL style"):
        format_references({"w": work()}, ["w"], "no-such-style", "en-US")
    with pytest.raises(ValueError, match="unknown corrections"):
        format_references({"w": work()}, ["w"], "apa", "en-US", corrections={"x"})


@pytest.mark.parametrize("key", ["a b", "@x", "{y}", "键", "x]; [@y", "-leading", "ref-1"])
def test_any_citation_key_works(key: str) -> None:
    # Citations go to pandoc as its JSON document model, never as Markdown to parse.
    entries = format_references({key: work(), "other": work("o")}, [key, "other"], "ieee", "en")
    assert [(e.key, e.label) for e in entries] == [(key, "[1]"), ("other", "[2]")]


def test_fields_that_are_not_csl_stay_out() -> None:
    item = work(arxiv="1910.09281", provenance={"DOI": "secondary: index record"})
    entries = format_references({"w": item}, ["w"], "apa", "en-US")
    assert "1910.09281" not in entries[0].html and "secondary" not in entries[0].html


# --- Languages -------------------------------------------------------------------------------


def test_gbt_formats_each_work_in_its_own_language_with_one_run_per_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[str] = []
    real_run = pandoc_engine._run

    def counting_run(*args: Any) -> Any:
        runs.append(args[2])
        return real_run(*args)

    monkeypatch.setattr(pandoc_engine, "_run", counting_run)
    many = [{"family": name, "given": "A"} for name in ("Ab", "Cd", "Ef", "Gh")]
    chinese = [{"literal": name} for name in ("王临惠", "李明", "张三", "周志华")]
    references = {
        "en": work(author=many, edition="2"),
        "zh": work(author=chinese, title="机器学习", language="zh", edition="2"),
        "en2": work(author=many[:1]),
    }
    entries = by_key(
        format_references(references, list(references), GBT, "zh-CN", entry_locales=True)
    )
    assert sorted(runs) == ["en-US", "zh-CN"]
    assert "AB A, CD A, EF A, et al." in entries["en"].html and "2nd ed." in entries["en"].html
    assert "王临惠, 李明, 张三, 等." in entries["zh"].html and "2 版" in entries["zh"].html
    assert [entries[k].label for k in references] == ["[1]", "[2]", "[3]"]
    assert (entries["en"].locale, entries["zh"].locale) == ("en-US", "zh-CN")

    runs.clear()
    format_references(references, list(references), "apa", "en-US")
    assert runs == ["en-US"]


# --- Safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["title", "publisher", "container-title", "author"])
@pytest.mark.parametrize("style", ["apa", "ieee", GBT])
def test_no_markup_from_the_data_reaches_the_html(payload: str, field: str, style: str) -> None:
    value: Any = [{"family": payload, "given": "A"}] if field == "author" else payload
    entry = format_references({"w": work(**{field: value})}, ["w"], style, "en-US")[0]
    for fragment in (entry.html, entry.label_html):
        for tag, attrs in tags(fragment):
            assert tag in ALLOWED_TAGS, fragment
            assert attrs in ([], [("style", "font-variant:small-caps")]), fragment
    assert "<script" not in entry.html and "<img" not in entry.html and "<a " not in entry.html


def test_data_text_is_escaped_and_not_read_as_markdown() -> None:
    title = "<script>alert(1)</script> *x* [l](http://x) $y$ &amp; a < b"
    entry = format_references({"w": work(title=title)}, ["w"], "ieee", "en-US")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *x* [l](http://x) $y$ &amp;amp; a &lt; b" in (
        entry.html
    )


def test_csl_rich_text_in_titles_is_formatting_as_in_citeproc_js() -> None:
    # Zotero exports <i>, <b>, <sup>, <sub>, <sc> and nocase spans in titles (CSL-JSON's rich
    # text); citeproc-js reads them as formatting, and so does pandoc.
    title = 'Growth of <i>E. coli</i> in H<sub>2</sub>O at <span class="nocase">pH</span> 7'
    entry = format_references({"w": work(type="article-journal", title=title)}, ["w"], "apa", "en")
    assert "Growth of <i>E. coli</i> in H<sub>2</sub>O at pH 7" in entry[0].html


# --- The corrections -------------------------------------------------------------------------


def test_split_chinese_names_print_whole_without_a_stray_full_stop() -> None:
    authors = [{"family": "周", "given": "飞燕"}, {"family": "王", "given": "建"}]
    references = {"w": work(author=authors, title="卷积神经网络研究综述", language="zh")}
    for style, expected in (("apa", "周飞燕, &amp; 王建. (2019)."), ("ieee", "周飞燕 and 王建,")):
        entry = format_references(references, ["w"], style, "en-US")[0]
        assert entry.html.startswith(expected), entry.html
    without = CORRECTIONS - {"whole-names"}
    entry = format_references(references, ["w"], "apa", "en-US", corrections=without)[0]
    assert entry.html.startswith("周飞燕., &amp; 王建.")  # pandoc 3.9's own output


def test_latin_names_are_not_joined() -> None:
    references = {"w": work(author=[{"family": "Hare", "given": "Joshua"}])}
    assert format_references(references, ["w"], "apa", "en-US")[0].html.startswith("Hare, J.")


def test_ieee_online_before_available_without_an_accessed_date() -> None:
    references = {"w": work(type="report", URL="https://example.org/x")}
    html = format_references(references, ["w"], "ieee", "en-US")[0].html
    assert html.endswith("[Online]. Available: https://example.org/x")
    without = CORRECTIONS - {"nested-groups"}
    html = format_references(references, ["w"], "ieee", "en-US", corrections=without)[0].html
    assert "[Online]" not in html


def test_chinese_text_is_not_italicized_where_the_style_italicizes_the_variable() -> None:
    references = {
        "zh": work(type="article-journal", language="zh", **{"container-title": "计算机学报"}),
        "en": work(type="article-journal", **{"container-title": "Neural Computation"}),
    }
    ieee = by_key(format_references(references, list(references), "ieee", "en-US"))
    assert "计算机学报" in ieee["zh"].html and "<i>计算机学报</i>" not in ieee["zh"].html
    assert "<i>Neural Computation</i>" in ieee["en"].html
    # APA puts the italics on a group, where citeproc-js keeps them for Chinese too.
    apa = by_key(format_references(references, list(references), "apa", "en-US"))
    assert "<i>计算机学报</i>" in apa["zh"].html


def test_title_case_leaves_prepositions_lowercase_but_not_first_or_after_a_colon() -> None:
    title = "Without labels: across domains without a teacher through time"
    references = {"w": work(type="article-journal", title=title, **{"container-title": "J"})}
    html = format_references(references, ["w"], "chicago-author-date", "en-US")[0].html
    assert "“Without Labels: Across Domains without a Teacher through Time.”" in html
    # Sentence-case styles keep the title as written.
    html = format_references(references, ["w"], "apa", "en-US")[0].html
    assert title in html and "nocase" not in html


def test_prepared_style_moves_only_nested_groups_into_macros() -> None:
    path = pandoc_engine._style_path("ieee")
    plain = pandoc_engine._prepared_style(path, 0, frozenset()).xml.decode()
    prepared = pandoc_engine._prepared_style(path, 0, CORRECTIONS).xml.decode()
    assert "rebuttal-nested-group" not in plain and 'font-style="italic"' in plain
    assert len(re.findall(r'<macro name="rebuttal-nested-group-\d+"', prepared)) > 0
    assert 'text-decoration="underline"' in prepared


# --- Long lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["apa", "chicago-author-date"])
def test_a_list_in_chunks_is_the_list_formatted_whole(
    style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same author and year, same first author with other co-authors, particles, works
    # without author: what disambiguation and sorting look at.
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["references"]
    references = {item.pop("id"): item for item in corpus}
    # The same authors as vanderberg2020, the particle written into the family name.
    names = [{"family": "van der Berg", "given": "Anna"}, {"family": "O'Neil", "given": "P. J."}]
    references["berg"] = work(author=names, issued={"date-parts": [[2020]]})
    whole = format_references(references, list(references), style, "en-US")
    monkeypatch.setattr(pandoc_engine, "CHUNK", 5)
    runs: list[int] = []
    real_run = pandoc_engine._run

    def counting_run(*args: Any) -> Any:
        runs.append(len(args[3]))
        return real_run(*args)

    monkeypatch.setattr(pandoc_engine, "_run", counting_run)
    assert format_references(references, list(references), style, "en-US") == whole
    # One run for the order of the whole list, the others for chunks.
    assert len(runs) > 5 and sorted(runs)[-2:] == [sorted(runs)[-2], len(references)]
    assert sorted(runs)[-2] < len(references)
    labels = {by_key(whole)[key].label for key in ("berg", "vanderberg2020")}
    both = "van der Berg & O’Neil, 2020" if style == "apa" else "van der Berg and O’Neil 2020"
    assert labels == {f"{both}a", f"{both}b"}


def test_ambiguity_groups_ignore_particles_and_case() -> None:
    group = pandoc_engine._ambiguity_group
    assert group({"author": [{"family": "van der Berg"}]}) == group(
        {"author": [{"family": "Berg", "non-dropping-particle": "van der"}]}
    )
    assert group({"author": [{"literal": "王临惠"}]}) == "王临惠"
    assert group({"editor": [{"family": "Sra"}]}) == group({"title": "x"}) == ""
