"""Synthetic claims databases of any size, made from the seed debate's own text.

Every text is a window cut from the seed database's texts of the same language, and its length
is the length of a seed text of the same kind (claim title, rebuttal, note, ...). So pages carry
real Chinese and English of the seed's lengths: Markdown, jieba's segmentation and the search
index see what they would see on a real site. Each counterclaim cites one to three works,
inline and in its `citations` list; there is one reference per three pairs, and every reference
is cited at least once. The same `pairs` and `seed` give the same database, byte for byte.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from mkdocs_rebuttal.database.citation_syntax import parse as parse_citations
from mkdocs_rebuttal.database.translations import plain_texts

LANGUAGES = ("zh", "en")
PAIRS_PER_REFERENCE = 3
FITS = ("supports", "partly", "does-not-support")
# Reference items: mostly English papers, some Chinese ones (names kept whole, as the format
# asks), in the CSL types a debate about research cites.
TYPES = ("article", "paper-conference", "article-journal", "book", "chapter", "report")
ENGLISH_NAMES = (
    ("Hare", "Joshua"),
    ("Peters", "Jan"),
    ("Schaal", "Stefan"),
    ("Schulman", "John"),
    ("Wolski", "Filip"),
    ("Radford", "Alec"),
    ("Li", "Hao"),
    ("Goldstein", "Tom"),
    ("He", "Kaiming"),
    ("Girshick", "Ross"),
    ("Dollár", "Piotr"),
    ("Corneanu", "Ciprian"),
    ("Escalera", "Sergio"),
    ("Martinez", "Aleix M."),
)
CHINESE_NAMES = ("王临惠", "李明", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴昊")
CONTAINERS = (
    "Advances in Neural Information Processing Systems",
    "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "International Conference on Machine Learning",
    "Journal of Machine Learning Research",
    "计算机学报",
    "软件学报",
)
PUBLISHERS = ("arXiv", "IEEE", "Springer", "MIT Press", "科学出版社", "清华大学出版社")


_MARKDOWN_MARKS = str.maketrans("", "", "`[]*_#|")


class _Corpus:
    """The seed's texts, one language at a time, and the lengths of each kind of text."""

    def __init__(self, seed: Mapping[str, Any]) -> None:
        self.text: dict[str, str] = {}
        self.lengths: dict[tuple[str, str], list[int]] = {}
        texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
        for claim in seed["claims"]:
            for part in ("claim", "counterclaim"):
                statement = claim.get(part)
                if not statement:
                    continue
                self._add(texts, f"{part}.title", statement["title"])
                self._add(texts, f"{part}.text", statement["text"])
                for citation in statement.get("citations") or ():
                    if citation.get("note"):
                        self._add(texts, "note", citation["note"])
        for language, parts in texts.items():
            self.text[language] = " ".join(parts) if language == "en" else "".join(parts)

    def _add(self, texts: dict[str, list[str]], kind: str, localized: Mapping[str, str]) -> None:
        for language in LANGUAGES:
            # The seed's own citations would name works that are not in the database.
            plain = " ".join(_without_citations(localized[language]).split())
            texts[language].append(plain)
            self.lengths.setdefault((kind, language), []).append(len(plain))

    def sample(self, rng: random.Random, kind: str, language: str) -> str:
        """A window of the seed's text in `language` as long as a seed text of this kind."""
        # A window of punctuation alone is left empty by the trimming below: take another.
        for _ in range(100):
            window = self._window(rng, kind, language)
            if window:
                return window
        raise ValueError(f"no text of the seed for {kind} in {language}")

    def _window(self, rng: random.Random, kind: str, language: str) -> str:
        length = rng.choice(self.lengths[kind, language])
        corpus = self.text[language]
        start = rng.randrange(0, max(1, len(corpus) - length))
        window = corpus[start : start + length]
        if language == "en":
            # Whole words, no dangling punctuation at the start.
            window = window.split(" ", 1)[-1] if start else window
            window = window.rsplit(" ", 1)[0] if len(window) > 20 else window
            window = window.lstrip(",.;:)”’ ")
            window = window[:1].upper() + window[1:]
        else:
            window = window.lstrip("。，；、：,.;:）)」”")
        # A window can cut a code span or a link in half; what is left of it would be Markdown
        # that no one writes (a lone "]" ends a link early), so the marks go.
        return window.translate(_MARKDOWN_MARKS).strip()


