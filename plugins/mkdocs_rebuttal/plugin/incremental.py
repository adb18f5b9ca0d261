"""`mkdocs serve --dirty` made exact: each rebuild renders only the pages whose output changes.

MkDocs' dirty build skips a page when `File.is_modified()` says so, from file times. That is
wrong both ways here: a page generated in memory is always "modified", and a page whose file
did not change may still need building because its context did (the sidebar, its previous and
next pages). It also leaves Material's search index holding the entries of the rebuilt pages
alone, and the pages of a removed pair in the site folder. This module answers
`is_modified()` for every page of each language build instead, from what the page's output
depends on:

- the build's frame: `mkdocs.yml`, the language, the site's address, the theme's `custom_dir`,
  the build date and the list of files (every page's address and its translations follow
  from it). When it changed, the site folder is cleaned and everything is built;
- the page's own source: its Markdown, and for a generated page its map and JSON-LD;
- its context: the titles and addresses of the sidebar, and its previous and next pages.

A page whose frame and source are unchanged is not read; it gets back the title, meta and
anchors that other pages' sidebars and link checks read from it. Once every page is read (at
`on_env`), a skipped page whose context changed is read and rendered after all. Search
entries are kept per page and put back in the order a full build gives them, before the
search plugin or static-i18n reads them. A failed build forgets everything: the next one is
full.

This leans on Material's search plugin (`is_dirty`, `search_index.entries`) and on MkDocs
1.6 (`Page.title` may be set, `present_anchor_ids`): `check` says so at `on_config` when one
of them is missing, and the tests compare every file of a served site with a full build.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_build_date

from ..pages.site import VERDICTS_MARKER, Site

log = get_plugin_logger(__name__)

SEARCH = "search"
# The keys of a page's meta that Material's sidebar shows (partials/nav-item.html).
NAV_META = ("icon", "status", "subtitle")
Entries = list[dict[str, Any]]


@dataclass
class _Record:
    """What the last build of a page left for the next one."""

    source: bytes
    context: bytes
    title: str | None
    meta: MutableMapping[str, Any]
    anchors: set[str] | None
    entries: Entries


@dataclass
class _Build:
    """One language's build in progress."""

    language: str
    files: Files
    sources: dict[str, bytes]
    previous: dict[str, _Record]
    reading: bool = True
    rendered: set[str] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)
    contexts: dict[str, bytes] = field(default_factory=dict)
    order: list[Page] = field(default_factory=list)
    indexed: dict[str, Entries] = field(default_factory=dict)
    nav: Navigation | None = None

    def fresh(self, src_uri: str) -> bool:
        """Whether the page must be read: its frame or its own source changed."""
        record = self.previous.get(src_uri)
        return record is None or record.source != self.sources[src_uri]


