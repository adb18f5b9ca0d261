"""What the command line needs from a site's `mkdocs.yml`: the database, the site's languages,
and whether incomplete translations are allowed.

Read with PyYAML, not MkDocs, so that `check` starts fast enough for a pre-commit hook. The
languages are found the way the plugin finds them: its own `languages` option, else the
languages of mkdocs-static-i18n (the `default: true` one first), else `theme.language`, else
`en`. Tags that MkDocs understands are accepted without running anything: `!ENV` is read from
the environment as MkDocs reads it, and every other tag (`!relative`,
`!!python/name:...`) is kept as an opaque value that the options read here never need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..database import schema
from .mkdocs_yaml import Tagged, TaggedLoader

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")  # what `mkdocs build` looks for, in order
PLUGIN = "rebuttal"
I18N = "i18n"
DEFAULT_DATABASE = "data/claims.yaml"


class SiteConfigError(Exception):
    """The configuration cannot be used: one line that names the file, like the database's
    problems (`mkdocs.yml:3:5: error: ...`)."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int = 1):
        where = f":{line}:{column}" if line is not None else ""
        super().__init__(f"{path}{where}: error: {message}")


@dataclass(frozen=True)
class SiteConfig:
    config_file: str
    database: str  # the `database` option, as a path from the current folder
    languages: tuple[str, ...]  # the site's languages, its default first
    allow_incomplete_translations: bool
    # Where files the database names may be: the folder of the configuration file, or
    # anywhere (None) with the plugin's `allow_files_outside_project`.
    project: str | None = None
    # The plugin's options as written, for the checks the build makes of them.
    options: Mapping[str, Any] = field(default_factory=dict)


def find_config_file(folder: str = ".") -> str | None:
    """The configuration file `mkdocs build` would read in `folder`, if there is one."""
    for name in CONFIG_FILES:
        path = os.path.join(folder, name) if folder != "." else name
        if os.path.isfile(path):
            return path
    return None


def read_site_config(path: str) -> SiteConfig:
    """The options of the site configured by the file at `path`."""
    raw = _read(path, set())
    plugins = dict(_plugins(raw.get("plugins"), path))
    if PLUGIN not in plugins:
        raise SiteConfigError(path, f"the `{PLUGIN}` plugin is not in `plugins`")
    options = _options(plugins[PLUGIN], path, PLUGIN)

    # An option set to nothing (`null`, or an unset `!ENV` variable) is unset, as in MkDocs.
    database = options.get("database")
    if database is None:
        database = DEFAULT_DATABASE
    if not isinstance(database, str) or not database.strip():
        raise _bad_option(path, "database", database, "a path to the database, relative to it")
    database = os.path.normpath(os.path.join(os.path.dirname(path), database))

    allow, outside = (
        _flag(options, path, name)
        for name in ("allow_incomplete_translations", "allow_files_outside_project")
    )

    languages = _language_list(options.get("languages"), path, f"the {PLUGIN} plugin's option")
    if not languages and I18N in plugins:
        languages = _i18n_languages(_options(plugins[I18N], path, I18N), path)
    if not languages:
        languages = _theme_language(raw.get("theme"), path)
    _check_like_the_build(path, plugins, options, languages)
    project = None if outside else os.path.dirname(path) or "."
    return SiteConfig(path, database, languages, allow, project, options)


def _flag(options: Mapping[str, Any], path: str, option: str) -> bool:
    value = options.get(option)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _bad_option(path, option, value, "true or false")
    return value


def _check_like_the_build(
    path: str, plugins: Mapping[str, Any], options: Mapping[str, Any], languages: Sequence[str]
) -> None:
    """Refuse what the plugin refuses when it reads the configuration, so that `check` and
    the build agree: the plugins' order, static-i18n's layout, and the plugin's options."""
    # Imported here: the citation engine's lists load in a fraction of a second, which
    # commands that read no style need not spend.
    from ..pages import site_options

    if I18N in plugins:
        names = list(plugins)
        if names.index(PLUGIN) > names.index(I18N):
            raise SiteConfigError(
                path, f"list the `{PLUGIN}` plugin before `{I18N}` under `plugins:`"
            )
        structure = _options(plugins[I18N], path, I18N).get("docs_structure") or "suffix"
        if structure != "suffix":
            raise SiteConfigError(
                path,
                f"the {PLUGIN} plugin needs the {I18N} plugin's `docs_structure: suffix` "
                f"(it is `{structure}`)",
            )
    # The plugin's own options, in the words the build uses (pages/site_options.py): page
    # names, limits, interface words, styles, locales.
    for problem in site_options.problems(options, languages, os.path.dirname(path) or "."):
        raise SiteConfigError(path, problem)


