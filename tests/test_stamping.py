"""Stamping writes fingerprints into the file and changes nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mkdocs_rebuttal.database.loader import check_database
from mkdocs_rebuttal.database.stamping import StampError, stamp
from mkdocs_rebuttal.database.translations import fingerprint, plain_texts
from support import LOADERS, VALID

PLUGINS = Path(__file__).parents[1] / "plugins"
TITLE = "      title: {zh: 尚无回应, en: Not answered yet}\n"
TEXT = "      text: {zh: 这一条还没有反驳。, en: This one has no counterclaim yet.}\n"
# 尚无回应 and 这一条还没有反驳。, the originals of the title and the text above.
TITLE_FP, TEXT_FP = fingerprint("尚无回应"), fingerprint("这一条还没有反驳。")


def with_lines(title: str, text: str = TEXT) -> str:
    """The fixture, its last claim's title and text written as given."""
    assert VALID.count(TITLE + TEXT) == 1
    return VALID.replace(TITLE + TEXT, title + text)


def stamped_part(title: str, loader: Any, text: str = TEXT) -> str:
    """What becomes of the lines of that title and text once the file is stamped."""
    result = stamp(with_lines(title, text), "claims.yaml", loader=loader).text
    # They are the last lines of the last claim.
    return result.split("  - id: no-reply-yet\n    claim:\n      by: alex-example\n")[1].split(
        "conclusion:"
    )[0]


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest) -> Any:
    return request.param


def test_stamping_the_fixture_changes_no_text_and_keeps_the_comments(loader: Any) -> None:
    result = stamp(VALID, "claims.yaml", loader=loader)
    assert len(result.translations) == 19
    after = check_database(result.text.encode(), "claims.yaml", loader=loader)
    assert after.problems == []
    assert after.translations is not None
    assert {t.state for t in after.translations.translations} == {"current"}
    before = check_database(VALID.encode(), "claims.yaml", loader=loader)
    assert after.data is not None and before.data is not None
    assert plain_texts(after.data) == plain_texts(before.data)
    assert result.text.splitlines()[:2] == VALID.splitlines()[:2]  # the header comments
    # A stamped file has nothing left to stamp.
    again = stamp(result.text, "claims.yaml", loader=loader)
    assert (again.text, again.translations) == (result.text, [])


def test_a_translation_in_braces_becomes_a_mapping_in_braces(loader: Any) -> None:
    assert stamped_part(TITLE, loader) == (
        f"      title: {{zh: 尚无回应, en: {{text: Not answered yet, from: {TITLE_FP}}}}}\n"
        f"      text: {{zh: 这一条还没有反驳。, en: {{text: This one has no counterclaim yet., "
        f"from: {TEXT_FP}}}}}\n"
    )


def test_a_block_translation_moves_under_text(loader: Any) -> None:
    title = "      title:\n        zh: 尚无回应\n        en: Not answered yet  # short\n"
    assert stamped_part(title, loader).startswith(
        "      title:\n        zh: 尚无回应\n        en:\n"
        f"          from: {TITLE_FP}\n"
        "          text: Not answered yet  # short\n"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "        en: >-\n          Not answered\n          yet\n",
            "        en:\n          from: {fp}\n          text: >-\n"
            "            Not answered\n            yet\n",
        ),
        (
            "        en: |\n          Not answered\n\n          yet\n",
            "        en:\n          from: {fp}\n          text: |\n"
            "            Not answered\n\n            yet\n",
        ),
        (
            '        en: "Not answered\n          yet"\n',
            '        en:\n          from: {fp}\n          text: "Not answered\n            yet"\n',
        ),
        (
            "        en:\n          # a comment\n          Not answered yet\n",
            "        en:\n          from: {fp}\n          text:\n"
            "            # a comment\n            Not answered yet\n",
        ),
        (
            '        "en": Not answered yet\n',
            '        "en":\n          from: {fp}\n          text: Not answered yet\n',
        ),
    ],
    ids=["folded", "literal", "quoted on two lines", "on the next line", "quoted key"],
)
def test_every_form_of_block_text(loader: Any, written: str, expected: str) -> None:
    text = f"      text:\n        zh: 这一条还没有反驳。\n{written}"
    assert stamped_part(TITLE, loader, text).endswith(expected.format(fp=TEXT_FP))


