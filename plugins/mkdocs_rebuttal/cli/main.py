"""Command line: `python -m mkdocs_rebuttal check`, `translations`, `schema`, `export`, `new`.

`check`, `translations` and `schema` read the site's `mkdocs.yml` (in the current folder, or
`--config`) for the database, the site's languages and its options; the database names the
language it was written in. They are kept free of MkDocs imports so that a pre-commit hook
starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..citations.bibliography import Bibliography
from ..citations.settings import locale_for, style_for
from ..database import schema
from ..database.json_schema import dumps
from ..database.languages import Languages
from ..database.loader import check_database
from ..database.model import Debate
from ..database.problems import report
from ..database.reference_files import project_folder
from ..database.stamping import StampError, stamp_file
from ..database.translations import plain_texts, status_lines, translation_line
from ..pages.strings import STRINGS
from .site_config import (
    CONFIG_FILES,
    SiteConfig,
    SiteConfigError,
    find_config_file,
    read_site_config,
)

CONFIG_HELP = "the site's configuration (default: mkdocs.yml in the current folder)"
LANGUAGES_HELP = "the site's languages, its default first, instead of those of mkdocs.yml"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _main(argv)
        # Written out here, not at exit, so that a closed pipe is caught below.
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`... | head`): stop quietly, as a command killed by
        # SIGPIPE would. What is left in the buffer goes nowhere instead of raising again at
        # exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return status


def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_rebuttal", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="check claims databases",
        description="Report every problem of each database, one per line, to standard output. "
        "Exit status 1 if any file has an error; warnings alone leave it 0. "
        "A text missing in the original language is an error; a missing or outdated "
        "translation is a warning (a note with the plugin's allow_incomplete_translations). "
        "Then, per translated language, how many texts are up to date, outdated, missing, or "
        "record no fingerprint. Without PATH, the database of mkdocs.yml; the site's "
        "languages come from mkdocs.yml, or when there is none from the database itself.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--config", help=CONFIG_HELP)
    check.add_argument("--languages", type=_languages, help=LANGUAGES_HELP)
    check.add_argument(
        "--allow-incomplete-translations",
        action="store_true",
        help="report missing and outdated translations as notes, not warnings "
        "(as the plugin's option of that name)",
    )
    translations = commands.add_parser(
        "translations",
        help="list the translations that are not up to date; record fingerprints",
        description="List, one per line, every translation that is missing, outdated, or "
        "records no fingerprint of its original (with the original's fingerprint now), then "
        "the counts per translated language. With --stamp, write the original's fingerprint "
        "into every translation that records none, changing nothing else in the file: "
        "stamp a translation once it has been checked against its original. The original "
        "is the language the database names (debate.original_language), else the site's "
        "default. Without PATH, the database of mkdocs.yml.",
    )
    translations.add_argument("path", nargs="?", metavar="PATH")
    translations.add_argument("--config", help=CONFIG_HELP)
    translations.add_argument("--languages", type=_languages, help=LANGUAGES_HELP)
    translations.add_argument(
        "--stamp", action="store_true", help="record fingerprints in the file"
    )
    export = commands.add_parser(
        "export",
        help="write the generated pages as Markdown files that build without the plugin",
        description="Write into OUTDIR (new or empty) a copy of the site's docs folder with "
        "every generated page added as a Markdown file, the plugin's stylesheet, the theme's "
        "custom_dir, and a mkdocs.yml without this plugin: `mkdocs build -f OUTDIR/mkdocs.yml` "
        "then builds the same pages with MkDocs (and mkdocs-static-i18n) alone.",
    )
    export.add_argument("out_dir", metavar="OUTDIR")
    export.add_argument("--config", default="mkdocs.yml", help="the site's configuration file")
    words = commands.add_parser(
        "strings",
        help="print the interface words of a language, to translate into another",
        description="Print as YAML the built-in interface words of LANGUAGE (zh or en): "
        "save them as strings/xx.yml, translate them, and name the file in the plugin's "
        "`strings` option (`strings: {xx: strings/xx.yml}`).",
    )
    words.add_argument("language", choices=sorted(STRINGS), metavar="LANGUAGE")
    dump = commands.add_parser(
        "schema",
        help="print the JSON Schema of the database",
        description="Print the JSON Schema of the site's database, for editors that speak "
        "the YAML language server. It requires every text in the database's original language.",
    )
    dump.add_argument("--config", help=CONFIG_HELP)
    dump.add_argument("--languages", type=_languages, help=LANGUAGES_HELP)
    new = commands.add_parser(
        "new",
        help="start a new debate: write a small site that builds",
        description="Write into DIR (new or empty) a site to start from: mkdocs.yml, a "
        "database with one example pair in every language, a home page per language. "
        "`mkdocs serve` in DIR then shows it.",
    )
    new.add_argument("directory", metavar="DIR")
    new.add_argument(
        "--languages",
        type=_languages,
        default=("en",),
        help="the site's languages, its default first (default: en); e.g. en,zh",
    )
    new.add_argument(
        "--original",
        type=_language,
        help="the language the debate is written in (default: the first of --languages)",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            return _export(args.config, args.out_dir)
        if args.command == "strings":
            sys.stdout.write(
                yaml.safe_dump(dict(STRINGS[args.language]), allow_unicode=True, width=100)
            )
            return 0
        if args.command == "new":
            return _new(args.directory, args.languages, args.original)
        if args.command == "schema":
            return _schema(_site(args.config, required=args.languages is None), args.languages)
        if args.command == "translations":
            site = _site(args.config, required=args.path is None)
            return _translations(args.path, site, args.languages, args.stamp)
        site = _site(args.config, required=not args.paths)
        return _check(args.paths, site, args.languages, args.allow_incomplete_translations)
    except SiteConfigError as error:
        print(error)
        return 1


def _site(config_file: str | None, *, required: bool) -> SiteConfig | None:
    """The site of `config_file`, or of the mkdocs.yml here; None when there is none and the
    command can do without."""
    path = config_file or find_config_file()
    if path is None:
        if not required:
            return None
        raise SiteConfigError(
            CONFIG_FILES[0],
            "no such file here: run this in the site's folder, or give --config FILE",
        )
    return read_site_config(path)


def _check(
    paths: Sequence[str],
    site: SiteConfig | None,
    languages: Sequence[str] | None,
    allow_incomplete: bool,
) -> int:
    # The options the build would stop on have stopped reading the site (site_config).
    if site is not None:
        allow_incomplete = allow_incomplete or site.allow_incomplete_translations
    failed = False
    for path in paths or [_database(site)]:
        raw = _read(path, site)
        if raw is None:
            failed = True
            continue
        site_languages = _site_languages(raw, site, languages)
        checked = check_database(
            raw,
            path,
            site_languages,
            allow_incomplete_translations=allow_incomplete,
            project=_project(path, site),
            engine=True,
        )
        problems = checked.problems
        if problems:
            print(report(path, problems))
        errors = any(p.severity == "error" for p in problems)
        if checked.data is not None and not errors and not languages:
            # What the citation engine refuses stops the build: it stops check too (with the
            # site's languages; --languages asks about translations, not the build).
            unformatted = _unformatted(checked.data, site_languages, site)
            if unformatted is not None:
                print(f"{path}: error: {unformatted}")
                errors = True
        if not problems and not errors:
            print(f"{path}: ok")
        if checked.translations is not None:
            for line in status_lines(checked.translations):
                print(f"{path}: {line}")
        failed = failed or errors
    return 1 if failed else 0


def _translations(
    path: str | None, site: SiteConfig | None, languages: Sequence[str] | None, stamp: bool
) -> int:
    path = path or _database(site)
    raw = _read(path, site)
    if raw is None:
        return 1
    # The languages of the site; which of them is the original, the database says.
    site_languages = _site_languages(raw, site, languages)
    if stamp:
        try:
            stamped = stamp_file(raw, path, site_languages)
        except StampError as error:
            print(error)
            return 1
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(stamped.text)
        raw = stamped.text.encode("utf-8")
    checked = check_database(raw, path, site_languages, project=_project(path, site))
    if checked.translations is None:
        print(report(path, checked.problems))
        return 1
    just_stamped = {t.path for t in stamped.translations} if stamp else set()
    for t in checked.translations.translations:
        if t.state != "current" or t.path in just_stamped:
            print(translation_line(path, t, stamped=t.path in just_stamped))
    if stamp:
        print(f"{path}: stamped {len(just_stamped)} translations")
    for line in status_lines(checked.translations):
        print(f"{path}: {line}")
    return 1 if any(p.severity == "error" for p in checked.problems) else 0


def _schema(site: SiteConfig | None, languages: Sequence[str] | None) -> int:
    site_languages = languages or (site.languages if site else schema.DEFAULT_LANGUAGES)
    data = None
    if site is not None:
        try:
            with open(site.database, "rb") as f:
                data = _parse(f.read())
        except OSError:
            pass  # without the database, the site's default language is the original
    sys.stdout.write(dumps(Languages.of(site_languages, data).of_texts))
    return 0


def _unformatted(
    data: Mapping[str, Any], languages: Sequence[str], site: SiteConfig | None
) -> str | None:
    """Why the citation engine cannot format the database's references, in a language of
    the site with the style and locale the build would use; None when it can. Formatted
    entries are kept in the site's `cache_dir`, as the build keeps them."""
    options: Mapping[str, Any] = site.options if site is not None else {}
    root = os.path.dirname(site.config_file) if site is not None else ""
    cache = options.get("cache_dir", ".cache/rebuttal")
    cache_dir = os.path.join(root, cache) if isinstance(cache, str) and cache else None
    debate = Debate.from_mapping(plain_texts(data))
    styles, locales = options.get("styles") or {}, options.get("locales") or {}
    try:
        for language in languages:
            style = style_for(language, styles.get(language))
            locale = locale_for(language, locales.get(language))
            bibliography = Bibliography(style, locale, cache_dir=cache_dir)
            bibliography.format(debate.references, debate.citation_order())
    except ValueError as error:
        return str(error)
    return None


