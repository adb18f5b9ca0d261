"""Argument maps drawn as SVG text: boxes in columns, curved arrows, no script, no font.

The SVG is made to be placed inside an HTML page: every node is a link, every text from the
database is escaped, and the drawing needs nothing from the network (system sans-serif font,
colours as presentation attributes, so that it reads the same without the site's CSS).

Text is measured ahead of time, as browsers do not tell a program that writes SVG: with the
advance widths of DejaVu Sans, the widest of the common sans-serif fonts (others set the same
text narrower, so it still fits its box), bold a ninth wider, and 1 em for a CJK character
and for punctuation that CJK fonts set full width (…, ·, curly quotes). Lines break between
words, and between any two CJK characters except before closing punctuation.

A pair's map comes in two drawings: columns side by side (`svg`), and for narrow screens the
same columns as rows, one under the other (`svg(..., vertical=True)`), drawn at the width of
a phone's text so that no text is smaller than 12 CSS px; the page's CSS shows one of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from .argmap import ArgumentMap, Column, Edge, Node

FONT = 13  # px, the titles in the boxes
HEADING_FONT = 12  # px, the first line of a box and the labels of the arrows: 12 at least
LINE = 17
HEADING_LINE = 17
BOLD = 1.11  # how much wider bold text is than regular (DejaVu Sans Bold: 1.08 to 1.14)
NODE_WIDTH = 190
PADDING = 8
MAX_LINES = 4
COLUMN_GAP = 124  # room for an arrow's label: "does not support" at 12 px
# The drawing for narrow screens: as wide as a phone's text (390 px less the page's margins),
# its rows apart enough for an arrow's label between them.
VERTICAL_WIDTH = 340
VERTICAL_ROW_GAP = 46
VERTICAL_COLUMN_GAP = 12
ROW_GAP = 14
MARGIN = 4
LEGEND_LINE = 22

# Fill and outline of the boxes; colour, dashes and width of the arrows. Dashes as well as
# colours, so that the kinds of arrow differ for readers who do not tell the colours apart.
BOX: dict[str, tuple[str, str]] = {
    "claim": ("#e8eaf6", "#3949ab"),
    "counterclaim": ("#fbe9e7", "#bf360c"),
    "reference": ("#f5f5f5", "#616161"),
}
ARROW: dict[str, tuple[str, str, float]] = {
    "attacks": ("#bf360c", "", 2.0),
    "supports": ("#1b5e20", "", 1.6),
    "partly": ("#8a4b00", "7 4", 1.6),
    "does-not-support": ("#b71c1c", "2 3", 1.6),
    "cites": ("#616161", "", 1.0),
}
TEXT_COLOUR = "#212121"

# Characters that must not begin a line (Chinese and Latin closing punctuation).
_NO_LINE_START = set("，。、；：？！）》」』〉】…,.;:!?)]}%")
# Characters XML 1.0 does not allow at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]


def svg(
    argument_map: ArgumentMap,
    id_prefix: str,
    *,
    edge_labels: bool = True,
    vertical: bool = False,
    css_class: str = "rb-map-svg",
    labelled_by: str | None = None,
) -> str:
    """The map as an `<svg>` element. `id_prefix` keeps its ids apart from the page's.
    `vertical` draws the columns as rows, for a narrow screen.

    `labelled_by`, the ids of another drawing's title and description, makes a second
    drawing of the same map: named by them, its boxes by `aria-label` and its arrows not at
    all (their words are drawn), so that a search index, which reads elements' text, finds
    the map's words once."""
    if vertical:
        boxes, columns_of, width, height = _vertical_layout(argument_map.columns)
    else:
        boxes, columns_of, width, height = _layout(argument_map.columns)
    kinds: list[str] = sorted({edge.kind for edge in argument_map.edges}, key=list(ARROW).index)
    legend = [] if edge_labels or not kinds else _legend_rows(argument_map, kinds, width)
    legend_height = len(legend) * LEGEND_LINE + ROW_GAP if legend else 0
    total_height = height + legend_height
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    named = labelled_by is None
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="{css_class}" '
        f'viewBox="0 0 {_n(width)} {_n(total_height)}" width="{_n(width)}" '
        f'height="{_n(total_height)}" role="group" '
        f'aria-labelledby="{labelled_by or f"{title_id} {desc_id}"}" '
        f'font-family="sans-serif" font-size="{FONT}" fill="{TEXT_COLOUR}">',
        *(
            [
                f'<title id="{title_id}">{_text(argument_map.title)}</title>',
                f'<desc id="{desc_id}">{_text(argument_map.description)}</desc>',
            ]
            if named
            else []
        ),
        "<defs>",
        *(_marker(id_prefix, kind) for kind in kinds),
        "</defs>",
    ]
    parts.append('<g class="rb-map-edges">')
    for edge in argument_map.edges:
        draw = _vertical_edge if vertical else _edge
        parts.append(draw(edge, boxes, columns_of, id_prefix, edge_labels, argument_map, named))
    parts.append("</g>")
    parts.append('<g class="rb-map-nodes">')
    for column in argument_map.columns:
        for node in column.nodes:
            if node is not None:
                parts.append(_node(node, boxes[node.id], named))
    parts.append("</g>")
    if legend:
        parts.append(_legend(argument_map, legend, id_prefix, height))
    parts.append("</svg>")
    return "".join(parts)


