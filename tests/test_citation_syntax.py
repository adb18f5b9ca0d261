"""Pandoc's citation syntax as the database's texts use it: what each text cites, and how.

Each case is a text and the items found in it, written back in a short form:
`prefix|@key|label locator|suffix`, with `-@` for a suppressed author and `N:` before a
narrative citation; an error is `!column message`.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_rebuttal.database.citation_syntax import (
    LOCATOR_TERMS,
    CiteItem,
    Cluster,
    locator_and_suffix,
    parse,
)


def short(item: CiteItem) -> str:
    sign = "-@" if item.suppress_author else "@"
    locator = f"{item.locator_label} {item.locator}" if item.locator else ""
    return f"{item.prefix}|{sign}{item.key}|{locator}|{item.suffix}"


def found(text: str) -> list[str]:
    result = parse(text)
    clusters = [
        ("N:" if c.narrative else "") + " ; ".join(short(i) for i in c.items)
        for c in result.clusters
    ]
    errors = [f"!{e.offset + 1} {e.message}" for e in result.errors]
    return clusters + errors


CITATIONS = [
    # One work, several, the text around it.
    ("Vague goals diverge [@hare2019].", ["|@hare2019||"]),
    ("[@smith2017; @loshchilov2017]", ["|@smith2017|| ; |@loshchilov2017||"]),
    ("[@a] and [@b]", ["|@a||", "|@b||"]),
    # Prefixes, locators with their labels, suffixes.
    ("[see @key, p. 57]", ["see|@key|page 57|"]),
    (
        "[see @doe99, pp. 33-35; also @smith04, chap. 1]",
        ["see|@doe99|page 33-35| ; also|@smith04|chapter 1|"],
    ),
    ("[@doe99, pp. 33-35, 38-39 and *passim*]", ["|@doe99|page 33-35, 38-39| and *passim*"]),
    ("[@key, 第 3 节]", ["|@key||, 第 3 节"]),
    ("[@key, sec. 2]", ["|@key|section 2|"]),
    ("[@key, §2]", ["|@key|section 2|"]),
    ("[@key, § 2.1]", ["|@key|section 2.1|"]),
    ("[@key, p. 5.]", ["|@key|page 5|."]),
    ("[@key, para. 4]", ["|@key|paragraph 4|"]),
    ("[@key, fig. 3]", ["|@key|figure 3|"]),
    ("[@key, vol. 2, p. 5]", ["|@key|volume 2|, p. 5"]),
    ("[@key, no. 7]", ["|@key|issue 7|"]),
    ("[@key, line 12]", ["|@key|line 12|"]),
    ("[@key, note 3]", ["|@key|note 3|"]),
    ("[@key, Chapter 4]", ["|@key|chapter 4|"]),
    ("[@key, p. iv]", ["|@key|page iv|"]),
    ("[@key p. 33]", ["|@key|page 33|"]),
    ("[@key, 33]", ["|@key|page 33|"]),
    ("[@key, 2019 data]", ["|@key|page 2019| data"]),
    (
        "[@key, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]",
        ["|@key|page iv, vi-xi, (xv)-(xvii)| with suffix here"],
    ),
    ("[@key, chap. {II, appendix}]", ["|@key|chapter II, appendix|"]),
    ("[@key, i.e. the point]", ["|@key||, i.e. the point"]),
    ("[@key, page]", ["|@key||, page"]),
    ("[@key and passim]", ["|@key|| and passim"]),
    ("[@key。]", ["|@key||。"]),
    # The author left out.
    ("Hare says so [-@hare2019].", ["|-@hare2019||"]),
    ("[see -@hare2019, p. 3]", ["see|-@hare2019|page 3|"]),
    # Narrative citations, with a locator in brackets after them.
    ("@hare2019 says so.", ["N:|@hare2019||"]),
    ("As @hare2019 [p. 33] says.", ["N:|@hare2019|page 33|"]),
    ("As @hare2019 [chap. 3, 第二段] says.", ["N:|@hare2019|chapter 3|, 第二段"]),
    ("@a [@b]", ["N:|@a||", "|@b||"]),
    ("正如 @hare2019 所示。", ["N:|@hare2019||"]),
    # Keys: internal punctuation only between key characters; braces for any other.
    ("[@hare2019.]", ["|@hare2019||."]),
    ("See @hare2019.", ["N:|@hare2019||"]),
    ("[@Doe:2019/a.b+c]", ["|@Doe:2019/a.b+c||"]),
    ("[@_doe::b]", ["|@_doe||::b"]),
    ("[@{Hare 2019, part 2}, p. 5]", ["|@Hare 2019, part 2|page 5|"]),
    ("@{10.1000/xyz}'s view", ["N:|@10.1000/xyz||"]),
    ("[@王2020]", ["|@王2020||"]),
    # What is no citation.
    ("Write to mu@example.com.", []),
    ("[mail me](mailto:mu@example.com) or <https://x.org/@mu>", []),
    ("[my page](https://medium.com/@mu)", []),
    ("`@decorator` and ``[@x]``", []),
    (r"\@hare2019 and \[@ignored] text", ["N:|@ignored||"]),
    ("meet @ 5pm", []),
    ("[a bracket] and [another one]", []),
    # Unlike Pandoc: a bracket that cites is a citation, never a link's text.
    ("Goals diverge[@hare2019](b), slowly.", ["|@hare2019||"]),
]


@pytest.mark.parametrize(("text", "expected"), CITATIONS, ids=[c[0] for c in CITATIONS])
def test_what_a_text_cites(text: str, expected: list[str]) -> None:
    assert found(text) == expected


ERRORS = [
    ("Goals diverge [@hare2019.", ["!15 the citation `[@hare2019.` is not closed"]),
    ("[see @a\n\nand more]", ["!1 the citation `[see @a` is not closed"]),
    ("Goals [@] diverge.", ["!8 `@` is not followed by a citation key"]),
    ("[see @, p. 3]", ["!6 `@` is not followed by a citation key"]),
    ("[@{}]", ["!2 `@` is not followed by a citation key"]),
    ("[@{hare2019]", ["!2 the braces of the citation key are not closed"]),
    ("[@a @b]", ["!5 two citations in one bracket without `;` between them: `[@a @b]`"]),
    ("[@a;]", ["!4 `;` in the citation `[@a;]` is not followed by a citation"]),
    ("[@a; see]", ["!4 `;` in the citation `[@a; see]` is not followed by a citation"]),
    ("[see; @a]", ["!5 `;` in the citation `[see; @a]` is not preceded by a citation"]),
    ("正如@hare2019所示", ["!3 a citation needs a space or punctuation before `@`"]),
    ("[见@hare2019]", ["!3 a citation needs a space or punctuation before `@`"]),
    ("[reach me @ the office]", ["!11 `@` is not followed by a citation key"]),
    # A narrative citation's locator that is not closed would be printed and lost.
    (
        "正如 @speck2012 [chap. 2 所说",
        ["!15 the locator `[chap. 2 所说` of `@speck2012` is not closed"],
    ),
    # One bad cluster does not hide the good ones around it.
    (
        "[@a] [@b @c] [@d]",
        ["|@a||", "|@d||", "!10 two citations in one bracket without `;` between them: `[@b @c]`"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_what_starts_like_a_citation_and_does_not_parse(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_every_error_has_a_hint() -> None:
    for text, _ in ERRORS:
        assert all(error.hint for error in parse(text).errors)


def test_a_cluster_knows_where_it_is() -> None:
    text = "Goals diverge [see @hare2019, p. 5; @peters2006] and @doe2020 [p. 3] agrees."
    clusters = parse(text).clusters
    assert [text[c.start : c.end] for c in clusters] == [
        "[see @hare2019, p. 5; @peters2006]",
        "@doe2020 [p. 3]",
    ]
    assert [text[i.at : i.at + 9] for c in clusters for i in c.items] == [
        "@hare2019",
        "@peters20",
        "@doe2020 ",
    ]


def test_keys_in_order_of_first_citation() -> None:
    text = "[@b; @a] then @c and [-@a, p. 3] and @b."
    assert parse(text).keys() == ["b", "a", "c"]


def test_the_locator_terms_are_csl_locator_labels() -> None:
    labels = set(LOCATOR_TERMS.values())
    # The CSL 1.0.2 locators, as citeproc-py's en-US locale names them.
    assert labels <= {
        "act", "appendix", "article-locator", "book", "canon", "chapter", "column",
        "elocation", "equation", "figure", "folio", "issue", "line", "note", "opus",
        "page", "paragraph", "part", "rule", "scene", "section", "sub-verbo",
        "supplement", "table", "timestamp", "title-locator", "verse", "volume",
    }  # fmt: skip
    assert {LOCATOR_TERMS[t] for t in ("p.", "pp.", "page", "§", "¶", "chap.", "no.")} == {
        "page",
        "section",
        "paragraph",
        "chapter",
        "issue",
    }


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        ("", (None, None, "")),
        (", p. 57", ("page", "57", "")),
        (", p.57", ("page", "57", "")),
        (", pp. 33–35", ("page", "33–35", "")),
        (", 第 3 节", (None, None, ", 第 3 节")),
        (" and others", (None, None, " and others")),
        (", chap. 2, a caveat", ("chapter", "2", ", a caveat")),
    ],
)
def test_locator_and_suffix(rest: str, expected: tuple[str | None, str | None, str]) -> None:
    assert locator_and_suffix(rest) == expected


@given(st.text(alphabet="[]@;-{},. ap0`\\\n中x", max_size=40))
def test_any_text_parses_into_clusters_and_errors_in_order(text: str) -> None:
    result = parse(text)
    previous = 0
    for cluster in result.clusters:
        assert isinstance(cluster, Cluster)
        assert previous <= cluster.start < cluster.end <= len(text)
        assert all(cluster.start <= item.at < cluster.end for item in cluster.items)
        assert all(item.key for item in cluster.items)
        previous = cluster.end
    assert all(0 <= error.offset < len(text) for error in result.errors)
