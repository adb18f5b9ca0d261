"""`python -m mkdocs_rebuttal check`, `translations` and `schema`, as a pre-commit hook and a
person in a site's folder run them: the database and the languages come from `mkdocs.yml`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_rebuttal.cli.main import main
from mkdocs_rebuttal.cli.site_config import read_site_config
from mkdocs_rebuttal.database.json_schema import dumps
from mkdocs_rebuttal.database.translations import fingerprint
from support import FIXTURE, VALID

PLUGINS = Path(__file__).parents[1] / "plugins"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PLUGINS), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_rebuttal", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


# The seed site's languages: Chinese, the default, and English.
ZH_EN_SITE = """\
site_name: Example
theme: {name: material, language: zh}
plugins:
  - search
  - rebuttal
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: zh, name: 中文, default: true}
        - {locale: en, name: English}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(ZH_EN_SITE, encoding="utf-8")
    return tmp_path


UNSTAMPED = "translations into en: 0 up to date, 0 outdated, 0 missing, 19 without fingerprint"


def test_a_valid_database_passes(project: Path) -> None:
    result = run("check", cwd=project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"data/claims.yaml: ok\ndata/claims.yaml: {UNSTAMPED}\n"


def test_errors_fail_with_the_report(project: Path) -> None:
    bad = VALID.replace("counterclaim:\n      by: alex", "counterclam:\n      by: alex")
    (project / "data" / "claims.yaml").write_text(bad, encoding="utf-8")
    (project / "data" / "other.yml").write_text(VALID, encoding="utf-8")
    result = run("check", "data/claims.yaml", "data/other.yml", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "data/claims.yaml:43:5: error: claims[1]: unknown field `counterclam` "
        "(did you mean `counterclaim`?)\n"
        "1 error, 0 warnings in data/claims.yaml\n"
        # The misspelt counterclaim's two texts are not counted.
        "data/claims.yaml: translations into en: 0 up to date, 0 outdated, 0 missing, "
        "17 without fingerprint\n"
        "data/other.yml: ok\n"
        f"data/other.yml: {UNSTAMPED}\n"
    )


def test_warnings_alone_pass(project: Path) -> None:
    (project / "data" / "claims.yaml").write_text(VALID + "  extra:\n" + _reference(), "utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-2] == "0 errors, 1 warning in data/claims.yaml"


def _reference() -> str:
    return (
        "    type: book\n    title: Extra\n    author: [{family: Roe}]\n"
        "    issued: {date-parts: [[2019]]}\n"
    )


def test_the_languages_option(project: Path) -> None:
    result = run("check", "--languages", "zh,en,fr", cwd=project)
    assert result.returncode == 0
    assert "warning: debate.title: missing translation `fr`" in result.stdout
    result = run("check", "--languages", "fr,zh,en", cwd=project)
    assert result.returncode == 1
    assert "error: debate.title: missing the `fr` text" in result.stdout
    assert run("check", "--languages", "zh, en", cwd=project).returncode == 0
    bad = run("check", "--languages", "Chinese", cwd=project)
    assert bad.returncode == 2 and "language codes" in bad.stderr


def test_a_missing_file(project: Path) -> None:
    result = run("check", "data/none.yaml", cwd=project)
    assert result.returncode == 1
    assert (
        result.stdout == "data/none.yaml: error: cannot read the file: No such file or directory\n"
    )


def test_the_schema_command(project: Path) -> None:
    result = run("schema", cwd=project)
    assert (result.returncode, result.stdout) == (0, dumps())
    assert (
        '"required": [\n            "en"\n'
        in run("schema", "--languages", "en", cwd=project).stdout
    )


def test_the_command_line_does_not_import_mkdocs() -> None:
    # A pre-commit hook runs it on every commit: it must start fast.
    code = f"import sys, runpy; sys.argv = ['x', 'check', {str(FIXTURE)!r}]\n" + (
        "try:\n runpy.run_module('mkdocs_rebuttal', run_name='__main__')\n"
        "except SystemExit:\n print('mkdocs' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [f"{FIXTURE}: ok", f"{FIXTURE}: {UNSTAMPED}", "False"]


def test_main_returns_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURE)]) == 0
    assert capsys.readouterr().out == f"{FIXTURE}: ok\n{FIXTURE}: {UNSTAMPED}\n"


