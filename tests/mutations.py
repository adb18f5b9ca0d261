"""Hypothesis strategies that spoil a valid database in the ways people and tools do."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

Path_ = tuple[Any, ...]

# Characters that tend to break parsers, positions or output: controls, separators that YAML
# counts as line breaks, invisible ones, a byte order mark, right-to-left marks, astral
# characters, combining marks, and lone surrogates (which cannot be written as UTF-8).
ODD_CHARACTERS = [
    "\x00", "\x07", "\t", "\r", "\x1b", "\x7f", "\x85", "\xa0", "\u200b", "\u200f", "\u2028",
    "\u2029", "\ufeff", "\ufffe", "\U0001f600", "e\u0301", "\ud800", "中", ":", "#", "'", '"',
    "[@", "]", "{", "&a ", "*a ", "!!python/object/apply:os.system ", "<<: ", "- ", "\n  ",
]  # fmt: skip

odd_text = st.lists(st.one_of(st.sampled_from(ODD_CHARACTERS), st.characters()), max_size=6).map(
    "".join
)
json_text = st.lists(
    st.one_of(
        st.sampled_from([c for c in ODD_CHARACTERS if c != "\ud800"]),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=6,
).map("".join)


def values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        # Integral floats are left out: JSON Schema cannot tell 2019.0 from 2019.
        st.floats(allow_nan=False).filter(lambda f: not f.is_integer()),
        text,
        st.sampled_from(["zh", "en", "doe2020", "alex-example", "index", "2101.00001"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
        max_leaves=6,
    )


def all_paths(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from all_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from all_paths(value, (*path, index))


def _parent(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn, base: Any, text: st.SearchStrategy[str] = json_text) -> Any:
    """`base` with one to three of: a value dropped, replaced, duplicated or renamed."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(all_paths(data))))
        if not path:
            data = draw(values(text)) if draw(st.booleans()) else data
            continue
        parent, last = _parent(data, path), path[-1]
        operation = draw(st.sampled_from(["drop", "replace", "duplicate", "rename"]))
        if operation == "drop":
            del parent[last]
        elif operation == "replace":
            parent[last] = draw(values(text))
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif operation == "rename" and isinstance(parent, dict):
            parent[draw(text)] = parent.pop(last)
    return data


@st.composite
def spoiled_text(draw: st.DrawFn, text: str) -> bytes:
    """`text` with characters inserted, spans deleted or lines repeated, as UTF-8 bytes
    (lone surrogates come out as invalid bytes)."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["insert", "delete", "repeat-line"]))
        if operation == "insert":
            text = text[:at] + draw(odd_text) + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at) + 1 or len(text)
            text = text[:end] + text[start:end] + text[end:]
    return text.encode("utf-8", errors="surrogatepass")
