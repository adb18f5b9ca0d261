"""libyaml and the pure-Python parser give the same data, positions and problems."""

from __future__ import annotations

import pytest
import yaml

from mkdocs_rebuttal.database import yaml_source
from mkdocs_rebuttal.database.loader import check
from support import VALID

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="PyYAML was built without libyaml"
)

BROKEN = {
    "duplicate key": VALID + "people: {}\n",
    "python tag": VALID.replace("page: 1-10", "page: !!python/name:os.system"),
    "local tag": VALID.replace("page: 1-10", "page: !pages 1-10"),
    "alias bomb": "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, c in zip("abcdef", "bcdefg", strict=True)
    ),
    "tab": VALID.replace("  sam-sample:", "\tsam-sample:"),
    "unclosed quote": VALID.replace("title: On Made-Up", "title: 'On Made-Up"),
    "bad indentation": VALID.replace("    title: 示例报告", "   title: 示例报告"),
    "unclosed bracket": VALID.replace("[[2021]]}", "[[2021]}"),
    "second document": VALID + "---\n{}\n",
    "not utf-8": VALID.replace("Jane", "Ja\udcffne"),
    "control character": VALID.replace("Jane", "Ja\x01ne"),
    "line separators": VALID.replace("Sam Sample}", "Sam\u2028Sample}"),
    "schema errors": VALID.replace("counterclaim:", "counterclam:").replace("by: alex", "by: x"),
}


def test_libyaml_is_the_default() -> None:
    assert yaml_source.DEFAULT_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("text", [VALID, *BROKEN.values()], ids=["valid", *BROKEN])
def test_both_loaders_agree(text: str) -> None:
    raw = text.encode("utf-8", errors="surrogateescape")
    fast = check(raw, "claims.yaml", loader=yaml.CSafeLoader)
    pure = check(raw, "claims.yaml", loader=yaml.SafeLoader)
    assert fast == pure


def test_both_loaders_place_every_value_alike() -> None:
    fast = yaml_source.parse(VALID, "claims.yaml", yaml.CSafeLoader)
    pure = yaml_source.parse(VALID, "claims.yaml", yaml.SafeLoader)
    assert fast.data == pure.data == yaml.safe_load(VALID)
    assert fast.source.values == pure.source.values
    assert fast.source.keys == pure.source.keys
    assert fast.source.ends == pure.source.ends
    assert fast.source.values[("claims", 2, "claim", "title", "en")] == (50, 29)
    assert fast.source.keys[("references", "roe2021")] == (65, 3)