# Text --------------------------------------------------------------------------------------


# Advance widths of DejaVu Sans, in em (units per em 2048), for the characters that differ
# from 0.62 em, about its lower-case average.
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("il|'", 0.28),
    **dict.fromkeys("fjt", 0.4),
    **dict.fromkeys(".,:;!", 0.34),
    **dict.fromkeys('r()[]{}-/\\"', 0.42),
    **dict.fromkeys("sz", 0.55),
    **dict.fromkeys("cvxyk?", 0.6),
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys("ABCEFKLPRSTXYZ", 0.7),
    **dict.fromkeys("DGHNOQUV&", 0.79),
    **dict.fromkeys("IJ", 0.3),
    **dict.fromkeys("mwMW@%", 1.0),
    " ": 0.32,
    "\u00a0": 0.32,
}
# Set full width by the CJK fonts a Chinese page uses, narrower by Latin ones.
_FULL_IN_CJK = set("…·‘’“”—")


@cache
def char_width(char: str) -> float:
    """Width of a character in em, at most what common sans-serif fonts give it."""
    if char in _FULL_IN_CJK or _wide(char):
        return 1.0
    if unicodedata.east_asian_width(char) == "A":
        return 0.8  # Greek, Cyrillic, symbols: full width in some CJK fonts, not in others
    return _WIDTHS.get(char, 0.62)


@cache
def _wide(char: str) -> bool:
    """A CJK character: lines may break before and after it."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def text_width(text: str, bold: bool = False) -> float:
    """Width of `text` in em."""
    width = sum(map(char_width, text))
    return width * BOLD if bold else width


def wrap(text: str, width_em: float, max_lines: int) -> list[str]:
    """`text` in lines of at most `width_em`; past `max_lines`, cut with an ellipsis."""
    lines: list[str] = []
    line = ""
    used = 0.0  # text_width(line), kept as the line grows: a map has thousands of boxes
    for token in _tokens(" ".join(text.split())):
        if len(lines) > max_lines:
            break  # what follows is cut anyway
        if token == " ":
            if line and used + char_width(" ") <= width_em:
                line += " "
                used += char_width(" ")
            elif line:
                lines.append(line)
                line, used = "", 0.0
            continue
        grown = used
        for char in token:
            grown += char_width(char)
        if grown <= width_em:
            line, used = line + token, grown
            continue
        if line.strip():
            lines.append(line.rstrip())
        line, used = "", 0.0
        for char in token:  # longer than a line on its own: cut anywhere
            if used + char_width(char) > width_em and line:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += char_width(char)
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width_em:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


def _tokens(text: str) -> Iterator[str]:
    """Words, single CJK characters and spaces; closing punctuation stays with what it
    closes."""
    tokens: list[str] = []
    word = ""
    for char in text:
        wide = _wide(char)
        if char == " " or wide:
            if word:
                tokens.append(word)
                word = ""
            if char in _NO_LINE_START and tokens and tokens[-1] != " ":
                tokens[-1] += char
            else:
                tokens.append(char)
        elif char in _NO_LINE_START and not word and tokens and tokens[-1] != " ":
            tokens[-1] += char
        else:
            word += char
    if word:
        tokens.append(word)
    yield from tokens


def _text(value: str) -> str:
    """Text for element content and attribute values alike."""
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _n(number: float) -> str:
    """A coordinate, short and the same on every machine."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


