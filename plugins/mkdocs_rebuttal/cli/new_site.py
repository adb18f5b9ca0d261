"""`python -m mkdocs_rebuttal new DIR --languages en,zh`: a small site to start a debate from.

It writes `mkdocs.yml`, a database with one example pair citing one example book, a home
page per language and a `.gitignore`, and builds with `mkdocs build --strict` as written:
every text is given in every language and every translation records the fingerprint of its
original, written by the same code as `translations --stamp`. The example texts exist in a
few languages; in any other one the English texts stand in for them, and the command says so.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..database.json_schema import dumps
from ..database.languages import Languages
from ..database.loader import check_database
from ..database.stamping import stamp
from ..pages.strings import STRINGS, built_in

DATABASE = "data/claims.yaml"
SCHEMA = "data/claims.schema.json"
# The plugin's own CSL locales; other languages need the `locales` option.
PLUGIN_LOCALES = {"zh", "en"}

# Names in the language selector, each in its own language.
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "pt": "Português",
    "ru": "Русский",
    "zh": "中文",
}

# The example debate. A made-up claim and rebuttal, citing a made-up book: nothing in it
# may pass for a fact.
TEXTS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "title": "An example debate",
        "home": "About this debate",
        "summary": "A made-up debate that shows how this site works. Replace it with yours "
        "in `data/claims.yaml`.",
        "claimant": "The claimant",
        "claimant_about": "A made-up person who makes a claim.",
        "critic": "The critic",
        "critic_about": "A made-up person who answers it.",
        "claim_title": "Practice makes perfect",
        "claim_text": "Whoever practises long enough masters any skill.",
        "counter_title": "How you practise matters more",
        "counter_text": "Hours alone are not enough: a skill improves when each attempt is "
        "followed by feedback on what to change [@example-book].",
        "locator": "Chapter 1",
        "note": "A made-up book. Write here what the work you cite really shows on this "
        "point, checked against the work itself.",
    },
    "zh": {
        "title": "一场示例辩论",
        "home": "关于这场辩论",
        "summary": "一场虚构的辩论，用来演示这个网站的用法。请在 `data/claims.yaml` "
        "里把它换成你自己的辩论。",
        "claimant": "主张者",
        "claimant_about": "一位虚构的人物，提出主张。",
        "critic": "反驳者",
        "critic_about": "一位虚构的人物，回应这一主张。",
        "claim_title": "熟能生巧",
        "claim_text": "只要练习得足够久，任何技能都能掌握。",
        "counter_title": "怎样练习更重要",
        "counter_text": "光有时间还不够：每次练习之后都得到该改什么的反馈，技能才会提高"
        "[@example-book]。",
        "locator": "第 1 章",
        "note": "一本虚构的书。这里写所引文献在这一点上实际说了什么，并对照原文核实。",
    },
    "ja": {
        "title": "議論の例",
        "home": "この議論について",
        "summary": "このサイトの使い方を示すための架空の議論です。`data/claims.yaml` "
        "をあなたの議論に書き換えてください。",
        "claimant": "主張する人",
        "claimant_about": "主張を述べる架空の人物。",
        "critic": "反論する人",
        "critic_about": "その主張に答える架空の人物。",
        "claim_title": "練習すれば上達する",
        "claim_text": "十分に長く練習すれば、どんな技能でも身につく。",
        "counter_title": "練習の仕方のほうが大切だ",
        "counter_text": "時間だけでは足りない。一回ごとに何を直すべきかのフィードバックが"
        "あってこそ、技能は伸びる[@example-book]。",
        "locator": "第1章",
        "note": "架空の本です。引用した文献がこの点について実際に何を示しているかを、"
        "原典で確かめたうえでここに書きます。",
    },
}

# The home page, per language: {page} is its file, {translations} the step for a site of
# more than one language. Its title differs from the site's name, which the theme puts
# beside it in the window's title.
HOME: Mapping[str, str] = {
    "en": """\
# {title}

A made-up debate that shows how this site works: each claim beside the rebuttal that
answers it, and what the works the rebuttal cites really show.

- [Claims and rebuttals](claims/index.md): every claim with its rebuttal.
- [Argument map](argument-map.md): the whole debate in one picture.
- [Bibliography](bibliography.md): the works cited, and where they are cited.

