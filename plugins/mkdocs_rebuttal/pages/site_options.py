"""The plugin's options that shape the pages, checked without MkDocs: the build stops on them
(`plugin.hooks`) and `check` reports them (`cli.main`), in the same words.

Page and folder names must stay inside the site and name a page each; limits are numbers of
pairs; interface words must be known and fill only their own placeholders; a style or
locale must exist. Each problem names the option, as `mkdocs.yml` spells it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from ..citations.settings import locale_for, style_for
from .layout import Layout
from .strings import word_problems

PAGE_OPTIONS = {
    "claims_dir": Layout.claims_dir,
    "bibliography": Layout.bibliography,
    "translation_status": Layout.translation_status,
    "argument_map": Layout.overview,
}
LIMITS = {"map_limit": 30, "nav_limit": 50}


class OptionError(ValueError):
    """An option the site cannot be built with; the message names it."""


def layout(options: Mapping[str, Any], plugin: str = "rebuttal") -> Layout:
    """Where the generated pages go, by the options; raises `OptionError`."""
    names = {
        option: folder(options.get(option, default), option, plugin)
        for option, default in PAGE_OPTIONS.items()
    }
    taken: dict[str, str] = {}
    for option, value in names.items():
        if value and taken.setdefault(value, option) != option:
            raise OptionError(
                f"the `{plugin}` plugin's `{option}` and `{taken[value]}` options are both "
                f"`{value}`: each names a page or folder of its own."
            )
    return Layout(*names.values())


def folder(value: Any, option: str, plugin: str = "rebuttal") -> str:
    """A page or folder name from an option: inside the site; empty only for the overview
    map, which it turns off."""
    name = value.strip("/") if isinstance(value, str) else None
    parts = name.split("/") if name else []
    empty_ok = option == "argument_map"
    if name is None or (not name and not empty_ok) or any(p in ("", ".", "..") for p in parts):
        raise OptionError(
            f"the `{plugin}` plugin's `{option}` option is {value!r}: give a name inside the "
            "site, such as `claims`, without `..` or empty parts."
        )
    return name


def problems(
    options: Mapping[str, Any],
    languages: Sequence[str],
    root: str = ".",
    plugin: str = "rebuttal",
) -> Iterator[str]:
    """Every problem of the options, each naming its option."""
    try:
        layout(options, plugin)
    except OptionError as error:
        yield str(error)
    for option, default in LIMITS.items():
        value = options.get(option, default)
        # `true` is an int to Python, and to MkDocs' `Type(int)`.
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            yield (
                f"the `{plugin}` plugin's `{option}` option is {value}: give a number of "
                "pairs, 0 or more."
            )
    strings = options.get("strings") or {}
    for language in languages:
        try:
            words(
                strings.get(language) if isinstance(strings, Mapping) else None,
                language,
                root,
                plugin,
            )
        except OptionError as error:
            yield str(error)
        for option, find in (("styles", style_for), ("locales", locale_for)):
            chosen = options.get(option) or {}
            try:
                find(language, chosen.get(language) if isinstance(chosen, Mapping) else None)
            except ValueError as error:
                yield (
                    f"the `{plugin}` plugin's `{option}` option for `{language}`: {error} "
                    f"(write `{option}: {{{language}: ...}}`)"
                )


def words(given: Any, language: str, root: str = ".", plugin: str = "rebuttal") -> dict[str, str]:
    """The interface words the `strings` option gives for `language`: a mapping, or a YAML
    file of one (relative to `root`, the folder of mkdocs.yml)."""
    where = f"the `{plugin}` plugin's `strings` option for `{language}`"
    if isinstance(given, str):
        where = f"{given} (the `strings` option for `{language}` in mkdocs.yml)"
        try:
            with open(os.path.join(root, given), encoding="utf-8") as f:
                given = yaml.safe_load(f)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise OptionError(f"{where}: cannot read the file: {error}") from None
        if not isinstance(given, dict):
            raise OptionError(f"{where}: expected a mapping of words")
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise OptionError(f"{where}: expected a mapping of words, or a file of them")
    found = word_problems(given)
    if found:
        raise OptionError(f"{where}: " + "; ".join(found))
    return {str(k): str(v) for k, v in given.items()}