def _project(path: str, site: SiteConfig | None) -> str | None:
    """The folder files the database names must be in: the site's, as the build has it;
    for a database outside any site, its own folder."""
    if site is None:
        return os.path.dirname(path) or "."
    if site.project is None:
        return None  # the site allows files anywhere
    return project_folder(path, site.project)


def _database(site: SiteConfig | None) -> str:
    assert site is not None  # a command without PATH requires a site
    return site.database


def _read(path: str, site: SiteConfig | None) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as error:
        named = ""
        if site is not None and path == site.database:
            named = f" (the `database` option of the rebuttal plugin in {site.config_file})"
        print(f"{path}: error: cannot read the file: {error.strerror}{named}")
        return None


def _site_languages(
    raw: bytes, site: SiteConfig | None, languages: Sequence[str] | None
) -> Sequence[str]:
    """The site's languages, its default first: as given, or the site's; with no site, those
    of the database's title, the original first."""
    if languages:
        return languages
    if site is not None:
        return site.languages
    data = _parse(raw)
    debate = data.get("debate") if isinstance(data, Mapping) else None
    title = debate.get("title") if isinstance(debate, Mapping) else None
    found = [k for k in title if isinstance(k, str)] if isinstance(title, Mapping) else []
    found = [lang for lang in found if schema.LANGUAGE.matches(lang)]
    if not found:
        return schema.DEFAULT_LANGUAGES
    original = Languages.of(found, data).original
    return [original, *(lang for lang in found if lang != original)]