class Incremental:
    """The pages of the last build of each language, and the decisions of the current one."""

    def __init__(self) -> None:
        self.enabled = False
        self._where: tuple[str, str] | None = None
        self._pages: dict[str, dict[str, _Record]] = {}
        self._frames: dict[str, bytes] = {}
        self._outputs: dict[str, str] = {}
        self._listed = b""
        self._sitemap: bytes | None = None
        self._json_ld: dict[str, tuple[tuple[int | None, str, str], bytes]] = {}
        self._texts: dict[str, tuple[str, bytes]] = {}  # each generated page's Markdown, digested
        self._cleaned = False
        self._templates = _Templates()
        self._build: _Build | None = None
        self._mark = 0

    def check(self, config: MkDocsConfig, enabled: bool) -> None:
        """Turn the fast path on or off for this build; it needs Material's search plugin as
        this module knows it (or none)."""
        self.enabled = enabled
        if not enabled:
            self.forget()
            return
        where = (config.config_file_path or "", config.site_dir)
        if where != self._where:
            self.forget()
            self._where = where
        search = _search_plugin(config)
        if search is None:
            return
        index = getattr(search, "search_index", None)
        if not hasattr(search, "is_dirty") or not isinstance(getattr(index, "entries", None), list):
            raise PluginError(
                "The rebuttal plugin's fast `mkdocs serve --dirty` needs the search plugin of "
                "mkdocs-material 9.x (its `is_dirty` and `search_index.entries`), which this "
                f"`{SEARCH}` plugin does not have: serve without `--dirty`, or turn the "
                "plugin's `fast_serve` option off."
            )
        # Material merges the entries of a dirty build with the last index by the first
        # entry's address alone; this module gives it every entry instead.
        search.is_dirty = False

    def forget(self) -> None:
        """Drop what was kept: the next build is full."""
        self._pages.clear()
        self._frames.clear()
        self._outputs.clear()
        self._json_ld.clear()
        self._texts.clear()
        self._sitemap = None
        self._build = None

    def sources(self, site: Site, site_url: str) -> Callable[[File], bytes]:
        """What each page is made of, as a digest: a generated page's Markdown, map and
        JSON-LD; a hand-written page's file. A pair page's map and JSON-LD are only made
        again when the page was (its revision changed) or its address changed."""
        json_ld = self._json_ld
        texts = self._texts

        def text_digest(src_uri: str, markdown: str) -> bytes:
            # A page taken from the last version of the site keeps its Markdown, the same
            # string: its digest is not computed again (20,000 pages, at 10,000 pairs).
            found = texts.get(src_uri)
            if found is None or found[0] is not markdown:
                found = texts[src_uri] = (markdown, _digest(markdown))
            return found[1]

        def source(file: File) -> bytes:
            src_uri = file.src_uri
            markdown = site.pages.get(src_uri)
            if markdown is None or file.generated_by is None:
                content = file.content_bytes
                if VERDICTS_MARKER.encode() in content:
                    # A hand-written page showing the verdicts table changes with the debate.
                    text = site.with_verdicts(src_uri, file.content_string)
                    return _digest(text, site.previews.get(src_uri, ""))
                return _digest(content)
            made = (site.revisions.get(src_uri), site_url, file.url)
            known = json_ld.get(src_uri)
            if known is None or known[0] != made or made[0] is None:
                script = site.json_ld(src_uri, site_url, file.url) or ""
                known = json_ld[src_uri] = (made, _digest(script, site.map(src_uri)))
            return _digest(text_digest(src_uri, markdown), known[1])

        return source

    def listed(self, files: Files) -> None:
        """Every file of the site, before static-i18n picks a language's (`on_files`)."""
        if not self.enabled:
            return
        names = sorted(f"{file.src_uri}\0{file.generated_by or ''}" for file in files)
        self._listed = _digest("\n".join(names))

    def files(
        self,
        files: Files,
        config: MkDocsConfig,
        language: str,
        first: bool,
        source: Callable[[File], bytes],
    ) -> None:
        """Decide, for each page of this language's build, whether to read it. `first`: the
        first language of a rebuild; `source(file)`: the digest of what a page is made from."""
        if not self.enabled:
            return
        pages = files.documentation_pages()
        frame = _digest(
            self._listed,
            _config_bytes(config),
            language,
            config.site_url or "",
            get_build_date(),
            _tree_stamps(config.theme.custom_dir),
            *(f"{file.src_uri}\0{file.url}" for file in pages),
        )
        previous = self._pages.get(language, {})
        if self._frames.get(language) != frame or not self._still_there(language):
            previous = {}
            if first:
                # Pages may have gone, and with them their folders: as a clean build would.
                clean_directory(config.site_dir)
                self._cleaned = True
                self._pages.clear()
                self._frames.clear()
        self._frames[language] = frame
        self._mark = 0
        sources = {file.src_uri: source(file) for file in pages}
        build = _Build(language, files, sources, previous)
        self._build = build
        for file in pages:
            file.is_modified = _Verdict(self, file)  # type: ignore[method-assign]

    def environment(self, env: Environment) -> None:
        """Keep the compiled page templates between builds: every build makes a new Jinja
        environment, which would compile them again."""
        if self.enabled:
            env.bytecode_cache = self._templates

    def nav(self, nav: Navigation) -> None:
        if self._build is not None:
            self._build.nav = nav

    def verdict(self, file: File) -> bool:
        """`file.is_modified()`, asked by MkDocs' dirty build before reading a page, and again
        before writing it."""
        build = self._build
        if build is None:
            return True
        src_uri = file.src_uri
        if not build.reading:
            assert file.page is not None
            build.order.append(file.page)
            return src_uri in build.rendered
        if build.fresh(src_uri):
            build.rendered.add(src_uri)
            return True
        page = file.page
        assert page is not None
        record = build.previous[src_uri]
        # What other pages read from this one: the sidebar's titles, links' anchors.
        setattr(page, "title", record.title)  # noqa: B010 (a weak_property: settable)
        page.meta = record.meta
        page.present_anchor_ids = record.anchors
        build.skipped.add(src_uri)
        return False

    def read_late(self, config: MkDocsConfig, files: Files) -> None:
        """Once every page is read (`on_env`): read and render the skipped pages whose
        context changed, as MkDocs' `_populate_page` does."""
        build = self._build
        if build is None:
            return
        build.reading = False
        sidebar = _digest(*_nav_lines(build.nav.items if build.nav else []))
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            context = _digest(sidebar, _neighbour(page.previous_page), _neighbour(page.next_page))
            build.contexts[file.src_uri] = context
            if file.src_uri not in build.skipped or build.previous[file.src_uri].context == context:
                continue
            build.skipped.discard(file.src_uri)
            build.rendered.add(file.src_uri)
            _populate(page, config, files)

    def indexed(self, page: Page, config: MkDocsConfig) -> None:
        """After the search plugin indexed `page` (`on_page_context`): keep its entries."""
        build = self._build
        search = _search_plugin(config)
        if build is None or search is None:
            return
        entries = search.search_index.entries
        build.indexed[page.file.src_uri] = entries[self._mark :]
        self._mark = len(entries)

    def built(self, config: MkDocsConfig) -> None:
        """At the end of a language's build (`on_post_build`, before the search plugin and
        static-i18n read the index): every page's search entries, in the build's order; and
        what the next build compares with."""
        build = self._build
        if build is None:
            return
        self._build = None
        if not build.order:  # not a dirty build: MkDocs read and wrote every page
            build.order = [f.page for f in build.files.documentation_pages() if f.page]
            build.rendered = {page.file.src_uri for page in build.order}
        records: dict[str, _Record] = {}
        merged: Entries = []
        for page in build.order:
            src_uri = page.file.src_uri
            if src_uri in build.skipped:
                record = build.previous[src_uri]
                entries = record.entries
            else:
                entries = build.indexed.get(src_uri, [])
                record = _Record(
                    build.sources[src_uri],
                    b"",
                    page.title,
                    page.meta,
                    page.present_anchor_ids,
                    entries,
                )
            record.context = build.contexts.get(src_uri, b"")
            records[src_uri] = record
            merged += entries
        self._pages[build.language] = records
        log.info(
            "%s: %d of %d pages rebuilt", build.language, len(build.rendered), len(build.order)
        )
        if build.order:
            self._outputs[build.language] = build.order[0].file.abs_dest_path
        search = _search_plugin(config)
        if search is not None:
            search.search_index.entries[:] = merged

    def sitemaps_stale(self, site_dir: str) -> bool:
        """Whether the copies of `sitemap.xml` beside each page need writing again."""
        if not self.enabled:
            return True
        try:
            sitemap = Path(site_dir, "sitemap.xml").read_bytes()
        except OSError:
            sitemap = None
        stale = self._cleaned or sitemap != self._sitemap
        self._sitemap = sitemap
        self._cleaned = False
        return stale

    def _still_there(self, language: str) -> bool:
        # Not so after a build without --dirty, which cleans the site folder first.
        output = self._outputs.get(language)
        return output is not None and os.path.isfile(output)