def test_a_fingerprint_of_digits_only_is_quoted(loader: Any) -> None:
    assert fingerprint("Text 43") == "22589204"
    title = "      title: {zh: Text 43, en: Not answered yet}\n"
    assert stamped_part(title, loader).startswith(
        '      title: {zh: Text 43, en: {text: Not answered yet, from: "22589204"}}\n'
    )


def test_windows_line_ends_stay(loader: Any) -> None:
    original = with_lines("      title:\n        zh: 尚无回应\n        en: Not answered yet\n")
    result = stamp(original.replace("\n", "\r\n"), "claims.yaml", loader=loader).text
    assert f"        en:\r\n          from: {TITLE_FP}\r\n          text: Not" in result
    assert "\n" not in result.replace("\r\n", "")


def test_only_translations_without_fingerprint_are_stamped(loader: Any) -> None:
    title = "      title: {zh: 尚无回应了, en: {text: Not answered yet, from: 3a5f1422}}\n"
    text = "      text: {zh: 这一条还没有反驳。}\n"
    # The outdated title keeps its fingerprint; the missing text stays missing.
    assert stamped_part(title, loader, text) == title + text


def test_a_file_with_errors_is_not_stamped(loader: Any) -> None:
    with pytest.raises(StampError) as caught:
        stamp(VALID.replace("by: sam-sample", "by: nobody", 1), "claims.yaml", loader=loader)
    assert str(caught.value).splitlines()[-1] == "fix the errors first; nothing was stamped"


def test_a_translation_shared_through_an_alias_is_not_stamped(loader: Any) -> None:
    title = TITLE.replace("en: Not", "en: &shared Not")
    text = TEXT.replace("en: This one has no counterclaim yet.", "en: *shared")
    with pytest.raises(StampError) as caught:
        stamp(with_lines(title, text), "claims.yaml", loader=loader)
    assert str(caught.value) == (
        "claims.yaml: claims[2].claim.text.en is written with an alias (`*name`) of another "
        "translation: write the text out to stamp it"
    )


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_rebuttal", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_translations_command(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    database = tmp_path / "data" / "claims.yaml"
    database.write_text(with_lines(TITLE.replace(", en: Not answered yet", "")), "utf-8")
    # The site's configuration names the database and the languages.
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - rebuttal:\n      languages: [zh, en]\n")
    listed = run("translations", cwd=tmp_path)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == (
        "data/claims.yaml:4:21: debate.title.en: no fingerprint "
        f"(the original's is {fingerprint('示例辩论')})"
    )
    assert "data/claims.yaml:50:7: claims[2].claim.title.en: missing" in lines
    assert lines[-1] == (
        "data/claims.yaml: translations into en: 0 up to date, 0 outdated, 1 missing, "
        "18 without fingerprint"
    )
    stamped = run("translations", "--stamp", cwd=tmp_path)
    assert stamped.returncode == 0
    assert stamped.stdout.splitlines()[-2:] == [
        "data/claims.yaml: stamped 18 translations",
        "data/claims.yaml: translations into en: 18 up to date, 0 outdated, 1 missing, "
        "0 without fingerprint",
    ]
    assert "en: {text: An Example Debate, from: " in database.read_text("utf-8")
    assert run("translations", "--stamp", cwd=tmp_path).stdout.splitlines()[-2] == (
        "data/claims.yaml: stamped 0 translations"
    )


def test_the_translations_command_leaves_a_file_with_errors_alone(tmp_path: Path) -> None:
    database = tmp_path / "claims.yaml"
    broken = VALID.replace("by: sam-sample", "by: nobody", 1)
    database.write_text(broken, "utf-8")
    result = run("translations", "--stamp", "claims.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: claims[0].counterclaim.by: unknown person `nobody`" in result.stdout
    assert database.read_text("utf-8") == broken


def test_stamping_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    # Issue 12: `--stamp` promises to change nothing but fingerprints; a BOM is the file's.
    text = with_lines(TITLE).encode("utf-8")
    for name, content in (("bom.yaml", b"\xef\xbb\xbf" + text), ("plain.yaml", text)):
        (tmp_path / name).write_bytes(content)
        assert run("translations", "--stamp", name, cwd=tmp_path).returncode == 0
    stamped = (tmp_path / "bom.yaml").read_bytes()
    assert b"from: " in stamped
    assert stamped == b"\xef\xbb\xbf" + (tmp_path / "plain.yaml").read_bytes()