def _parse(raw: bytes) -> Any:
    """The data of a database, or None; its problems are for `check` to report."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw, Loader=loader)
    except yaml.YAMLError:
        return None


def _export(config_file: str, out_dir: str) -> int:
    # MkDocs is imported here only: the other commands must start fast.
    if importlib.util.find_spec("mkdocs") is None:
        # ProperDocs without MkDocs: it answers for `mkdocs` once this module is imported,
        # as its own command line does.
        importlib.import_module("properdocs.replacement")
    from .export import ExportError, export

    try:
        exported = export(config_file, out_dir)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"{len(exported.pages)} generated pages written; build them without the plugin with "
        f"`mkdocs build -f {exported.config_file}`"
    )
    return 0


def _new(directory: str, languages: Sequence[str], original: str | None) -> int:
    from .new_site import NewSiteError, new_site

    try:
        made = new_site(directory, languages, original)
    except NewSiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"A new debate site in {made.directory}: {', '.join(sorted(made.files))}")
    for note in made.notes:
        print(f"note: {note}")
    home = "docs/index.md" if len(languages) == 1 else f"docs/index.{languages[0]}.md"
    print(
        f"See it: `cd {made.directory}`, `{_mkdocs()} serve`, then open "
        "http://127.0.0.1:8000/.\n"
        f"Then write your debate into data/claims.yaml; the home page is {home}, the site's "
        "name and languages are in mkdocs.yml."
    )
    return 0


def _mkdocs() -> str:
    """The command that runs this Python's MkDocs from any folder: `mkdocs` where that is the
    one found first on PATH, else its full path (a `.venv` not activated, say)."""
    own = Path(sys.executable).parent / ("mkdocs.exe" if os.name == "nt" else "mkdocs")
    found = shutil.which("mkdocs")
    if not own.is_file() or (found is not None and os.path.samefile(found, own)):
        return "mkdocs"
    return shlex.quote(str(own))


def _languages(value: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in value.split(",") if part.strip())
    bad = [lang for lang in languages if not schema.LANGUAGE.matches(lang)]
    if not languages or bad:
        raise argparse.ArgumentTypeError(f"expected language codes like `zh,en`, got {value!r}")
    if len(set(languages)) != len(languages):
        raise argparse.ArgumentTypeError(f"a language is named twice in {value!r}")
    return languages


def _language(value: str) -> str:
    if not schema.LANGUAGE.matches(value):
        raise argparse.ArgumentTypeError(f"expected a language code like `zh`, got {value!r}")
    return value
