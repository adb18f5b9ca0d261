"""static-i18n's files made once per `mkdocs serve`, not once per rebuild.

At every build, and again for every language, static-i18n makes a `File` of its own for every
file of the site (`create_i18n_file`), from paths, through `pathlib`: about 0.2 ms a file. A
database of 1,000 pairs is 2,000 pages, so a third of a rebuild after one edit was spent there
(10,000 pairs: six seconds), and more in its test of whether each file is inside `docs_dir`.
What both give depends on nothing but paths and the site's languages and folders, which an
edit does not change. While serving with the fast path, they are wrapped: a file made before
is copied from the first one made, which is what static-i18n would make again (the copy is a
new object, with its own alternates, as static-i18n gives every build); a path test answered
before is answered alike.

This leans on static-i18n 1.3.1 (the version pyproject.toml pins): on another one, nothing is
wrapped, and rebuilds take their usual time.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

KNOWN_VERSION = "1.3.1"

Make = Callable[[File, str, str, list[str], MkDocsConfig], File]


class _Remembered:
    """Stands in for `create_i18n_file`: remembers what it made, by everything it reads."""

    def __init__(self, make: Make) -> None:
        self.make = make
        self._made: dict[tuple[Any, ...], File] = {}
        self._config: MkDocsConfig | None = None
        self._site: tuple[Any, ...] = ()

    def __call__(
        self,
        file: File,
        current_language: str,
        default_language: str,
        all_languages: list[str],
        config: MkDocsConfig,
    ) -> File:
        if config is not self._config:
            # Read once per build: an option of MkDocs' config is looked up at every access.
            self._config = config
            self._site = (config.docs_dir, config.site_dir, config.use_directory_urls)
        # The source and destination paths follow from these URIs.
        key = (
            file.src_uri,
            file.dest_uri,
            file.inclusion,
            current_language,
            default_language,
            tuple(all_languages),
            self._site,
        )
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self.make(
                file, current_language, default_language, all_languages, config
            )
        # A fresh File as `make` returns it: the same attributes, alternates listing itself.
        copy = File.__new__(File)
        copy.__dict__.update(made.__dict__)
        copy.alternates = {current_language: copy}  # type: ignore[attr-defined]
        return copy


def remember_i18n_files(on: bool) -> None:
    """Wrap static-i18n's `create_i18n_file` and the path test it runs on every file
    (`is_relative_to`, pathlib again) (`on`), or put the originals back."""
    try:
        from mkdocs_static_i18n import reconfigure, suffix  # type: ignore[import-untyped]

        version = importlib.metadata.version("mkdocs-static-i18n")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        return
    current = suffix.create_i18n_file
    if on and version == KNOWN_VERSION and not isinstance(current, _Remembered):
        suffix.create_i18n_file = _Remembered(current)
        reconfigure.is_relative_to = _PathTest(reconfigure.is_relative_to)
    elif not on and isinstance(current, _Remembered):
        suffix.create_i18n_file = current.make
        if isinstance(reconfigure.is_relative_to, _PathTest):
            reconfigure.is_relative_to = reconfigure.is_relative_to.test


class _PathTest:
    """Stands in for `is_relative_to(path, folder)`: a function of two paths, remembered."""

    def __init__(self, test: Callable[[Any, Any], bool]) -> None:
        self.test = test
        self._known: dict[tuple[Any, Any], bool] = {}

    def __call__(self, path: Any, folder: Any) -> bool:
        key = (path, folder)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self.test(path, folder)
        return known
