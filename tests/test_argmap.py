"""Argument maps: the graph of a pair, the SVG text it becomes, and what hostile data does to it.

The golden SVG of a small pair is in tests/golden/argmap/; run with UPDATE_GOLDEN=1 to
rewrite it after a deliberate change, then look at it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from mkdocs_rebuttal.database.model import Debate
from mkdocs_rebuttal.pages.argmap import Links, MapMaker
from mkdocs_rebuttal.pages.argmap_svg import svg, text_width, wrap
from mkdocs_rebuttal.pages.sanitize import sanitize_html
from mkdocs_rebuttal.pages.strings import strings_for

GOLDEN = Path(__file__).parent / "golden" / "argmap"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

SMALL: dict[str, Any] = yaml.safe_load(
    """
debate: {title: {zh: 辩论, en: Debate}}
people:
  a: {name: {zh: 甲, en: Ada}}
  b: {name: {zh: 乙, en: Bo}}
claims:
  - id: first
    claim: {by: a, title: {zh: 目标要大, en: Aim big}, text: {zh: 大。, en: Big.}}
    counterclaim:
      by: b
      title: {zh: 目标要小而具体, en: Aim small and specific}
      text: {zh: "小[@x2019]。", en: "Small [@x2019]."}
      citations:
        - {ref: x2019, fit: partly}
        - {ref: y2020, fit: does-not-support}
        - {ref: z2021}
references:
  x2019: {type: article, title: Dealing with sparse rewards, author: [{family: X}],
          issued: {date-parts: [[2019]]}}
  y2020: {type: book, title: 一本书, author: [{literal: 王五}], issued: {date-parts: [[2020]]}}
  z2021: {type: book, title: Z, author: [{family: Z}], issued: {date-parts: [[2021]]}}