# Layout ------------------------------------------------------------------------------------


def _box_lines(node: Node, node_width: float = NODE_WIDTH) -> tuple[str, ...]:
    width = (node_width - 2 * PADDING) / FONT
    heading_width = (node_width - 2 * PADDING) / HEADING_FONT / BOLD
    heading = wrap(node.heading, heading_width, 1)
    return (*heading, *wrap(node.text, width, MAX_LINES))


def _box_height(lines: Sequence[str]) -> float:
    return 2 * PADDING + HEADING_LINE + (len(lines) - 1) * LINE


def _layout(
    columns: Sequence[Column],
) -> tuple[dict[str, Box], dict[str, int], float, float]:
    lines = {
        node.id: _box_lines(node) for column in columns for node in column.nodes if node is not None
    }
    heights = {node_id: _box_height(node_lines) for node_id, node_lines in lines.items()}
    aligned = [column for column in columns if column.aligned]
    rows = max((len(column.nodes) for column in aligned), default=0)
    row_heights = [
        max(
            (
                heights[column.nodes[row].id]  # type: ignore[union-attr]
                for column in aligned
                if row < len(column.nodes) and column.nodes[row] is not None
            ),
            default=0.0,
        )
        for row in range(rows)
    ]

    def stacked(sizes: Sequence[float]) -> float:
        return sum(sizes) + ROW_GAP * max(len(sizes) - 1, 0)

    column_heights = [
        stacked(row_heights)
        if column.aligned
        else stacked([heights[n.id] for n in column.nodes if n is not None])
        for column in columns
    ]
    height = max(column_heights, default=0.0) + 2 * MARGIN
    boxes: dict[str, Box] = {}
    columns_of: dict[str, int] = {}
    for index, column in enumerate(columns):
        x = MARGIN + index * (NODE_WIDTH + COLUMN_GAP)
        y = (height - column_heights[index]) / 2
        for row, node in enumerate(column.nodes):
            slot = row_heights[row] if column.aligned else (heights[node.id] if node else 0.0)
            if node is not None:
                top = y + (slot - heights[node.id]) / 2
                boxes[node.id] = Box(x, top, NODE_WIDTH, heights[node.id], lines[node.id])
                columns_of[node.id] = index
            y += slot + ROW_GAP
    width = 2 * MARGIN + len(columns) * NODE_WIDTH + max(len(columns) - 1, 0) * COLUMN_GAP
    return boxes, columns_of, width, height