## Make it yours

This site was made by `python -m mkdocs_rebuttal new`. To turn it into your debate:

1. Write the debate into `data/claims.yaml`: the people, each claim and its rebuttal, the
   works the rebuttals cite. While `mkdocs serve` runs, the site follows every save.
2. Replace this page: `{page}`.
3. Name the site and give its address in `mkdocs.yml` (`site_name`, `site_url`).
{translations}\
{check}. Check before you publish: `python -m mkdocs_rebuttal check`, then
   `mkdocs build --strict`.
""",
    "zh": """\
# {title}

一场虚构的辩论，用来演示这个网站：每条主张旁边是回应它的反驳，以及反驳所引文献实际说了什么。

- [论点与反驳](claims/index.md)：每条主张及其反驳。
- [论证图](argument-map.md)：整场辩论画在一张图里。
- [参考文献](bibliography.md)：所引的文献，以及引用它们的地方。

## 换成你的辩论

这个网站由 `python -m mkdocs_rebuttal new` 生成。要把它变成你自己的辩论：

1. 把辩论写进 `data/claims.yaml`：参与的人、每条主张及其反驳、反驳所引的文献。
   `mkdocs serve` 运行时，每次保存，网站都会随之更新。
2. 改写这一页：`{page}`。
3. 在 `mkdocs.yml` 里给网站起名字、填上地址（`site_name`、`site_url`）。
{translations}\
{check}. 发布之前检查一遍：先运行 `python -m mkdocs_rebuttal check`，再运行
   `mkdocs build --strict`。
""",
    "ja": """\
# {title}

このサイトの仕組みを示すための架空の議論です。それぞれの主張の横に、それに答える反論と、
反論が引用する文献が実際に何を示しているかが並びます。

- [主張と反論](claims/index.md)：すべての主張とその反論。
- [論証図](argument-map.md)：議論全体を一枚の図に。
- [参考文献](bibliography.md)：引用された文献と、その引用箇所。

## あなたの議論にする

このサイトは `python -m mkdocs_rebuttal new` で作られました。あなたの議論にするには：

1. `data/claims.yaml` に議論を書きます。参加する人、それぞれの主張と反論、反論が引用する
   文献です。`mkdocs serve` の実行中は、保存するたびにサイトが更新されます。
2. このページ（`{page}`）を書き換えます。
3. `mkdocs.yml` でサイトの名前とアドレス（`site_name`、`site_url`）を設定します。
{translations}\
{check}. 公開する前に確認します。`python -m mkdocs_rebuttal check` を実行し、次に
   `mkdocs build --strict` を実行します。