"""
)


def maker(data: dict[str, Any], language: str) -> MapMaker:
    debate = Debate.from_mapping(data)
    labels = {key: f"[{n}]" for n, key in enumerate(debate.citation_order(), start=1)}
    links = Links(pair=lambda pair_id: "", reference=lambda key: f"../../bibliography/#{key}")
    return MapMaker(debate, language, "zh", strings_for(language), labels, links)


def parse(text: str) -> Any:
    return etree.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_golden_svg_of_a_small_pair(language: str) -> None:
    drawing = svg(maker(SMALL, language).pair(Debate.from_mapping(SMALL).pairs[0]), "rb_map")
    path = GOLDEN / f"small-pair-{language}.svg"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(drawing + "\n", encoding="utf-8")
    assert drawing + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_pair_map_has_every_node_as_a_link_and_the_fit_on_its_arrow(language: str) -> None:
    words = strings_for(language)
    root = parse(svg(maker(SMALL, language).pair(Debate.from_mapping(SMALL).pairs[0]), "m"))
    assert root.get("aria-labelledby") == "m-title m-desc"
    assert root.find(f"{SVG}title").text.startswith(words["map_title"])
    links = [a.get(XLINK_HREF) for a in root.iter(f"{SVG}a")]
    assert links == [
        "#claim",
        "#counterclaim",
        "../../bibliography/#x2019",
        "../../bibliography/#y2020",
        "../../bibliography/#z2021",
    ]
    labels = [t.text for t in root.iterfind(f".//{SVG}g[@class]/{SVG}text")]
    expected = [
        words["map_attacks"],
        words["fit_partly"],
        words["fit_does-not-support"],
        words["map_cited_by"],
    ]
    assert labels == expected
    # Every link has a name of its own for screen readers and a tooltip.
    assert all(a.find(f"{SVG}title") is not None for a in root.iter(f"{SVG}a"))
    description = root.find(f"{SVG}desc").text
    assert words["fit_partly"] in description


def test_a_claim_that_cites_gets_its_works_on_the_other_side() -> None:
    data = yaml.safe_load(yaml.safe_dump(SMALL))
    data["claims"][0]["claim"]["citations"] = [{"ref": "z2021", "fit": "supports"}]
    argument_map = maker(data, "en").pair(Debate.from_mapping(data).pairs[0])
    columns = [[n.id for n in c.nodes if n] for c in argument_map.columns]
    assert columns[0] == ["reference-left-z2021"]
    assert columns[1] == ["claim-first"]
    assert ("reference-left-z2021", "claim-first", "supports") in {
        (e.source, e.target, e.kind) for e in argument_map.edges
    }


def test_the_overview_draws_each_work_once_per_side() -> None:
    data = yaml.safe_load(yaml.safe_dump(SMALL))
    second = yaml.safe_load(yaml.safe_dump(data["claims"][0]))
    second["id"] = "second"
    data["claims"].append(second)
    data["claims"].append({"id": "third", "claim": data["claims"][0]["claim"]})
    debate = Debate.from_mapping(data)
    argument_map = maker(data, "en").overview(debate.pairs)
    ids = [node.id for node in argument_map.nodes()]
    assert len(ids) == len(set(ids))
    assert ids.count("reference-right-x2019") == 1
    attacks = [e for e in argument_map.edges if e.kind == "attacks"]
    assert len(attacks) == 2  # the third claim has no counterclaim yet
    root = parse(svg(argument_map, "rb_map", edge_labels=False))
    legend = root.find(f".//{SVG}g[@class='rb-map-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        "attacks",
        "partly supports",
        "does not support",
        "is cited by",
    ]


HOSTILE = '</title><script>alert(1)</script>&amp; "q" \x01 <a href="javascript:x">'


def test_hostile_text_stays_text() -> None:
    data = yaml.safe_load(yaml.safe_dump(SMALL))
    data["claims"][0]["claim"]["title"]["en"] = HOSTILE
    data["people"]["a"]["name"]["en"] = HOSTILE
    data["references"]["x2019"]["title"] = HOSTILE
    drawing = svg(maker(data, "en").pair(Debate.from_mapping(data).pairs[0]), "rb_map")
    root = parse(drawing)  # well-formed XML
    assert not list(root.iter(f"{SVG}script", "script"))
    assert {a.get(XLINK_HREF) for a in root.iter(f"{SVG}a")} >= {"#claim"}
    text = "".join(root.itertext())
    assert "<script>alert(1)</script>" in text  # shown as text, wrapped over lines or not
    assert "\x01" not in drawing
    # Nothing in it for the page's sanitizer to remove: the map reaches the reader whole.
    figure = f'<figure class="rb-map">{drawing}</figure>'
    assert sanitize_html(figure) == figure
    down = svg(maker(data, "en").pair(Debate.from_mapping(data).pairs[0]), "v", vertical=True)
    assert "<script>alert(1)</script>" in "".join(parse(down).itertext())
    assert sanitize_html(down) == down


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_drawing_for_narrow_screens_is_a_phone_wide_with_text_of_12_px(language: str) -> None:
    data = yaml.safe_load(yaml.safe_dump(SMALL))
    argument_map = maker(data, language).pair(Debate.from_mapping(data).pairs[0])
    root = parse(svg(argument_map, "v", vertical=True))
    assert float(root.get("width") or 0) <= 358  # 390 px less the page's margins
    sizes = [
        float(t.get("font-size") or root.get("font-size") or 0) for t in root.iter(f"{SVG}text")
    ]
    assert sizes and min(sizes) >= 12
    # Rows: every box of a row below those of the row before.
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-width") == "1.5"]
    tops = sorted({float(r.get("y") or 0) for r in rects})
    assert len(tops) >= 3


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("目标要小而具体", 4, ["目标要小", "而具体"]),
        # Punctuation stays with the character before it: no line starts with it.
        ("好的，就这样。", 3, ["好的，", "就这", "样。"]),
        ("Aim small and specific", 5.5, ["Aim small", "and", "specific"]),
        ("ImageNet预训练", 5, ["ImageNet", "预训练"]),
        ("one two three four five six seven eight", 4.5, ["one two", "three", "four fi…"]),
    ],
)
def test_wrapping(text: str, width: float, lines: list[str]) -> None:
    wrapped = wrap(text, width, 3)
    assert wrapped == lines
    assert all(text_width(line) <= width for line in wrapped)