def _vertical_layout(
    columns: Sequence[Column],
) -> tuple[dict[str, Box], dict[str, int], float, float]:
    """The columns as rows, top to bottom, their nodes side by side sharing the width."""
    boxes: dict[str, Box] = {}
    rows_of: dict[str, int] = {}
    y: float = MARGIN
    inner = VERTICAL_WIDTH - 2 * MARGIN
    for index, column in enumerate(columns):
        nodes = [node for node in column.nodes if node is not None]
        if not nodes:
            continue
        node_width = (inner - (len(nodes) - 1) * VERTICAL_COLUMN_GAP) / len(nodes)
        lines = {node.id: _box_lines(node, node_width) for node in nodes}
        heights = {node_id: _box_height(node_lines) for node_id, node_lines in lines.items()}
        row_height = max(heights.values())
        for number, node in enumerate(nodes):
            x = MARGIN + number * (node_width + VERTICAL_COLUMN_GAP)
            top = y + (row_height - heights[node.id]) / 2
            boxes[node.id] = Box(x, top, node_width, heights[node.id], lines[node.id])
            rows_of[node.id] = index
        y += row_height + VERTICAL_ROW_GAP
    height = y - VERTICAL_ROW_GAP + MARGIN if boxes else 2 * MARGIN
    return boxes, rows_of, VERTICAL_WIDTH, height


# Drawing -----------------------------------------------------------------------------------


def _node(node: Node, box: Box, titled: bool = True) -> str:
    fill, stroke = BOX[node.kind]
    label = "" if titled else f' aria-label="{_text(node.tooltip)}"'
    parts = [
        # xlink:href, not href: Material's instant navigation rewrites every element's `href`
        # property, which an SVG link has only a getter for, and stops with an error.
        f'<a xlink:href="{_text(node.href)}" class="rb-map-node rb-map-{node.kind}"{label}>',
        *([f"<title>{_text(node.tooltip)}</title>"] if titled else []),
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" '
        f'height="{_n(box.height)}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>',
    ]
    x = box.x + PADDING
    y = box.y + PADDING + HEADING_FONT
    heading, *lines = box.lines
    parts.append(
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{HEADING_FONT}" font-weight="bold" '
        f'fill="{stroke}">{_text(heading)}</text>'
    )
    y += HEADING_LINE
    for line in lines:
        parts.append(f'<text x="{_n(x)}" y="{_n(y)}">{_text(line)}</text>')
        y += LINE
    parts.append("</a>")
    return "".join(parts)


def _edge(
    edge: Edge,
    boxes: dict[str, Box],
    columns_of: dict[str, int],
    id_prefix: str,
    with_label: bool,
    argument_map: ArgumentMap,
    titled: bool = True,
) -> str:
    source, target = boxes[edge.source], boxes[edge.target]
    if columns_of[edge.source] > columns_of[edge.target]:
        x0, x3 = source.x, target.x + target.width
    else:
        x0, x3 = source.x + source.width, target.x
    y0, y3 = source.y + source.height / 2, target.y + target.height / 2
    middle = (x0 + x3) / 2
    colour, dashes, stroke_width = ARROW[edge.kind]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    names = {node.id: node.tooltip for node in argument_map.nodes()}
    parts = [
        f'<g class="rb-map-edge rb-map-{edge.kind}">',
        *([_edge_title(edge, names)] if titled else []),
        f'<path d="M{_n(x0)} {_n(y0)} C{_n(middle)} {_n(y0)} {_n(middle)} {_n(y3)} '
        f'{_n(x3)} {_n(y3)}" fill="none" stroke="{colour}" stroke-width="{stroke_width}"{dash} '
        f'marker-end="url(#{id_prefix}-arrow-{edge.kind})"/>',
    ]
    if with_label:
        parts.append(_label(edge.label, middle, (y0 + y3) / 2, colour))
    parts.append("</g>")
    return "".join(parts)


