"""`python -m mkdocs_rebuttal new`: the site a new user starts from builds with `--strict` as
written, in one language, in a translated site, and in three languages."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mkdocs_rebuttal.cli.main import main
from mkdocs_rebuttal.database.loader import check_database
from mkdocs_rebuttal.pages.strings import STRINGS

from sitecheck import Site, build_site


def new(tmp_path: Path, *args: str) -> Path:
    site = tmp_path / "debate"
    assert main(["new", str(site), *args]) == 0
    return site


def build(site: Path, tmp_path: Path) -> Site:
    return build_site(site / "mkdocs.yml", tmp_path / "out")


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def plugins(site: Path) -> list[str]:
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    return [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]


def broken_links(built: Site) -> list[str]:
    return [
        f"/{page.url}: {reference} {why}"
        for page in built.pages()
        for reference in page.references()
        if (why := built.broken(page, reference))
    ]


# One language -----------------------------------------------------------------------------


def test_one_language_needs_no_i18n_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = new(tmp_path, "--languages", "en")
    assert files(site) == {
        ".gitignore",
        "mkdocs.yml",
        "data/claims.yaml",
        "data/claims.schema.json",
        "docs/index.md",
    }
    assert plugins(site) == ["search", "rebuttal"]
    database = (site / "data" / "claims.yaml").read_text(encoding="utf-8")
    assert "original_language: en" in database and "from:" not in database
    assert (site / ".gitignore").read_text().splitlines()[1:] == ["site/", ".cache/"]
    capsys.readouterr()
    assert main(["check", "--config", str(site / "mkdocs.yml")]) == 0
    assert capsys.readouterr().out == f"{site / 'data' / 'claims.yaml'}: ok\n"


def test_one_language_builds(tmp_path: Path) -> None:
    built = build(new(tmp_path, "--languages", "en"), tmp_path)
    home = built.page("")
    assert (home.lang, home.title) == ("en", "An example debate")
    pair = built.page("claims/practice/")
    assert pair.title.startswith("Practice makes perfect")
    assert "Hours alone are not enough" in pair.content().text_content()
    assert built.has("bibliography/") and built.has("claims/")
    assert not built.has("translations/")  # nothing to translate
    assert broken_links(built) == []


# Two languages: a Chinese debate, English the site's default ------------------------------


def test_a_chinese_debate_on_an_english_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = new(tmp_path, "--languages", "en,zh", "--original", "zh")
    assert {"docs/index.en.md", "docs/index.zh.md"} <= files(site)
    assert "docs/index.md" not in files(site)
    # The i18n plugin comes after ours, which adds the debate's pages in every language.
    assert plugins(site) == ["search", "rebuttal", "i18n"]
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = config["plugins"][2]["i18n"]
    assert i18n["docs_structure"] == "suffix"
    assert [(lang["locale"], lang.get("default", False)) for lang in i18n["languages"]] == [
        ("en", True),
        ("zh", False),
    ]
    raw = (site / "data" / "claims.yaml").read_bytes()
    assert b"original_language: zh" in raw
    checked = check_database(raw, "claims.yaml", ["en", "zh"])
    assert checked.problems == []
    assert checked.translations is not None
    # Every English text is a translation of the Chinese one, and up to date.
    states = {(t.language, t.state) for t in checked.translations.translations}
    assert states == {("en", "current")}
    capsys.readouterr()
    assert main(["check", "--config", str(site / "mkdocs.yml")]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[1]
        .endswith(
            "translations into en: 12 up to date, 0 outdated, 0 missing, 0 without fingerprint"
        )
    )


def test_a_chinese_debate_on_an_english_site_builds(tmp_path: Path) -> None:
    built = build(new(tmp_path, "--languages", "en,zh", "--original", "zh"), tmp_path)
    home = built.page("")
    assert (home.lang, home.title) == ("en", "An example debate")
    assert built.page("zh/").lang == "zh"
    pair = built.page("claims/practice/")
    assert pair.title.startswith("Practice makes perfect")
    assert "Hours alone are not enough" in pair.content().text_content()
    chinese = built.page("zh/claims/practice/")
    assert chinese.title.startswith("熟能生巧")
    assert "光有时间还不够" in chinese.content().text_content()
    assert pair.switcher() == {"en": "claims/practice/", "zh": "zh/claims/practice/"}
    # Every translation is there and up to date: no page carries a notice about it.
    assert not pair.tree.cssselect(".admonition")
    assert broken_links(built) == []


# Three languages ---------------------------------------------------------------------------


def test_three_languages(tmp_path: Path) -> None:
    site = new(tmp_path, "--languages", "zh,en,ja")
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    # The citation engine knows no locale for ja by itself.
    assert config["plugins"][1]["rebuttal"]["locales"] == {"ja": "ja-JP"}
    # Interface words to translate, where the plugin has none: a file the site names.
    assert config["plugins"][1]["rebuttal"]["strings"] == {"ja": "strings/ja.yml"}
    words = yaml.safe_load((site / "strings" / "ja.yml").read_text(encoding="utf-8"))
    assert set(words) == set(STRINGS["en"])
    assert config["theme"]["language"] == "zh"
    built = build(site, tmp_path)
    assert built.page("").title == "一场示例辩论"
    for prefix, title in [("", "熟能生巧"), ("en/", "Practice makes perfect")]:
        assert built.page(f"{prefix}claims/practice/").title.startswith(title)
    japanese = built.page("ja/claims/practice/")
    assert japanese.lang == "ja"
    assert japanese.title.startswith("練習すれば上達する")
    assert "時間だけでは足りない" in japanese.content().text_content()
    assert broken_links(built) == []


# What `new` refuses and says ----------------------------------------------------------------


def test_a_folder_that_is_not_empty_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path), "--languages", "en"]) == 1
    assert capsys.readouterr().err == (
        f"error: {tmp_path} is not an empty folder: choose a new one\n"
    )
    assert files(tmp_path) == {"notes.txt"}


def test_the_original_is_one_of_the_site_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "x"), "--languages", "en", "--original", "zh"]) == 1
    assert capsys.readouterr().err == (
        "error: the original language zh is not one of the site's languages (en): add it to them\n"
    )
    assert not (tmp_path / "x").exists()


def test_a_language_without_example_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = new(tmp_path, "--languages", "ko,en")
    out = capsys.readouterr().out
    assert (
        "note: No example texts in ko: the English ones stand in for them in "
        "data/claims.yaml and the home page; write yours in their place.\n"
    ) in out
    raw = (site / "data" / "claims.yaml").read_bytes()
    assert check_database(raw, "claims.yaml", ["ko", "en"]).problems == []
    assert "# About this debate" in (site / "docs" / "index.ko.md").read_text(encoding="utf-8")


def test_the_printed_command_builds_the_new_site(tmp_path: Path) -> None:
    # As a new user runs it: `.venv/bin/python -m mkdocs_rebuttal new ...` without the
    # environment activated, then what `new` says, in the new folder (`build --strict` for
    # `serve`). The MkDocs of that environment is not on PATH.
    bin_dir = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != bin_dir)
    env = {**os.environ, "PATH": path, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "debate"
    args = ["new", str(site), "--languages", "en,zh", "--original", "zh"]
    made = subprocess.run(
        [sys.executable, "-m", "mkdocs_rebuttal", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    command = re.search(r"`cd [^`]+`, `(.+) serve`", made.stdout)
    assert command, made.stdout
    built = subprocess.run(
        [*shlex.split(command[1]), "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "zh" / "index.html").is_file()