class _Templates(BytecodeCache):
    """Compiled templates in memory, by Jinja's key (template name and source checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _Verdict:
    """Stands in for one page's `File.is_modified`."""

    def __init__(self, incremental: Incremental, file: File) -> None:
        self._incremental = incremental
        self._file = file

    def __call__(self) -> bool:
        return self._incremental.verdict(self._file)


def _populate(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and render a page as MkDocs' build does (`mkdocs.commands.build._populate_page`)."""
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    page.render(config, files)
    assert page.content is not None
    page.content = config.plugins.on_page_content(
        page.content, page=page, config=config, files=files
    )


def _search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin, None when there is none or it is turned off."""
    plugin = config.plugins.get(SEARCH) or config.plugins.get(f"material/{SEARCH}")
    options = getattr(plugin, "config", None)
    if plugin is None or (options is not None and not options.get("enabled", True)):
        return None
    return plugin


def _nav_lines(items: list[Any], depth: int = 0) -> list[str]:
    """What every page's sidebar shows of each item: title, address, and for a page what
    Material's sidebar reads of its meta."""
    lines = []
    for item in items:
        kind = type(item).__name__
        url = getattr(item, "url", "") if isinstance(item, (Page, Link)) else ""
        meta = repr([item.meta.get(key) for key in NAV_META]) if isinstance(item, Page) else ""
        lines.append(f"{depth}\0{kind}\0{item.title}\0{url}\0{meta}")
        if isinstance(item, Section):
            lines += _nav_lines(item.children, depth + 1)
    return lines


def _neighbour(page: Page | None) -> str:
    return "" if page is None else f"{page.title}\0{page.url}"


def _config_bytes(config: MkDocsConfig) -> bytes:
    path = config.config_file_path
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def _tree_stamps(folder: str | None) -> str:
    if not folder:
        return ""
    stamps = []
    for root, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(root, name))
            stamps.append(f"{root}/{name}\0{stat.st_mtime_ns}\0{stat.st_size}")
    return "\n".join(sorted(stamps))


def _digest(*parts: str | bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


class _QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build is inaccurate: this one is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(_DIRTY_MESSAGES)


_DIRTY_MESSAGES = ("A 'dirty' build is being performed", "The directory contains stale files")
_QUIET = _QuietDirty()


def quiet_dirty_builds(quiet: bool) -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if quiet:
        logger.addFilter(_QUIET)
    else:
        logger.removeFilter(_QUIET)