def _vertical_edge(
    edge: Edge,
    boxes: dict[str, Box],
    rows_of: dict[str, int],
    id_prefix: str,
    with_label: bool,
    argument_map: ArgumentMap,
    titled: bool = True,
) -> str:
    """An arrow from one row to the next, its label just past the box it leaves (where
    arrows that meet at one box are still apart)."""
    source, target = boxes[edge.source], boxes[edge.target]
    down = rows_of[edge.source] < rows_of[edge.target]
    x0, x3 = source.x + source.width / 2, target.x + target.width / 2
    y0 = source.y + source.height if down else source.y
    y3 = target.y if down else target.y + target.height
    middle = (y0 + y3) / 2
    colour, dashes, stroke_width = ARROW[edge.kind]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    names = {node.id: node.tooltip for node in argument_map.nodes()}
    parts = [
        f'<g class="rb-map-edge rb-map-{edge.kind}">',
        *([_edge_title(edge, names)] if titled else []),
        f'<path d="M{_n(x0)} {_n(y0)} C{_n(x0)} {_n(middle)} {_n(x3)} {_n(middle)} '
        f'{_n(x3)} {_n(y3)}" fill="none" stroke="{colour}" stroke-width="{stroke_width}"{dash} '
        f'marker-end="url(#{id_prefix}-arrow-{edge.kind})"/>',
    ]
    if with_label:
        offset = 14 if down else -14
        parts.append(_label(edge.label, x0, y0 + offset, colour, VERTICAL_WIDTH))
    parts.append("</g>")
    return "".join(parts)


def _edge_title(edge: Edge, names: dict[str, str]) -> str:
    return f"<title>{_text(f'{names[edge.source]} → {edge.label} → {names[edge.target]}')}</title>"


def _label(text: str, x: float, y: float, colour: str, limit: float | None = None) -> str:
    width = text_width(text) * HEADING_FONT + 6
    x = max(x, width / 2)  # inside the drawing, whatever the arrow's position
    if limit is not None:
        x = min(x, limit - width / 2)
    return (
        f'<rect x="{_n(x - width / 2)}" y="{_n(y - 9)}" width="{_n(width)}" height="17" '
        f'rx="3" fill="#ffffff" fill-opacity="0.9"/>'
        f'<text x="{_n(x)}" y="{_n(y + 4)}" font-size="{HEADING_FONT}" text-anchor="middle" '
        f'fill="{colour}">{_text(text)}</text>'
    )


def _marker(id_prefix: str, kind: str) -> str:
    colour = ARROW[kind][0]
    return (
        f'<marker id="{id_prefix}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
        'orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{colour}"/></marker>'
    )


def _legend_rows(argument_map: ArgumentMap, kinds: Sequence[str], width: float) -> list[list[str]]:
    """The kinds of arrow in rows that fit the map's width."""
    labels: dict[str, str] = {edge.kind: edge.label for edge in argument_map.edges}
    rows: list[list[str]] = [[]]
    x: float = MARGIN
    for kind in kinds:
        item = 42 + text_width(labels[kind]) * HEADING_FONT + 24
        if rows[-1] and x + item > width:
            rows.append([])
            x = MARGIN
        rows[-1].append(kind)
        x += item
    return rows


def _legend(
    argument_map: ArgumentMap, rows: Sequence[Sequence[str]], id_prefix: str, y: float
) -> str:
    """What each kind of arrow means, for a map too crowded to label every arrow."""
    labels: dict[str, str] = {edge.kind: edge.label for edge in argument_map.edges}
    parts = ['<g class="rb-map-legend">']
    for number, row in enumerate(rows):
        x: float = MARGIN
        middle = y + number * LEGEND_LINE + LEGEND_LINE / 2
        for kind in row:
            colour, dashes, stroke_width = ARROW[kind]
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            parts.append(
                f'<path d="M{_n(x)} {_n(middle)} H{_n(x + 34)}" stroke="{colour}" '
                f'stroke-width="{stroke_width}"{dash} '
                f'marker-end="url(#{id_prefix}-arrow-{kind})"/>'
                f'<text x="{_n(x + 42)}" y="{_n(middle + 4)}" font-size="{HEADING_FONT}" '
                f'fill="{colour}">{_text(labels[kind])}</text>'
            )
            x += 42 + text_width(labels[kind]) * HEADING_FONT + 24
    parts.append("</g>")
    return "".join(parts)