def generate(pairs: int, seed: int, seed_database: Mapping[str, Any]) -> dict[str, Any]:
    """A database of `pairs` claim / counterclaim pairs, the same for the same arguments."""
    rng = random.Random(seed)
    corpus = _Corpus(seed_database)

    def localized(kind: str) -> dict[str, str]:
        return {language: corpus.sample(rng, kind, language) for language in LANGUAGES}

    references = _references(rng, corpus, max(1, -(-pairs // PAIRS_PER_REFERENCE)))
    keys = list(references)
    claims = []
    for n in range(pairs):
        title = localized("claim.title")
        slug = "-".join(re.findall(r"[a-z0-9]+", title["en"].lower())[:4]) or "claim"
        # Every reference is cited once in order, the others at random, as a debate that
        # comes back to a paper does.
        cited = [keys[n // PAIRS_PER_REFERENCE]]
        for key in rng.sample(keys, min(len(keys), rng.randint(1, 3))):
            if key not in cited and len(cited) < 3:
                cited.append(key)
        cited = cited[: rng.randint(1, 3)]
        text = localized("counterclaim.text")
        claims.append(
            {
                "id": f"{slug}-{n + 1}",
                "claim": {"by": "mu-li", "title": title, "text": localized("claim.text")},
                "counterclaim": {
                    "by": "dgyhljs",
                    "title": localized("counterclaim.title"),
                    "text": {
                        language: _with_markers(rng, text[language], cited, language)
                        for language in LANGUAGES
                    },
                    "citations": [_citation(rng, localized, key) for key in cited],
                },
            }
        )
    data: dict[str, Any] = {
        "debate": seed_database["debate"],
        "people": seed_database["people"],
        "claims": claims,
    }
    if seed_database.get("conclusion"):
        data["conclusion"] = seed_database["conclusion"]
    data["references"] = references
    return data


def _without_citations(text: str) -> str:
    parts, done = [], 0
    for cluster in parse_citations(text).clusters:
        parts.append(text[done : cluster.start])
        done = cluster.end
    return "".join(parts) + text[done:]


def _with_markers(rng: random.Random, text: str, keys: list[str], language: str) -> str:
    """`text` with a `[@key]` for each key, at the end of sentences, in the keys' order."""
    # Not inside a number ("5.89%"): only punctuation that ends a clause.
    clause_end = r"[。，；]|,(?!\d)" if language == "zh" else r"[.,;](?=\s)"
    ends = [m.end() for m in re.finditer(clause_end, text)]
    places = sorted(rng.sample(ends, len(keys))) if len(ends) >= len(keys) else []
    places += [len(text)] * (len(keys) - len(places))
    out, previous = [], 0
    for place, key in zip(places, keys, strict=True):
        # Pandoc's habit: the marker before the punctuation in Chinese, after a space in English.
        if language == "zh":
            cut = place - 1 if place and text[place - 1 : place] in "。，；" else place
            out += [text[previous:cut], f"[@{key}]"]
            previous = cut
        else:
            cut = place - 1 if place and text[place - 1 : place] in ".,;" else place
            out += [text[previous:cut], f" [@{key}]"]
            previous = cut
    out.append(text[previous:])
    return "".join(out)


def _citation(rng: random.Random, localized: Any, key: str) -> dict[str, Any]:
    citation: dict[str, Any] = {"ref": key, "fit": rng.choice(FITS), "note": localized("note")}
    if rng.random() < 0.15:
        page = rng.randint(1, 400)
        citation["locator"] = {"zh": f"第 {page} 页", "en": f"p. {page}"}
    return citation


def _references(rng: random.Random, corpus: _Corpus, count: int) -> dict[str, Any]:
    references: dict[str, Any] = {}
    for n in range(count):
        chinese = rng.random() < 0.2
        kind = rng.choice(TYPES)
        year = rng.randint(1990, 2025)
        if chinese:
            authors = [{"literal": rng.choice(CHINESE_NAMES)} for _ in range(rng.randint(1, 4))]
            title = corpus.sample(rng, "counterclaim.title", "zh") + corpus.sample(
                rng, "claim.title", "zh"
            )
            family = "ref"
        else:
            authors = [
                {"family": family, "given": given}
                for family, given in rng.sample(ENGLISH_NAMES, rng.randint(1, 5))
            ]
            title = corpus.sample(rng, "counterclaim.title", "en").rstrip(".")
            family = re.sub(r"[^a-z]", "", authors[0]["family"].lower()) or "ref"
        item: dict[str, Any] = {"type": kind, "title": title, "author": authors}
        item["issued"] = {"date-parts": [[year]]}
        if kind in ("paper-conference", "article-journal", "chapter"):
            item["container-title"] = rng.choice(CONTAINERS)
            first = rng.randint(1, 3000)
            item["page"] = f"{first}-{first + rng.randint(5, 20)}"
        if kind in ("book", "report", "article") or rng.random() < 0.3:
            item["publisher"] = rng.choice(PUBLISHERS)
        if kind == "article-journal":
            item["volume"] = str(rng.randint(1, 60))
        if rng.random() < 0.5:
            item["DOI"] = f"10.{rng.randint(1000, 9999)}/bench.{year}.{n:05d}"
        if not chinese and rng.random() < 0.4:
            item["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"
        item["language"] = "zh" if chinese else "en"
        references[f"{family}{year}-{n + 1}"] = item
    return references


def write(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # libyaml's emitter writes the same YAML as the pure-Python one, fifty times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(dict(data), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def load_seed(path: Path) -> dict[str, Any]:
    """The seed database with every translation as its text (without its fingerprint)."""
    with open(path, encoding="utf-8") as f:
        data: dict[str, Any] = plain_texts(yaml.safe_load(f))
    return data