# What mkdocs.yml says -------------------------------------------------------------------

# A Chinese debate published with English as the site's default language.
EN_ZH_SITE = """\
site_name: Example
theme:
  name: material
  language: en
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - rebuttal:
      database: debate/claims.yaml
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: zh, name: 中文}
        - {locale: en, name: English, default: true}
"""
ZH_ORIGINAL = VALID.replace("debate:\n", "debate:\n  original_language: zh\n", 1)


@pytest.fixture
def en_site(tmp_path: Path) -> Path:
    (tmp_path / "debate").mkdir()
    (tmp_path / "debate" / "claims.yaml").write_text(ZH_ORIGINAL, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(EN_ZH_SITE, encoding="utf-8")
    return tmp_path


def test_the_database_and_languages_come_from_mkdocs_yml(en_site: Path) -> None:
    result = run("check", cwd=en_site)
    # The Chinese texts are the original although English is the site's default.
    assert (result.returncode, result.stdout) == (
        0,
        "debate/claims.yaml: ok\ndebate/claims.yaml: " + UNSTAMPED + "\n",
    )


def test_the_schema_requires_the_original(en_site: Path) -> None:
    schema = run("schema", cwd=en_site).stdout
    assert schema == dumps(["zh", "en"])
    assert '"required": [\n            "zh"\n' in schema


def test_stamping_follows_the_original_the_database_names(en_site: Path) -> None:
    """English first in mkdocs.yml does not make English the original: the English texts get
    the fingerprints of the Chinese ones, and the Chinese texts stay as they were."""
    result = run("translations", "--stamp", cwd=en_site)
    assert result.returncode == 0, result.stdout
    assert "debate/claims.yaml: stamped 19 translations" in result.stdout
    stamped = (en_site / "debate" / "claims.yaml").read_text(encoding="utf-8")
    title = f"title: {{zh: 目标要大, en: {{text: Aim big, from: {fingerprint('目标要大')}}}}}"
    assert title in stamped
    assert "zh: {text:" not in stamped and "from:" not in stamped.split("en:")[0]
    after = run("check", cwd=en_site)
    assert after.returncode == 0
    assert after.stdout.splitlines() == [
        "debate/claims.yaml: ok",
        "debate/claims.yaml: translations into en: 19 up to date, 0 outdated, 0 missing, "
        "0 without fingerprint",
    ]


def test_a_site_of_one_language(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.yaml").write_text(only(VALID, "en"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: One\ntheme: {name: material, language: en}\nplugins: [search, rebuttal]\n",
        encoding="utf-8",
    )
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "data/claims.yaml: ok\n")
    # The same database in a site whose language is Chinese lacks every text.
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: One\ntheme: {name: material, language: zh}\nplugins: [search, rebuttal]\n",
        encoding="utf-8",
    )
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: debate.title: missing the `zh` text" in result.stdout
    assert '"required": [\n            "zh"\n' in run("schema", cwd=tmp_path).stdout


