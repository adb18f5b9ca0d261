"""Argument maps: which statement attacks which, and which works back them, as a graph.

A pair's map has the claim, the counterclaim that attacks it, and the works each of them
cites, with the citation's fit (supports, partly, does not support) on the edge: that fit is
what the site is about. The overview map draws many pairs at once. `argmap_svg` draws them.

Nothing here knows about MkDocs or SVG; the caller says where each node links to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..database.model import Debate, Pair, Statement, pick
from .plaintext import plain_text

NodeKind = Literal["claim", "counterclaim", "reference"]
EdgeKind = Literal["attacks", "supports", "partly", "does-not-support", "cites"]


_FIT_EDGES: dict[str, EdgeKind] = {
    "supports": "supports",
    "partly": "partly",
    "does-not-support": "does-not-support",
}


@dataclass(frozen=True)
class Node:
    id: str  # unique within one map
    kind: NodeKind
    heading: str  # the short first line: "Claim · Mu Li", "[1]", "Hare, 2019"
    text: str  # the title, wrapped by the drawing
    href: str
    tooltip: str  # the whole of it, for a pointer's tooltip and a screen reader


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    label: str  # the relation in words: "attacks", "partly supports"


@dataclass(frozen=True)
class Column:
    """Nodes drawn one under the other. Columns that are `aligned` share their rows, so that
    a claim and its counterclaim stand side by side; a `None` leaves its row empty there."""

    nodes: tuple[Node | None, ...]
    aligned: bool = False


@dataclass(frozen=True)
class ArgumentMap:
    title: str
    description: str
    columns: tuple[Column, ...]
    edges: tuple[Edge, ...]

    def nodes(self) -> list[Node]:
        return [node for column in self.columns for node in column.nodes if node is not None]


@dataclass(frozen=True)
class Links:
    """Where the nodes lead, from the page that shows the map."""

    pair: Callable[[str], str]  # pair id -> its page, "" for the page itself
    reference: Callable[[str], str]  # citation key -> its bibliography entry


class MapMaker:
    """Maps of one debate in one language."""

    def __init__(
        self,
        debate: Debate,
        language: str,
        fallback: str,
        words: Mapping[str, str],
        labels: Mapping[str, str],
        links: Links,
    ) -> None:
        self.debate = debate
        self.language = language
        self.fallback = fallback
        self.words = words
        self.labels = labels  # citation key -> in-text label: "[1]", "Hare, 2019"
        self.links = links

    def pair(self, pair: Pair) -> ArgumentMap:
        """The claim in the middle, the counterclaim on its right, the works each cites on
        their outer sides."""
        claim = self._statement_node(pair, "claim", pair.claim)
        counter = pair.counterclaim and self._statement_node(
            pair, "counterclaim", pair.counterclaim
        )
        edges: list[Edge] = []
        claim_refs = self._references(pair.claim, claim, "left", edges)
        columns = [Column(tuple(claim_refs))] if claim_refs else []
        columns.append(Column((claim,)))
        if pair.counterclaim and counter:
            edges.insert(0, self._attack(counter, claim))
            columns.append(Column((counter,)))
            counter_refs = self._references(pair.counterclaim, counter, "right", edges)
            if counter_refs:
                columns.append(Column(tuple(counter_refs)))
        title = f"{self.words['map_title']}{self.words['colon']}{self._text(pair.claim.title)}"
        return ArgumentMap(title, self._describe(columns, edges), tuple(columns), tuple(edges))

    def overview(self, pairs: Sequence[Pair]) -> ArgumentMap:
        """Claims in one column and their counterclaims beside them; the works the claims
        cite on the left, those the counterclaims cite on the right, each drawn once."""
        claims: list[Node | None] = []
        counters: list[Node | None] = []
        left: dict[str, Node] = {}
        right: dict[str, Node] = {}
        edges: list[Edge] = []
        for pair in pairs:
            claim = self._statement_node(pair, "claim", pair.claim)
            claims.append(claim)
            self._references(pair.claim, claim, "left", edges, left)
            if pair.counterclaim:
                counter = self._statement_node(pair, "counterclaim", pair.counterclaim)
                counters.append(counter)
                edges.append(self._attack(counter, claim))
                self._references(pair.counterclaim, counter, "right", edges, right)
            else:
                counters.append(None)
        columns = [Column(tuple(left.values()))] if left else []
        columns.append(Column(tuple(claims), aligned=True))
        if any(counters):
            columns.append(Column(tuple(counters), aligned=True))
        if right:
            columns.append(Column(tuple(right.values())))
        title = self.words["map_overview_title"]
        return ArgumentMap(title, self._describe(columns, edges), tuple(columns), tuple(edges))

    # Parts -------------------------------------------------------------------------------

    def _statement_node(self, pair: Pair, kind: NodeKind, statement: Statement) -> Node:
        person = self.debate.person_name(statement.by, self.language, self.fallback)
        heading = f"{self.words[kind]} · {person}" if person else self.words[kind]
        title = self._text(statement.title)
        return Node(
            id=f"{kind}-{pair.id}",
            kind=kind,
            heading=heading,
            text=title,
            href=f"{self.links.pair(pair.id)}#{kind}",
            tooltip=f"{self.words[kind]}{self.words['colon']}{title}"
            + (f" ({person})" if person else ""),
        )

    def _references(
        self,
        statement: Statement,
        cited_by: Node,
        side: str,
        edges: list[Edge],
        shared: dict[str, Node] | None = None,
    ) -> list[Node]:
        nodes = shared if shared is not None else {}
        new = []
        for key in statement.cited_keys():
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = self._reference_node(key, side)
                new.append(node)
            fit = statement.citation(key).fit
            kind = _FIT_EDGES.get(fit or "", "cites")
            label = self.words[f"fit_{fit}"] if kind != "cites" else self.words["map_cited_by"]
            edges.append(Edge(node.id, cited_by.id, kind, label))
        return new

    def _reference_node(self, key: str, side: str) -> Node:
        item: Mapping[str, Any] = self.debate.references.get(key) or {}
        title = str(item.get("title") or key)
        label = self.labels.get(key) or key
        return Node(
            id=f"reference-{side}-{key}",
            kind="reference",
            heading=label,
            text=title,
            href=self.links.reference(key),
            tooltip=f"{label} {title}",
        )

    def _attack(self, counter: Node, claim: Node) -> Edge:
        return Edge(counter.id, claim.id, "attacks", self.words["map_attacks"])

    def _describe(self, columns: Sequence[Column], edges: Sequence[Edge]) -> str:
        """The map in sentences, for readers who do not see it."""
        names = {
            node.id: node.tooltip for column in columns for node in column.nodes if node is not None
        }
        return " ".join(
            self.words["map_edge"].format(
                source=names[edge.source], relation=edge.label, target=names[edge.target]
            )
            for edge in edges
        )

    def _text(self, text: Mapping[str, str] | None) -> str:
        return plain_text(pick(text, self.language, self.fallback))
