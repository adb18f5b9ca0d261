"""Everything the plugin knows about mkdocs-static-i18n, and about sites without it.

static-i18n (`docs_structure: suffix`) builds the site once per language: the default at
the root, every other language in a folder named after it, each build reading
`page.<language>.md`. It replaces every `File` with one of its own at its `on_files`
(priority -100), made from the source path alone, and drops files it cannot place inside
`docs_dir`; it runs the other languages' builds from its own `on_post_build`, dirty ones
when the command line holds `--dirty` (it reads `sys.argv`: `mkdocs serve --dirty` gets
`plugin/incremental.py`'s fast rebuilds in every language; elsewhere they are full builds,
with the same result). The plugin leans on these behaviours (pinned version, see
pyproject.toml), so they are checked when the site's configuration is read, with an error
that says what to change in `mkdocs.yml`.

A site without static-i18n has one language, the theme's, and pages without a language in
their names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..pages.addresses import Addresses

I18N = "i18n"


class SiteLanguages:
    """The languages of one site as MkDocs builds them."""

    def __init__(
        self, config: MkDocsConfig, chosen: Sequence[str], name: str, file: str = "mkdocs.yml"
    ) -> None:
        """`chosen`: the plugin's `languages` option; `name`: the plugin's name in the
        configuration `file`, for messages."""
        self._i18n: Any = config.plugins.get(I18N)
        built = _i18n_languages(self._i18n, name, file) if self._i18n is not None else None
        if built is None:
            theme = str(config.theme.get("language") or "en")
            if len(chosen) > 1:
                raise PluginError(
                    f"The `{name}` plugin's `languages` option in {file} names "
                    f"{len(chosen)} languages ({', '.join(chosen)}): a site of several "
                    "languages needs the mkdocs-static-i18n plugin (`- i18n:` under "
                    "`plugins:`, after this one, with `docs_structure: suffix`)."
                )
            self.codes: tuple[str, ...] = tuple(chosen) or (theme,)
        else:
            _check_order(config, name, file)
            unknown = [language for language in chosen if language not in built]
            if unknown:
                raise PluginError(
                    f"The `{name}` plugin's `languages` option in {file} names "
                    f"{', '.join(f'`{u}`' for u in unknown)}, which the i18n plugin does not "
                    f"build (its languages: {', '.join(built)}): add it under the i18n "
                    "plugin's `languages`, or remove it from this option."
                )
            if chosen and chosen[0] != built[0]:
                raise PluginError(
                    f"The `{name}` plugin's `languages` option in {file} starts with "
                    f"`{chosen[0]}`, but the i18n plugin's default language is `{built[0]}`: "
                    "list the default language first."
                )
            self.codes = tuple(chosen) or built

    @property
    def default(self) -> str:
        return self.codes[0]

    @property
    def translated(self) -> bool:
        """Whether the site has pages in several languages (static-i18n's suffixes)."""
        return self._i18n is not None

    def addresses(self, config: MkDocsConfig) -> Addresses:
        return Addresses(self.default, self.translated, config.use_directory_urls)

    def current(self) -> str:
        """The language this build is for."""
        current = getattr(self._i18n, "current_language", None)
        return current if current in self.codes else self.default

    def last_build(self) -> bool:
        """Whether this build's `on_post_build` sees the whole site: static-i18n runs the
        other languages' builds from its own, and ours runs at the end of each of them."""
        return self._i18n is None or not self._i18n.building


def _i18n_languages(i18n: Any, name: str, file: str) -> tuple[str, ...]:
    """The languages static-i18n builds, its default first, once its options are checked."""
    options = i18n.config
    if options.docs_structure != "suffix":
        raise PluginError(
            f"The `{name}` plugin needs the i18n plugin's `docs_structure: suffix` in "
            f"{file} (it is `{options.docs_structure}`): generated pages are named "
            "`page.<language>.md`."
        )
    for attribute in ("current_language", "building"):
        if not hasattr(i18n, attribute):
            raise PluginError(
                f"This version of mkdocs-static-i18n has no `{attribute}`, which the `{name}` "
                "plugin relies on: install the version pyproject.toml pins."
            )
    languages = [language for language in options.languages if language.build]
    default = [language.locale for language in languages if language.default]
    return tuple(default + [language.locale for language in languages if not language.default])


def _check_order(config: MkDocsConfig, name: str, file: str) -> None:
    names = list(config.plugins)
    if names.index(name) > names.index(I18N):
        raise PluginError(
            f"In {file}, list the `{name}` plugin before `{I18N}` under `plugins:`: its "
            "pages must exist before static-i18n sorts the site's files by language."
        )