def _read(path: str, seen: set[str]) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as error:
        raise SiteConfigError(path, f"cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SiteConfigError(path, "cannot read the file: it is not UTF-8 text") from None
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        if mark is None:
            raise SiteConfigError(path, problem) from None
        raise SiteConfigError(path, problem, mark.line + 1, mark.column + 1) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SiteConfigError(path, f"expected a mapping of options, found {_kind(raw)}")
    parent = raw.pop("INHERIT", None)
    if parent is None:
        return raw
    # MkDocs merges the file into the one it inherits from: mappings key by key, anything
    # else replaced.
    if not isinstance(parent, str):
        raise SiteConfigError(path, f"`INHERIT` should name a file, found {_kind(parent)}")
    parent_path = os.path.normpath(os.path.join(os.path.dirname(path), parent))
    if os.path.abspath(parent_path) in seen:
        raise SiteConfigError(path, "`INHERIT` goes round in a circle")
    seen.add(os.path.abspath(path))
    return _merge(_read(parent_path, seen), raw)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def _plugins(plugins: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(name, options) of every plugin: `plugins` is a list or, as MkDocs also accepts, a
    mapping."""
    if plugins is None:
        return
    if isinstance(plugins, Mapping):
        yield from plugins.items()
        return
    if not isinstance(plugins, list):
        raise SiteConfigError(path, f"`plugins` should be a list, found {_kind(plugins)}")
    for entry in plugins:
        if isinstance(entry, str):
            yield entry, None
        elif isinstance(entry, Mapping) and len(entry) == 1:
            yield next(iter(entry.items()))
        else:
            raise SiteConfigError(
                path,
                f"each item of `plugins` should be a name or `name: {{options}}`, "
                f"found {_kind(entry)}",
            )


def _options(options: Any, path: str, plugin: str) -> Mapping[str, Any]:
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise SiteConfigError(
            path,
            f"the options of the `{plugin}` plugin should be a mapping, found {_kind(options)}",
        )
    return options


def _language_list(value: Any, path: str, option: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SiteConfigError(
            path,
            f"{option} `languages`: expected a list of language codes like "
            f"[zh, en], found {_shown(value)}",
        )
    for language in value:
        _check_language(language, path, f"{option} `languages`")
    return tuple(value)


def _i18n_languages(options: Mapping[str, Any], path: str) -> tuple[str, ...]:
    where = f"the {I18N} plugin's option `languages`"
    entries = options.get("languages")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise SiteConfigError(path, f"{where}: expected a list, found {_kind(entries)}")
    default: list[str] = []
    others: list[str] = []
    for entry in entries:
        locale = entry.get("locale") if isinstance(entry, Mapping) else None
        if not isinstance(locale, str):
            raise SiteConfigError(
                path, f"{where}: every language needs a `locale`, like `locale: en`"
            )
        if locale == "null":
            continue  # static-i18n's entry for a link in the language selector, never built
        _check_language(locale, path, where)
        (default if entry.get("default") is True else others).append(locale)
    if others and not default:
        raise SiteConfigError(path, f"{where}: no language has `default: true`")
    return (*default, *others)


def _theme_language(theme: Any, path: str) -> tuple[str, ...]:
    language = theme.get("language") if isinstance(theme, Mapping) else None
    if language is None:
        return ("en",)
    if not isinstance(language, str):
        raise SiteConfigError(path, "`theme.language`: expected a language code like `en`")
    _check_language(language, path, "`theme.language`")
    return (language,)


def _check_language(language: str, path: str, where: str) -> None:
    if not schema.LANGUAGE.matches(language):
        raise SiteConfigError(
            path, f"{where}: {language!r} is not a language code like `en` or `zh-CN`"
        )


def _bad_option(path: str, option: str, value: Any, expected: str) -> SiteConfigError:
    return SiteConfigError(
        path, f"the {PLUGIN} plugin's option `{option}`: expected {expected}, found {_shown(value)}"
    )


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _shown(value)


def _shown(value: Any) -> str:
    if isinstance(value, Tagged):
        return f"a value tagged {value.tag} that the command line does not read"
    return repr(value)


# MkDocs' tags, read without running anything.


class _Loader(TaggedLoader):
    """Reads `!ENV` as MkDocs does; other tags are kept, never run."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, read as
    YAML reads a plain value, else the default (as the `pyyaml_env_tag` package MkDocs uses)."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        items = node.value
        if len(items) > 1:
            default = loader.construct_object(items[-1])
            items = items[:-1]
        names = [loader.construct_scalar(item) for item in items]
    else:
        return Tagged("!ENV", None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_Loader.add_constructor("!ENV", _construct_env)