def only(database: str, language: str) -> str:
    """`database` with the texts in `language` only."""

    def keep(value: Any) -> Any:
        if isinstance(value, dict):
            if language in value and set(value) <= {"zh", "en"}:
                return {language: value[language]}
            return {k: keep(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keep(v) for v in value]
        return value

    return yaml.safe_dump(keep(yaml.safe_load(database)), allow_unicode=True, sort_keys=False)


def test_the_config_option(en_site: Path) -> None:
    (en_site / "site").mkdir()
    (en_site / "mkdocs.yml").rename(en_site / "site" / "mkdocs.yml")
    (en_site / "debate").rename(en_site / "site" / "debate")
    result = run("check", "--config", "site/mkdocs.yml", cwd=en_site)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "site/debate/claims.yaml: ok"
    result = run("translations", "--config", "site/mkdocs.yml", cwd=en_site)
    assert result.stdout.splitlines()[-1] == f"site/debate/claims.yaml: {UNSTAMPED}"
    missing = run("check", "--config", "elsewhere.yml", cwd=en_site)
    assert (missing.returncode, missing.stdout) == (
        1,
        "elsewhere.yml: error: cannot read the file: No such file or directory\n",
    )


def test_a_configuration_that_inherits(tmp_path: Path) -> None:
    """`INHERIT`, merged as MkDocs merges it: mappings key by key, anything else replaced."""
    (tmp_path / "base.yml").write_text(
        "theme: {name: material, language: en}\n"
        "plugins: [search, {rebuttal: {database: debate.yaml}}]\n",
        encoding="utf-8",
    )
    child = tmp_path / "mkdocs.yml"
    child.write_text("INHERIT: base.yml\ntheme: {language: zh}\n", encoding="utf-8")
    config = read_site_config(str(child))
    assert (config.languages, config.database) == (("zh",), str(tmp_path / "debate.yaml"))
    child.write_text("INHERIT: base.yml\nplugins: [rebuttal]\n", encoding="utf-8")
    config = read_site_config(str(child))
    assert (config.languages, config.database) == (("en",), str(tmp_path / "data/claims.yaml"))


def test_without_mkdocs_yml(project: Path) -> None:
    (project / "mkdocs.yml").unlink()
    for command in (["check"], ["translations"], ["schema"]):
        result = run(*command, cwd=project)
        assert (result.returncode, result.stdout) == (
            1,
            "mkdocs.yml: error: no such file here: run this in the site's folder, "
            "or give --config FILE\n",
        )
    # Named files need no site: their languages are those of the debate's title.
    result = run("check", "data/claims.yaml", cwd=project)
    assert (result.returncode, result.stdout) == (
        0,
        f"data/claims.yaml: ok\ndata/claims.yaml: {UNSTAMPED}\n",
    )
    (project / "data" / "de.yaml").write_text(ZH_ORIGINAL.replace("zh", "de"), "utf-8")
    result = run("translations", "data/de.yaml", cwd=project)
    assert result.stdout.splitlines()[-1] == (
        "data/de.yaml: translations into en: 0 up to date, 0 outdated, 0 missing, "
        "19 without fingerprint"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("  - rebuttal\n", "  - rebuttal:\n      languages: zh\n"),
            "mkdocs.yml: error: the rebuttal plugin's option `languages`: expected a list of "
            "language codes like [zh, en], found 'zh'",
        ),
        (
            ("  - rebuttal\n", "  - rebuttal:\n      database: [a, b]\n"),
            "mkdocs.yml: error: the rebuttal plugin's option `database`: expected a path to "
            "the database, relative to it, found ['a', 'b']",
        ),
        (
            ("  - rebuttal\n", "  - rebuttal:\n      allow_incomplete_translations: yes please\n"),
            "mkdocs.yml: error: the rebuttal plugin's option `allow_incomplete_translations`: "
            "expected true or false, found 'yes please'",
        ),
        (
            ("locale: en,", "locale: English,"),
            "mkdocs.yml: error: the i18n plugin's option `languages`: 'English' is not a "
            "language code like `en` or `zh-CN`",
        ),
        (
            (", default: true}", "}"),
            "mkdocs.yml: error: the i18n plugin's option `languages`: no language has "
            "`default: true`",
        ),
        (
            ("  - rebuttal\n", ""),
            "mkdocs.yml: error: the `rebuttal` plugin is not in `plugins`",
        ),
        (
            ("  - search\n", "  - search\n  -\n"),
            "mkdocs.yml: error: each item of `plugins` should be a name or "
            "`name: {options}`, found None",
        ),
        # What the build refuses, check refuses too.
        (
            (
                "  - rebuttal\n  - i18n:\n      docs_structure: suffix\n",
                "  - i18n:\n      docs_structure: suffix\n  - rebuttal\n  - i18n:\n",
            ),
            "mkdocs.yml: error: list the `rebuttal` plugin before `i18n` under `plugins:`",
        ),
        (
            ("docs_structure: suffix", "docs_structure: folder"),
            "mkdocs.yml: error: the rebuttal plugin needs the i18n plugin's "
            "`docs_structure: suffix` (it is `folder`)",
        ),
        (
            ("  - rebuttal\n", "  - rebuttal:\n      styles: {en: chicago}\n"),
            "mkdocs.yml: error: the `rebuttal` plugin's `styles` option for `en`: unknown CSL "
            "style `chicago`; close names: chicago-notes, chimia, chicago-author-date, "
            "chicago-author-date-16th-edition, chicago-author-date-17th-edition "
            "(write `styles: {en: ...}`)",
        ),
        (
            ("  - rebuttal\n", "  - rebuttal:\n      locales: {zh: xx}\n"),
            "mkdocs.yml: error: the `rebuttal` plugin's `locales` option for `zh`: `xx` is not "
            "a CSL locale (write `locales: {zh: ...}`)",
        ),
        (
            ("  - rebuttal\n", "  - rebuttal:\n      strings: {en: {pari: x}}\n"),
            "mkdocs.yml: error: the `rebuttal` plugin's `strings` option for `en`: unknown word "
            "`pari` (did you mean `pair`?)",
        ),
        (
            ("  - search\n", "  - search\n - rebuttal\n"),
            "mkdocs.yml:5:2: error: expected <block end>, but found '<block sequence start>'",
        ),
    ],
)
def test_a_bad_option_is_named(project: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert ZH_EN_SITE.count(old) == 1
    (project / "mkdocs.yml").write_text(ZH_EN_SITE.replace(old, new), encoding="utf-8")
    for command in ("check", "translations", "schema"):
        result = run(command, cwd=project)
        assert (result.returncode, result.stdout, result.stderr) == (1, message + "\n", "")


def test_mkdocs_tags_are_read_without_running_anything(project: Path) -> None:
    """`!ENV` is read as MkDocs reads it; `!relative` and `!!python/name:` are not needed
    and not touched (the module named does not exist)."""
    (project / "mkdocs.yml").write_text(
        ZH_EN_SITE.replace(
            "  - rebuttal\n",
            "  - rebuttal:\n"
            "      database: !ENV [CLAIMS_DATABASE, data/claims.yaml]\n"
            "      allow_incomplete_translations: !ENV ALLOW_INCOMPLETE\n",
        )
        + "markdown_extensions:\n"
        "  - pymdownx.snippets: {base_path: !relative $config_dir}\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: x\n"
        "          class: x\n"
        "          format: !!python/name:no_such_module.run\n"
        "hooks: [!relative hooks.py]\n",
        encoding="utf-8",
    )
    assert run("check", cwd=project).stdout.splitlines()[0] == "data/claims.yaml: ok"
    (project / "data" / "other.yaml").write_text(
        VALID.replace("en: Aim big}", "fr: Aim big}"), "utf-8"
    )
    env = {"CLAIMS_DATABASE": "data/other.yaml", "ALLOW_INCOMPLETE": "true"}
    result = run("check", cwd=project, env=env)
    assert result.returncode == 0
    assert "data/other.yaml:23:7: note: claims[0].claim.title: missing translation `en`" in (
        result.stdout
    ), result.stdout


def test_a_closed_pipe_ends_quietly(project: Path) -> None:
    """`python -m mkdocs_rebuttal translations | head` stops when `head` has read enough."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        for command in (["translations"], ["check"], ["schema"], ["--help"]):
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs_rebuttal", *command],
                cwd=project,
                env={**os.environ, "PYTHONPATH": str(PLUGINS)},
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            assert result.stderr == "", command
            assert result.returncode in (0, 141), command
    finally:
        os.close(write)


def test_check_reports_references_the_engine_refuses_at_their_line_with_the_rest(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # pandoc refuses little that passes the schema; a refusal is made here: every list that
    # holds doe2020 fails, as pandoc would on data it cannot read.
    from mkdocs_rebuttal.citations import pandoc_engine

    real = pandoc_engine.format_list

    def refusing(references: Any, order: Any, *args: Any, **options: Any) -> Any:
        if "doe2020" in order:
            raise pandoc_engine.PandocError("pandoc failed: cannot read doe2020")
        return real(references, order, *args, **options)

    monkeypatch.setattr(pandoc_engine, "format_list", refusing)
    database = project / "data" / "claims.yaml"
    text = database.read_text(encoding="utf-8")
    database.write_text(text.replace("    counterclaim:\n", "    counterclam:\n", 1), "utf-8")
    assert main(["check", str(database)]) == 1
    out = capsys.readouterr().out
    assert "unknown field `counterclam`" in out
    assert ":56:3: error: references.doe2020: the citation engine cannot format it: pandoc " in out
    assert "roe2021: the citation engine" not in out
