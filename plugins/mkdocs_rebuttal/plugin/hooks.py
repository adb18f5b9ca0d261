"""MkDocs hooks: read the database, put the pages `generate_site` makes into each build.

Every page and file comes from `pages.site.generate_site`, made once per version of the
database (static-i18n builds the whole site again for every language, and `mkdocs serve`
rebuilds on every save of any file); the hooks only hand its parts to MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..citations.bibliography import Bibliography, PandocError, cite_requests
from ..citations.settings import locale_for, style_for
from ..database import reference_files
from ..database.citation_syntax import parse as parse_citations
from ..database.loader import Reloading, load_database
from ..database.model import Debate
from ..database.problems import DatabaseError
from ..pages import site_options
from ..pages.layout import Layout
from ..pages.markdown import Bibliographies
from ..pages.sanitize import sanitize_html
from ..pages.site import Site, generate_site
from ..pages.strings import built_in, strings_for
from .i18n import SiteLanguages
from .i18n_files import remember_i18n_files
from .incremental import Incremental, quiet_dirty_builds
from .nav import GENERATED_BY, order_nav
from .options import RebuttalConfig
from .sitemaps import write_page_sitemaps
from .watching import watch_file_events

log = get_plugin_logger(__name__)

CSS = "assets/mkdocs-rebuttal/rebuttal.css"
CSS_SOURCE = Path(__file__).parents[1] / "assets" / "rebuttal.css"
# Citation previews; the citations stay plain links without it.
JS = "assets/mkdocs-rebuttal/rebuttal.js"
JS_SOURCE = Path(__file__).parents[1] / "assets" / "rebuttal.js"
TEMPLATES = Path(__file__).parent / "templates"
_NOTHING: Template = Template("")


class RebuttalPlugin(BasePlugin[RebuttalConfig]):
    def __init__(self) -> None:
        self.languages: SiteLanguages | None = None
        self.layout = Layout()
        self.serving = False
        self.dirty = False
        self.incremental = Incremental()
        self.words: dict[str, dict[str, str]] = {}
        # The site made from the database, kept while the database and options are unchanged.
        self._version: tuple[Any, ...] | None = None
        self._failed_version: tuple[Any, ...] | None = None
        self.debate: Debate | None = None
        self.site: Site | None = None
        self._bibliographies: dict[tuple[str, str, str | None], Bibliography] = {}
        self._cache_dir: str | None = None
        self._root = ""
        self._plugin = "rebuttal"  # its name in mkdocs.yml, for messages
        self._file = "mkdocs.yml"  # the configuration file, for messages
        self._warned: set[tuple[str, int]] = set()
        self._server: LiveReloadServer | None = None
        self._watched: set[str] = set()
        self._named: tuple[str, ...] = ()  # the BibTeX and CSL-JSON files the database names
        self._reloading = Reloading()  # the database's last load: read again where edited

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        # Material's search segments Chinese with jieba, which reports its dictionary
        # loading on stderr at every build; only its problems are worth a reader's time.
        logging.getLogger("jieba").setLevel(logging.WARNING)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._root = os.path.dirname(config.config_file_path or "")
        self._plugin = self._name(config)
        self._file = os.path.basename(config.config_file_path or "mkdocs.yml")
        self.languages = SiteLanguages(config, self.config.languages, self._plugin, self._file)
        # The same checks as `python -m mkdocs_rebuttal check` makes, in the same words.
        found = list(
            site_options.problems(
                self.config, self.languages.codes, self._root or ".", self._plugin
            )
        )
        if found:
            raise PluginError("\n".join(f"{self._file}: {problem}" for problem in found))
        self.layout = site_options.layout(self.config, self._plugin)
        self.words = {language: self._words(language) for language in self.languages.codes}
        cache = self.config.cache_dir
        self._cache_dir = os.path.join(self._root, cache) if cache else None
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS)
        # The plugin's 404 page, in every language of the site, unless the site has its own
        # (its custom_dir comes first).
        if str(TEMPLATES) not in config.theme.dirs:
            at = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(at, str(TEMPLATES))
        fast = self.serving and self.dirty and self.config.fast_serve
        self.incremental.check(config, fast)
        quiet_dirty_builds(fast)
        remember_i18n_files(fast)
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # `mkdocs serve` watches only docs_dir and mkdocs.yml. A BibTeX file the database
        # names later is watched from the build that first reads it (`_watch`).
        self._server = server
        if self.config.fast_serve:
            watch_file_events(server)
        self._watch(self.config.database)
        for named in _named(self.debate):
            self._watch(named)
        for given in self.config.strings.values():
            if isinstance(given, str):
                server.watch(os.path.join(self._root, given))
        return server

    def _watch(self, path: str | None) -> None:
        """Watch the folder of a file (not recursively): MkDocs' watcher stops watching a file
        once it is deleted, and would never see it come back or come at all. Only a folder
        the database may read from: the watcher polls every file in it."""
        if self._server is None or not path:
            return
        folder = os.path.dirname(os.path.abspath(path))
        if folder in self._watched or not os.path.isdir(folder):
            return
        project = reference_files.project_folder(self.config.database, self._root or ".")
        if self.config.allow_files_outside_project or reference_files.inside(folder, project):
            self._watched.add(folder)
            self._server.watch(folder, recursive=False)

    # static-i18n (priority -100) replaces every File with one of its own, made from the
    # source path alone, and drops files that it cannot place inside docs_dir. So the pages
    # are announced before it as if they were files in docs_dir, and their content is put
    # back into its replacements after it.

    @event_priority(-90)
    def _announce_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        site = self._refresh(config)
        inclusion = InclusionLevel.UNDEFINED if self.pairs_in_nav() else InclusionLevel.NOT_IN_NAV
        for src_uri in site.pages:
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"{Path(config.docs_dir, src_uri)} would be replaced by a page generated "
                    f"from {self.config.database}: rename the file or change the plugin's "
                    "`claims_dir` / `bibliography` options."
                )
            file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            if src_uri in site.pair_pages:
                file.inclusion = inclusion
            files.append(file)
        self.incremental.listed(files)
        return files

    @event_priority(-110)
    def _fill_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        site = self._refresh(config)
        for file in files:
            content = site.pages.get(file.src_uri)
            if content is not None:
                file.content_string = content
                file.generated_by = GENERATED_BY
        files.append(File.generated(config, CSS, abs_src_path=str(CSS_SOURCE)))
        files.append(File.generated(config, JS, abs_src_path=str(JS_SOURCE)))
        # Not pages, so static-i18n, already done, leaves them alone: every language's build
        # has them at the site's root, where its bibliography's links find them.
        for download in site.downloads:
            name = f"{site.downloads_folder}/{download.name}"
            files.append(File.generated(config, name, content=download.content))
        assert self.languages is not None
        language = self._language()
        sources = self.incremental.sources(site, config.site_url or "")
        self.incremental.files(files, config, language, language == self.languages.default, sources)
        return files

    on_files = CombinedEvent(_announce_pages, _fill_pages)

    @event_priority(-110)  # after static-i18n has made the navigation of this language
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.incremental.nav(nav)
        if self.debate is None or config.nav:
            return nav  # a hand-written `nav:` is the author's order
        words = self.words[self._language()]
        order_nav(nav, [pair.id for pair in self.debate.pairs], self.layout, words["index_title"])
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["rebuttal_not_found"] = self.not_found_words(config, self._language())
        # Every page is read by now: the context of each (sidebar, neighbours) is known.
        self.incremental.read_late(config, files)
        self.incremental.environment(env)
        return env

    def not_found_words(self, config: MkDocsConfig, own: str) -> list[dict[str, str]]:
        """What the 404 page says in each language, `own` first, and where it leads."""
        assert self.languages is not None
        addresses = self.languages.addresses(config)
        return [
            {
                "language": language,
                "title": self.words[language]["not_found_title"],
                "text": self.words[language]["not_found_text"],
                "home": self.words[language]["home"],
                "index": self.words[language]["not_found_index"],
                "home_url": addresses.url("index.md", language),
                "index_url": addresses.url(self.layout.index(), language),
            }
            for language in sorted(self.languages.codes, key=lambda code: code != own)
        ]

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # A hand-written page may ask for the table of every pair and its verdicts.
        if self.site is None or page.file.generated_by == GENERATED_BY:
            return markdown
        return self.site.with_verdicts(page.file.src_uri, markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.generated_by != GENERATED_BY or self.site is None:
            return html  # hand-written pages are the site author's, not the database's
        # Once in the page, a map need not be kept, but by `mkdocs serve` for the next version.
        return self.site.with_map(page.file.src_uri, sanitize_html(html), keep=self.serving)

    @event_priority(-100)  # after the search plugin (0) and static-i18n (50) saw the page
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        self.incremental.indexed(page, config)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # JSON-LD and the citations' previews are scripts, which sanitize_html removes: they
        # go in after it. (A hand-written page with the verdicts table has previews too.)
        if self.site is None:
            return output
        _release(page)
        script = self.site.head(page.file.src_uri, config.site_url or "", page.url)
        if not script or "</head>" not in output:
            return output
        at = output.index("</head>")
        return output[:at] + script + "\n" + output[at:]

    def on_pre_template(
        self, template: Template, /, *, template_name: str, config: MkDocsConfig
    ) -> Template:
        # static-i18n builds every language into the same site_dir, so the 404 page of the
        # language built last would replace the default language's at the root, the only one
        # a static host serves. MkDocs writes no file for an empty template; an empty one is
        # not worth rendering the whole page for.
        assert self.languages is not None
        if template_name == "404.html" and self._language() != self.languages.default:
            return _NOTHING
        return template

    # Before the search plugin (0) writes its index and static-i18n (-100) collects it.
    @event_priority(10)
    def _complete_index(self, *, config: MkDocsConfig) -> None:
        self.incremental.built(config)

    @event_priority(-110)  # after static-i18n, whose on_post_build builds the other languages
    def _write_sitemaps(self, *, config: MkDocsConfig) -> None:
        assert self.languages is not None
        if not (self.languages.translated and self.languages.last_build()):
            return
        if self.incremental.sitemaps_stale(config.site_dir):
            write_page_sitemaps(Path(config.site_dir), config.site_url or "")

    on_post_build = CombinedEvent(_complete_index, _write_sitemaps)

    def on_build_error(self, *, error: Exception) -> None:
        self.incremental.forget()  # pages may be half written: the next build is full

    def generated_pages(self, config: MkDocsConfig) -> dict[str, str]:
        """The Markdown of every generated page, by source path (`claims/aim-big.zh.md`), as
        a build without the plugin needs it: with the maps in place."""
        site = self._refresh(config)
        return {source: site.markdown(source) for source in site.pages}

    def pairs_in_nav(self) -> bool:
        mode = self.config.claims_in_nav
        if mode == "auto":
            return self.debate is not None and len(self.debate.pairs) <= self.config.nav_limit
        return mode == "always"

    # Internals ---------------------------------------------------------------------------

    def _refresh(self, config: MkDocsConfig) -> Site:
        assert self.languages is not None
        path = self.config.database
        shown = self._shown(path)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as error:
            message = f"Cannot read the claims database {shown}: {error.strerror}"
            if self.serving and self.site is not None:
                # A save that replaces the file, or a checkout, leaves it missing a moment;
                # a build that stopped here would leave every request waiting.
                log.error("%s\nThe site still shows the last valid version.", message)
                return self.site
            raise PluginError(message) from None
        # By content, not modification time and size: `cp -p`, a checkout or a coarse clock
        # can change a file and keep both.
        version: tuple[Any, ...] = (
            path,
            hashlib.sha256(raw).digest(),
            self.languages.codes,
            self.layout,
            config.use_directory_urls,
            repr(sorted(self.config.items())),
        )
        # The references may live in a BibTeX or CSL-JSON file the database names; they
        # count too. Those named last, even by a version that failed (a file named before it
        # exists).
        named = self._named
        version = (*version, named, tuple(_digest(file) for file in named))
        if self.site is not None and version in (self._version, self._failed_version):
            return self.site  # unchanged; a bad version has been reported already
        project = None
        if not self.config.allow_files_outside_project:
            project = reference_files.project_folder(path, self._root or ".")
        try:
            loaded = load_database(
                path,
                self.languages.codes,
                name=shown,
                allow_incomplete_translations=self.config.allow_incomplete_translations,
                project=project,
                raw=raw,
                reloading=self._reloading if self.serving else None,
            )
            debate = loaded.debate
            references = self._format(debate)
            site = generate_site(
                debate,
                loaded.languages,
                references,
                self.words,
                loaded.translations,
                self.layout,
                self.languages.addresses(config),
                self.config.map_limit,
                config.repo_url,
                config.site_url or "",
                previous=self.site if self.serving else None,
                serving=self.serving,
            )
        except (DatabaseError, ValueError, OSError) as error:
            # DatabaseError: the report of every problem in the file. ValueError: a reference
            # the citation engine cannot format (it names the key and the field).
            report = str(error) if isinstance(error, DatabaseError) else f"{shown}: error: {error}"
            if isinstance(error, DatabaseError):
                # A file named before it exists: seen, and read, once it does.
                self._named = error.named
                for file in error.named:
                    self._watch(file)
                version = (*version[:-2], error.named, tuple(_digest(f) for f in error.named))
            if self.serving and self.site is not None:
                # Keep serving the last good site; the next good save recovers.
                self._failed_version = version
                log.error("%s\nThe site still shows the last valid version.", report)
                return self.site
            raise PluginError(report) from None
        for problem in loaded.problems:
            # Notes are translation gaps that the site allows: worth knowing, not failing on.
            log.log(logging.INFO if problem.severity == "note" else logging.WARNING, "%s", problem)
        self.debate = debate
        self.site = site
        self._named = _named(debate)
        self._version = (*version[:-2], self._named, tuple(_digest(f) for f in self._named))
        for file in self._named:
            self._watch(file)
        self._failed_version = None
        log.info(
            "%s: %d pairs, %d references, %d pages in %s",
            shown,
            len(debate.pairs),
            len(debate.references),
            len(site.pages),
            ", ".join(self.languages.codes),
        )
        return site

    def _format(self, debate: Debate) -> dict[str, Bibliographies]:
        assert self.languages is not None
        formatted = {}
        made = stored = 0
        # Every in-text citation of the site, formatted with the list: one engine run per
        # style and locale, not one per page.
        statements = [s for pair in debate.pairs for s in pair.statements()]
        statements += [debate.conclusion] if debate.conclusion else []
        clusters = [
            cluster
            for statement in statements
            for text in statement.text.values()
            if isinstance(text, str)
            for cluster in parse_citations(text).clusters
        ]
        for language in self.languages.codes:
            bibliography = self._bibliography(language)
            entries = bibliography.format(
                debate.references,
                debate.citation_order(),
                cite_requests(clusters, bibliography.numeric),
            )
            made += bibliography.formatted
            stored += bibliography.stored
            formatted[language] = Bibliographies(
                {e.key: e for e in entries},
                bibliography.numeric,
                bibliography.citations(debate.references, entries),
            )
        # Formatting is the slow part of a large bibliography: say where entries came from.
        if self._cache_dir and (made or stored):
            log.info(
                "References: %d entries formatted, %d read from %s",
                made,
                stored,
                self.config.cache_dir,
            )
        elif made:
            log.info("References: %d entries formatted", made)
        return formatted

    def _bibliography(self, language: str) -> Bibliography:
        try:
            style = style_for(language, self.config.styles.get(language))
            locale = locale_for(language, self.config.locales.get(language))
        except ValueError as error:
            option = "locales" if "locale" in str(error) else "styles"
            raise PluginError(
                f"{self._file}: the `{self._plugin}` plugin's `{option}` option for "
                f"`{language}`: {error} (write `{option}: {{{language}: ...}}`)"
            ) from None
        key = (style, locale, self._cache_dir)
        if key not in self._bibliographies:
            try:
                self._bibliographies[key] = Bibliography(style, locale, cache_dir=self._cache_dir)
            except PandocError as error:
                raise PluginError(
                    f"The `{self._plugin}` plugin formats references with {error}"
                ) from None
            except ValueError as error:
                raise PluginError(
                    f"{self._file}: the `{self._plugin}` plugin's `styles` option for "
                    f"`{language}`: {error}"
                ) from None
        return self._bibliographies[key]

    def _words(self, language: str) -> dict[str, str]:
        try:
            given = site_options.words(
                self.config.strings.get(language), language, self._root or ".", self._plugin
            )
        except site_options.OptionError as error:
            raise PluginError(f"{self._file}: {error}") from None
        words = strings_for(language, given)
        if not built_in(language):
            missing = sorted(set(words) - set(given or {}))
            # static-i18n reads the configuration once per language: say it once.
            if missing and (language, len(missing)) not in self._warned:
                self._warned.add((language, len(missing)))
                log.warning(
                    "No interface words for `%s`: %d of them are shown in English (%s, ...). "
                    "Give them in a file named by the plugin's `strings` option, e.g. "
                    "`strings: {%s: strings/%s.yml}`; "
                    "`python -m mkdocs_rebuttal strings en` prints the English ones.",
                    language,
                    len(missing),
                    ", ".join(missing[:3]),
                    language,
                    language,
                )
        return words

    def _language(self) -> str:
        assert self.languages is not None
        return self.languages.current()

    def _name(self, config: MkDocsConfig) -> str:
        return next((name for name, plugin in config.plugins.items() if plugin is self), "rebuttal")

    def _shown(self, path: str) -> str:
        """`path` as the user wrote it: relative to mkdocs.yml when it is inside the project."""
        relative = os.path.relpath(path, self._root) if self._root else path
        return path if relative.startswith("..") else relative


def _release(page: Page) -> None:
    """Let a generated page's Markdown and HTML go once its output is made: MkDocs keeps every
    page until the build ends, static-i18n the first language's while it builds the others.
    What later pages read from it stays: its title (the sidebar, previous / next links),
    meta, table of contents and anchors."""
    setattr(page, "title", page.title)  # noqa: B010 (a weak_property: settable)
    page.markdown = None
    page.content = None


def _named(debate: Debate | None) -> tuple[str, ...]:
    """The files a debate's references were read from besides the database."""
    return tuple(file for file in (debate.bibtex, debate.csl) if file) if debate else ()


def _digest(path: str | None) -> bytes | None:
    """What a regular file holds, to tell whether to read it again; None for anything
    else (the loader says what is wrong with it)."""
    if not path:
        return None
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return hashlib.sha256(f.read(reference_files.MAX_BYTES + 1)).digest()
    except OSError:
        return None
