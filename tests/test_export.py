"""The exported pages build with MkDocs and static-i18n alone into the same site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml.html import HtmlElement

from mkdocs_rebuttal.cli.export import ExportError, export

from sitecheck import Site, build_site

ROOT = Path(__file__).resolve().parent.parent
OTHER = Path(__file__).parent / "sites" / "other-debate"
PLUGINS = ROOT / "plugins"


def html_pages(site: Site) -> set[str]:
    return {p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html")}


def content(page: HtmlElement) -> str:
    """The page's text as a reader sees it; the exported pages get edit buttons, and carry
    the previews of their citations (data for a script) in the content, not in the head."""
    for button in page.cssselect("a.md-content__button, script.rb-previews"):
        button.drop_tree()
    return " ".join(page.text_content().split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "seed"
    export(ROOT / "mkdocs.yml", out)
    return out


@pytest.fixture(scope="module")
def exported_site(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(exported / "mkdocs.yml", tmp_path_factory.mktemp("exported-site"))


def test_the_export_does_not_use_the_plugin(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text("utf-8"))
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "i18n"]
    assert config["docs_dir"] == "docs"
    assert "assets/mkdocs-rebuttal/rebuttal.css" in config["extra_css"]
    assert (exported / "docs" / "assets" / "mkdocs-rebuttal" / "rebuttal.css").is_file()
    assert (exported / "docs" / "claims" / "aim-big.en.md").is_file()
    assert (exported / "overrides" / "404.html").is_file()


def test_the_export_builds_the_same_pages(seed_site: Site, exported_site: Site) -> None:
    assert html_pages(exported_site) == html_pages(seed_site)
    for page in seed_site.pages():
        if page.url in ("404.html", "en/404.html"):
            continue  # the plugin keeps the default language's; a build without it cannot
        theirs = exported_site.page(page.url)
        previews = [s.text for s in page.tree.cssselect("script.rb-previews")]
        assert [s.text for s in theirs.tree.cssselect("script.rb-previews")] == previews
        assert content(theirs.content()) == content(page.content()), page.url
        assert theirs.lang == page.lang, page.url


def test_every_link_of_the_exported_site_resolves(exported_site: Site) -> None:
    broken = [
        f"/{page.url}: {reference}: {why}"
        for page in exported_site.pages()
        for reference in page.references()
        if (why := exported_site.broken(page, reference))
    ]
    assert not broken, "\n".join(broken)


def test_pairs_the_plugin_keeps_out_of_the_sidebar_stay_out(tmp_path: Path) -> None:
    export(OTHER / "mkdocs.yml", tmp_path / "export")
    config = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text("utf-8"))
    assert config["not_in_nav"] == "/arguments/*.md\n!/arguments/index.md\n!/arguments/index.*.md\n"
    site = build_site(tmp_path / "export" / "mkdocs.yml", tmp_path / "site")
    for prefix in ("", "en/"):
        sidebar = " ".join(site.page(prefix).links("nav.md-nav--primary a"))
        assert "arguments/" in sidebar and "always-pretrain" not in sidebar
        assert site.has(f"{prefix}arguments/always-pretrain/")


def test_the_folder_must_be_new_or_empty(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(ExportError, match="is not an empty folder"):
        export(OTHER / "mkdocs.yml", tmp_path / "export")
    assert [p.name for p in (tmp_path / "export").iterdir()] == ["notes.txt"]


def test_a_page_that_needs_sanitizing_is_not_exported(tmp_path: Path) -> None:
    shutil.copytree(OTHER, tmp_path / "project")
    database = tmp_path / "project" / "data" / "debate.yaml"
    database.write_text(
        database.read_text("utf-8").replace(
            "en: The result is for COCO detection and segmentation.",
            'en: "The result is for [COCO](javascript:alert(1))."',
        ),
        "utf-8",
    )
    with pytest.raises(ExportError) as caught:
        export(tmp_path / "project" / "mkdocs.yml", tmp_path / "export")
    assert str(caught.value).endswith("correct the database first: arguments/always-pretrain.en.md")
    assert not (tmp_path / "export").exists()


def test_the_export_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs_rebuttal",
            "export",
            "out",
            "--config",
            str(OTHER / "mkdocs.yml"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        # 3 pairs, the index, the bibliography, the map and the translation status, in 2 languages
        "14 generated pages written; build them without the plugin with "
        "`mkdocs build -f out/mkdocs.yml`\n"
    )
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs_rebuttal",
            "export",
            "out",
            "--config",
            str(OTHER / "mkdocs.yml"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1
    assert again.stderr == "error: out is not an empty folder: choose a new one\n"


def test_the_exported_configuration_keeps_mkdocs_tags_as_mkdocs_reads_them() -> None:
    # Material's emoji settings name Python functions, and sites read secrets from the
    # environment: written back with their tags, MkDocs reads the same values.
    from mkdocs.utils.yaml import yaml_load

    from mkdocs_rebuttal.cli.mkdocs_yaml import TaggedDumper, TaggedLoader

    written = (
        "site_name: !ENV [NO_SUCH_VARIABLE_HERE, Fallback name]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    exported = yaml.dump(yaml.load(written, Loader=TaggedLoader), Dumper=TaggedDumper)
    assert yaml_load(exported) == yaml_load(written)
