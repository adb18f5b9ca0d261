"""Write the generated pages out as plain Markdown files, with a configuration that needs no
plugin of ours to build them: for MkDocs without this plugin, for its successors that run no
MkDocs plugins, or to keep the content readable as files.

The pages are the plugin's own, made by the same code in the same way; only where they live
changes. The export is a folder with:

- `docs/`: a copy of `docs_dir`, plus every generated page (`claims/aim-big.zh.md`, ...) with
  its argument map, the bibliography's downloads and the plugin's stylesheet;
- the theme's `custom_dir`, when it has one;
- `mkdocs.yml`: the site's configuration without this plugin, reading `docs/`.

What the plugin does besides the pages is not exported: the sidebar's order and the title
of the claims' section, the sitemaps beside every page that Material's language selector
looks for, the JSON-LD of the pair pages, and the sanitizing of the HTML made from the
database (the export stops instead when a page would need it).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError

from ..pages.sanitize import sanitize_html
from ..plugin.hooks import CSS, CSS_SOURCE, JS, JS_SOURCE, TEMPLATES, RebuttalPlugin
from .mkdocs_yaml import TaggedDumper, TaggedLoader


class ExportError(Exception):
    """The site cannot be exported; the message says why."""


@dataclass(frozen=True)
class Exported:
    config_file: Path  # the exported mkdocs.yml
    pages: list[str]  # the generated pages written, by source path


def export(config_file: str | Path, out_dir: str | Path) -> Exported:
    """Export the site of `config_file` into `out_dir`, which must be new or empty."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} is not an empty folder: choose a new one")
    try:
        config = load_config(os.fspath(config_file))
    except ConfigurationError as error:
        raise ExportError(str(error)) from None
    name, plugin = _our_plugin(config)
    plugin.on_config(config)
    try:
        pages = plugin.generated_pages(config)
    except PluginError as error:
        raise ExportError(str(error)) from None
    _refuse_unsafe(pages, config)

    docs = out / "docs"
    shutil.copytree(config.docs_dir, docs)
    assert plugin.site is not None
    # Hand-written pages that ask for the verdicts table get it written in.
    for path in docs.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        source = path.relative_to(docs).as_posix()
        filled = plugin.site.with_previews(source, plugin.site.with_verdicts(source, text))
        if filled != text:
            path.write_text(filled, encoding="utf-8")
    for src, content in pages.items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        # The citations' previews are a script of the plugin's own, checked above without it.
        path.write_text(plugin.site.with_previews(src, content), encoding="utf-8")
    # The downloads the bibliography links to (references.bib, ...), beside it.
    for download in plugin.site.downloads:
        path = docs / plugin.site.downloads_folder / download.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(download.content, encoding="utf-8")
    (docs / CSS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CSS_SOURCE, docs / CSS)
    shutil.copyfile(JS_SOURCE, docs / JS)

    raw = _read_raw(Path(config.config_file_path))
    custom_dir = config.theme.custom_dir
    folder = Path(custom_dir).name if custom_dir else "overrides"
    if custom_dir:
        shutil.copytree(custom_dir, out / folder)
    raw["theme"]["custom_dir"] = folder
    # The plugin's 404 page in every language, its words written into the template; a
    # site's own 404 page comes first, as in a build with the plugin.
    not_found = out / folder / "404.html"
    if not not_found.exists():
        assert plugin.languages is not None
        words = plugin.not_found_words(config, plugin.languages.default)
        template = (TEMPLATES / "404.html").read_text(encoding="utf-8")
        not_found.parent.mkdir(parents=True, exist_ok=True)
        not_found.write_text(
            "{% set rebuttal_not_found = "
            + json.dumps(words, ensure_ascii=False)
            + " %}\n"
            + template,
            encoding="utf-8",
        )
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)
    raw["plugins"] = list(_without(raw.get("plugins"), name))
    extra_css = raw.setdefault("extra_css", [])
    if CSS not in extra_css:
        extra_css.append(CSS)
    extra_javascript = raw.setdefault("extra_javascript", [])
    if JS not in extra_javascript:
        extra_javascript.append(JS)
    if not plugin.pairs_in_nav():
        # The plugin keeps the pairs out of the sidebar, which each page embeds whole: with
        # thousands of pairs, listing them makes the build grow with the square of their
        # number. MkDocs does the same from these patterns.
        folder = plugin.layout.claims_dir
        raw["not_in_nav"] = f"/{folder}/*.md\n!/{folder}/index.md\n!/{folder}/index.*.md\n"
    written = out / "mkdocs.yml"
    with open(written, "w", encoding="utf-8") as f:
        f.write(_HEADER)
        yaml.dump(raw, f, Dumper=TaggedDumper, allow_unicode=True, sort_keys=False, width=100)
    return Exported(written, sorted(pages))


_HEADER = (
    "# Exported by `python -m mkdocs_rebuttal export`: the pages generated from the claims\n"
    "# database are files under docs/, and this configuration builds them without the plugin.\n"
)


def _our_plugin(config: MkDocsConfig) -> tuple[str, RebuttalPlugin]:
    for name, plugin in config.plugins.items():
        if isinstance(plugin, RebuttalPlugin):
            return name, plugin
    raise ExportError(f"{config.config_file_path} does not use the rebuttal plugin")


def _refuse_unsafe(pages: Mapping[str, str], config: MkDocsConfig) -> None:
    """The plugin removes unsafe links from the HTML of the pages it generates; a build of the
    export would not. Stop if any page needs it, so that what is exported is what is shown."""
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    unsafe = []
    for src, content in pages.items():
        html = md.reset().convert(content.split("\n---\n", 1)[-1])
        if sanitize_html(html) != html:
            unsafe.append(src)
    if unsafe:
        raise ExportError(
            "these pages hold links or markup that the plugin removes and a build without it "
            f"would keep; correct the database first: {', '.join(sorted(unsafe))}"
        )


def _without(plugins: Any, name: str) -> Iterator[Any]:
    """The `plugins` of a raw configuration, list or mapping, without the one named `name`."""
    if isinstance(plugins, dict):
        plugins = [{key: value} for key, value in plugins.items()]
    for entry in plugins or ():
        entry_name = entry if isinstance(entry, str) else next(iter(entry), None)
        if entry_name != name:
            yield entry


# The configuration is read as written, not as MkDocs reads it: `!ENV` and the other tags stay
# tags, for the build of the export to resolve.


def _read_raw(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        raw = yaml.load(f, Loader=TaggedLoader)
    if not isinstance(raw, dict):
        raise ExportError(f"{path} is not a mapping")
    if "INHERIT" in raw:
        raise ExportError(f"{path} inherits from another file: merge them before exporting")
    raw.setdefault("theme", {})
    if isinstance(raw["theme"], str):
        raw["theme"] = {"name": raw["theme"]}
    return raw
