"""What a reader sees of each form of citation, in a real build of a small site: GB/T 7714
(numeric) on the Chinese pages, APA (author-date) on the English ones."""

from __future__ import annotations

import re

import pytest

from sitecheck import Site, SitePage, build_site

CONFIG = """\
site_name: Citations
site_url: https://example.org/citations/
theme: {name: material, language: zh, font: false}
markdown_extensions: [attr_list, md_in_html, tables]
plugins:
  - rebuttal: {database: data/claims.yaml}
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: zh, name: 中文, default: true}
        - {locale: en, name: English}
"""

DATABASE = """\
debate:
  title: {zh: 引用, en: Citations}
people:
  ann: {name: {zh: 安, en: Ann}}
  bo: {name: {zh: 波, en: Bo}}
claims:
  - id: forms
    claim:
      by: ann
      title: {zh: 各种引用, en: Every form}
      text:
        zh: >-
          甲[@hare2019]。
          乙[见 @hare2019, p. 57; @peters2006]。
          丙[@hare2019, 第 3 节]。
          丁 @hare2019 [p. 33] 说。
          戊[-@hare2019]。
          己[@hare2019, pp. 33-35]。
          庚[@peters2006; @hare2019]。
          辛[@ames2020; @peters2006; @hare2019]。
          写信到 ann\\@example.org。
        en: >-
          One [@hare2019].
          Two [see @hare2019, p. 57; @peters2006].
          Three [@hare2019, 第 3 节].
          Four @hare2019 [p. 33] says.
          Five [-@hare2019].
          Six [@hare2019, pp. 33-35].
          Seven [@peters2006; @hare2019].
          Eight [@ames2020; @peters2006; @hare2019].
          Write to ann\\@example.org.
      citations:
        - ref: hare2019
        - ref: peters2006
        - ref: ames2020
references:
  hare2019:
    type: article-journal
    title: Vague goals
    author: [{family: Hare, given: Jo}]
    issued: {date-parts: [[2019]]}
    language: en
  peters2006:
    type: article-journal
    title: Policy gradients
    author: [{family: Peters, given: Jan}, {family: Schaal, given: Stefan}]
    issued: {date-parts: [[2006]]}
    language: en
  ames2020:
    type: article-journal
    title: Many authors
    author: [{family: Ames, given: A}, {family: Baker, given: B}, {family: Cole, given: C}]
    issued: {date-parts: [[2020]]}
    language: en
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("citations")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "claims.yaml").write_text(DATABASE, encoding="utf-8")
    (root / "docs").mkdir()
    for language in ("zh", "en"):
        (root / "docs" / f"index.{language}.md").write_text("# Citations\n", encoding="utf-8")
    return build_site(root / "mkdocs.yml", root / "site")


def sentences(page: SitePage) -> list[str]:
    """The claim's text as a reader sees it, one sentence a line."""
    quote = page.content().cssselect("blockquote")[0].text_content()
    found = re.split(r"(?<=。)|(?<=\.) (?=[A-Z])", " ".join(quote.split()))
    return [sentence.strip() for sentence in found if sentence.strip()]


def cited(page: SitePage) -> list[tuple[str, str]]:
    """Each link of a citation in the claim: its text and where it leads."""
    quote = page.content().cssselect("blockquote")[0]
    return [
        (" ".join(a.text_content().split()), "#".join(page.resolve(a.get("href"))))
        for a in quote.cssselect("a.rb-cite")
    ]


def test_gbt_7714_numbers_with_the_page_after_the_bracket(site: Site) -> None:
    page = site.page("claims/forms/")
    assert sentences(page) == [
        "甲[1]。",
        "乙[见 1]57,[2]。",
        "丙[1, 第 3 节]。",
        "丁 Hare[1]33 说。",
        "戊[1]。",
        "己[1]33–35。",
        "庚[1,2]。",
        "辛[1–3]。",
        "写信到 ann@example.org。",
    ]
    # Every number is in superscript, and leads to its entry.
    superscripts = [
        " ".join(s.text_content().split()) for s in page.content().cssselect("blockquote sup")
    ]
    assert superscripts == [
        "[1]",
        "[见 1]57,[2]",
        "[1, 第 3 节]",
        "[1]33",
        "[1]",
        "[1]33–35",
        "[1,2]",
        "[1–3]",
    ]
    bibliography = "bibliography/#"
    assert cited(page) == [
        ("[1]", bibliography + "hare2019"),
        ("[见 1]", bibliography + "hare2019"),
        ("[2]", bibliography + "peters2006"),
        ("1, 第 3 节", bibliography + "hare2019"),
        ("[1]", bibliography + "hare2019"),
        ("[1]", bibliography + "hare2019"),
        ("[1]", bibliography + "hare2019"),
        ("1", bibliography + "hare2019"),
        ("2", bibliography + "peters2006"),
        ("1", bibliography + "hare2019"),
        ("3", bibliography + "ames2020"),
    ]


def test_apa_author_and_year_with_locators_prefixes_and_narrative_citations(site: Site) -> None:
    page = site.page("en/claims/forms/")
    assert sentences(page) == [
        "One (Hare, 2019).",
        "Two (see Hare, 2019, p. 57; Peters & Schaal, 2006).",
        "Three (Hare, 2019, 第 3 节).",
        "Four Hare (2019, p. 33) says.",
        "Five (2019).",
        "Six (Hare, 2019, pp. 33–35).",
        "Seven (Hare, 2019; Peters & Schaal, 2006).",
        "Eight (Ames et al., 2020; Hare, 2019; Peters & Schaal, 2006).",
        "Write to ann@example.org.",
    ]
    bibliography = "en/bibliography/#"
    assert cited(page) == [
        ("Hare, 2019", bibliography + "hare2019"),
        ("see Hare, 2019, p. 57", bibliography + "hare2019"),
        ("Peters & Schaal, 2006", bibliography + "peters2006"),
        ("Hare, 2019, 第 3 节", bibliography + "hare2019"),
        ("Hare (2019, p. 33)", bibliography + "hare2019"),
        ("2019", bibliography + "hare2019"),
        ("Hare, 2019, pp. 33–35", bibliography + "hare2019"),
        ("Hare, 2019", bibliography + "hare2019"),
        ("Peters & Schaal, 2006", bibliography + "peters2006"),
        ("Ames et al., 2020", bibliography + "ames2020"),
        ("Hare, 2019", bibliography + "hare2019"),
        ("Peters & Schaal, 2006", bibliography + "peters2006"),
    ]


def test_the_description_reads_a_narrative_citation_as_words(site: Site) -> None:
    description = site.page("en/claims/forms/").tree.cssselect('meta[name="description"]')[0]
    assert description.get("content").startswith(
        "Claim: One. Two. Three. Four Hare (2019, p. 33) says. Five. Six. Seven. Eight. Write to "
        "ann@example.org."
    )