""",
}

TRANSLATIONS_STEP = {
    "en": "4. After translating a text, record which original it was made from:\n"
    "   `python -m mkdocs_rebuttal translations --stamp`.\n",
    "zh": "4. 翻译好一段文字之后，记下它译自哪一版原文：\n"
    "   `python -m mkdocs_rebuttal translations --stamp`。\n",
    "ja": "4. 翻訳したら、どの版の原文から訳したかを記録します：\n"
    "   `python -m mkdocs_rebuttal translations --stamp`。\n",
}


class NewSiteError(Exception):
    """The site cannot be written there; the message says why."""


@dataclass(frozen=True)
class NewSite:
    directory: Path
    files: list[str]  # written, relative to the directory
    notes: list[str]  # what the author should know: languages without example texts, ...


def new_site(
    directory: str | Path, languages: Sequence[str], original: str | None = None
) -> NewSite:
    """Write a site in `languages` (its default first) whose debate is written in
    `original` (default: the site's default) into `directory`, which must be new or empty."""
    if not languages:
        raise NewSiteError("the site needs a language")
    if len(set(languages)) != len(languages):
        raise NewSiteError(f"a language is named twice in {', '.join(languages)}")
    original = original or languages[0]
    if original not in languages:
        raise NewSiteError(
            f"the original language {original} is not one of the site's languages "
            f"({', '.join(languages)}): add it to them"
        )
    out = Path(directory)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise NewSiteError(f"{out} is not an empty folder: choose a new one")

    site = Languages(tuple(languages), original)
    notes = []
    stand_ins = [lang for lang in site.of_texts if lang not in TEXTS]
    if stand_ins:
        notes.append(
            f"No example texts in {', '.join(stand_ins)}: the English ones stand in for them "
            f"in {DATABASE} and the home page; write yours in their place."
        )
    locales = _csl_locales(languages)
    unknown = [lang for lang in languages if lang not in PLUGIN_LOCALES and lang not in locales]
    if unknown:
        notes.append(
            f"No CSL locale is known for {', '.join(unknown)}: set one per language in the "
            "rebuttal plugin's `locales` option in mkdocs.yml (such as `ja: ja-JP`)."
        )

    # Languages without built-in interface words get a file of them to translate.
    own_words = [lang for lang in languages if not built_in(lang)]
    if own_words:
        notes.append(
            f"The interface words of {', '.join(own_words)} are English for now: translate "
            + ", ".join(f"strings/{lang}.yml" for lang in own_words)
            + "."
        )
    files = {
        "mkdocs.yml": _mkdocs_yml(site, locales, own_words),
        DATABASE: _database(site),
        SCHEMA: dumps(site.of_texts),
        ".gitignore": "# What `mkdocs build` writes, and the plugin's cache of formatted "
        "references.\nsite/\n.cache/\n",
    }
    for lang in own_words:
        files[f"strings/{lang}.yml"] = (
            f"# The interface words of the `{lang}` pages, named by the `strings` option in\n"
            "# mkdocs.yml. They are English for now: translate each one, and keep every\n"
            "# {placeholder} as it is.\n"
            + yaml.safe_dump(dict(STRINGS["en"]), allow_unicode=True, width=100)
        )
    one_language = len(languages) == 1
    for language in languages:
        page = "docs/index.md" if one_language else f"docs/index.{language}.md"
        files[page] = _home_page(language, page, translated=not one_language)

    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return NewSite(out, list(files), notes)


def _texts(language: str) -> Mapping[str, str]:
    return TEXTS.get(language, TEXTS["en"])


def _mkdocs_yml(site: Languages, locales: Mapping[str, str], own_words: Sequence[str]) -> str:
    default = site.default
    lines = [
        "# A debate site, made by `python -m mkdocs_rebuttal new`. `mkdocs serve` shows it while",
        "# you edit data/claims.yaml; `mkdocs build --strict` writes it to site/.",
        f"site_name: {_scalar(_texts(default)['title'])}",
        "# The address the site will have once published, which also sets the path it is",
        "# served under, such as https://you.github.io/debate/:",
        "# site_url: https://example.org/debate/",
        "theme:",
        "  name: material",
        f"  language: {default}",
        "  # System fonts: nothing is fetched from a font server.",
        "  font: false",
        "markdown_extensions:",
        "  - attr_list",
        "  - md_in_html",
        "  - tables",
        "  - toc:",
        "      permalink: true",
        "plugins:",
        "  - search",
        "  - rebuttal:",
        f"      database: {DATABASE}",
    ]
    extra = {
        lang: locales[lang] for lang in site.site if lang in locales and lang not in PLUGIN_LOCALES
    }
    if extra:
        lines.append(
            "      # The citation engine's locale for the languages it has no default for."
        )
        lines.append("      locales:")
        lines += [f"        {lang}: {locale}" for lang, locale in extra.items()]
    if own_words:
        lines.append("      # Interface words of the languages the plugin has none for.")
        lines.append("      strings:")
        lines += [f"        {lang}: strings/{lang}.yml" for lang in own_words]
    if len(site.site) > 1:
        lines += [
            "  # One page per language, index.en.md beside index.zh.md; this plugin must come",
            "  # after rebuttal, which adds the pages of the debate in every language.",
            "  - i18n:",
            "      docs_structure: suffix",
            "      languages:",
        ]
        for lang in site.site:
            lines += [f"        - locale: {lang}", f"          name: {_scalar(_name(lang))}"]
            if lang == default:
                lines.append("          default: true")
            else:
                lines.append(f"          site_name: {_scalar(_texts(lang)['title'])}")
    return "\n".join(lines) + "\n"


def _database(site: Languages) -> str:
    order = site.of_texts

    def block(indent: int, key: str) -> list[str]:
        pad = " " * indent
        return [f"{pad}{lang}: {_scalar(_texts(lang)[key])}" for lang in order]

    def field(indent: int, name: str, key: str) -> list[str]:
        """`name: {zh: ..., en: ...}` when it fits on a line once stamped, else a block."""
        texts = {lang: _texts(lang)[key] for lang in order}
        flow = yaml.safe_dump(
            texts, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False
        ).strip()
        line = f"{' ' * indent}{name}: {flow}"
        # Stamping wraps each translation in `{text: ..., from: 01234567}`.
        if len(line) + len("{text: , from: 01234567}") * (len(order) - 1) <= 100:
            return [line]
        return [f"{' ' * indent}{name}:", *block(indent + 2, key)]

    header = [
        "# yaml-language-server: $schema=claims.schema.json",
        "# The debate: everything the site shows comes from this file. While `mkdocs serve`",
        "# runs, the site follows every save. The example below is made up; replace it.",
    ]
    if len(order) > 1:
        header += [
            f"# Every text is written in {site.original}, the original. The texts in "
            f"{' and '.join(site.translated)} are its",
            "# translations, each with the fingerprint (`from`) of the original it was made",
            "# from: after translating a text, `python -m mkdocs_rebuttal translations --stamp`",
            "# records it.",
        ]
    lines = [
        *header,
        "debate:",
        f"  original_language: {site.original}",
        *field(2, "title", "title"),
        *field(2, "summary", "summary"),
        "",
        "people:",
        "  claimant:",
        *field(4, "name", "claimant"),
        *field(4, "about", "claimant_about"),
        "  critic:",
        *field(4, "name", "critic"),
        *field(4, "about", "critic_about"),
        "",
        "# In reading order; each id becomes the address of the pair's page.",
        "claims:",
        "  - id: practice",
        "    claim:",
        "      by: claimant",
        *field(6, "title", "claim_title"),
        *field(6, "text", "claim_text"),
        "    counterclaim:",
        "      by: critic",
        *field(6, "title", "counter_title"),
        *field(6, "text", "counter_text"),
        "      citations:",
        "        - ref: example-book",
        *field(10, "locator", "locator"),
        *field(10, "note", "note"),
        "          fit: supports  # supports | partly | does-not-support",
        "",
        "# CSL-YAML items, keyed by the citation key that texts cite as [@key]. Give only",
        "# identifiers (DOI, URL, ...) you have checked; this made-up book has none.",
        "references:",
        "  example-book:",
        "    type: book",
        "    title: An Example Book",
        "    author: [{family: Example, given: Alex}]",
        "    publisher: Example Press",
        "    issued: {date-parts: [[2020]]}",
    ]
    text = "\n".join(lines) + "\n"
    stamped = stamp(text, DATABASE, site.site).text
    problems = check_database(stamped.encode("utf-8"), DATABASE, site.site).problems
    if problems:
        raise AssertionError("the example database has problems: " + "; ".join(map(str, problems)))
    return stamped


def _home_page(language: str, page: str, *, translated: bool) -> str:
    words = language if language in HOME else "en"
    return HOME[words].format(
        title=_texts(language)["home"],
        page=page,
        translations=TRANSLATIONS_STEP[words] if translated else "",
        check=5 if translated else 4,
    )


def _name(language: str) -> str:
    base = language.split("-")[0]
    return LANGUAGE_NAMES.get(language) or LANGUAGE_NAMES.get(base) or language


def _csl_locales(languages: Sequence[str]) -> dict[str, str]:
    """The CSL locale of each language, from the citation engine's list of locales."""
    spec = importlib.util.find_spec("citeproc")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        return {}
    try:
        with open(os.path.join(next(iter(folders)), "data", "locales", "locales.json")) as f:
            known = json.load(f)
    except (OSError, ValueError):
        return {}
    dialects: dict[str, str] = known.get("primary-dialects", {})
    names = known.get("language-names", {})
    found = {}
    for language in languages:
        if language in names:
            found[language] = language
        elif language in dialects:
            found[language] = dialects[language]
    return found


def _scalar(text: str) -> str:
    """`text` as a YAML value on one line of a block mapping, quoted only where needed."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()
