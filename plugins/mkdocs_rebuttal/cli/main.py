"""Command line: `python -m mkdocs_rebuttal check [PATH ...]`, `translations`, `export`, `schema`.

Kept free of MkDocs imports so that a pre-commit hook starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

import yaml

from ..database import schema
from ..database.json_schema import dumps
from ..database.loader import check_database
from ..database.problems import report
from ..database.stamping import StampError, stamp_file
from ..database.translations import status_lines, translation_line
from ..pages.strings import STRINGS

DEFAULT_PATH = "data/claims.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_rebuttal", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="check claims databases",
        description="Report every problem of each database, one per line, to standard output. "
        "Exit status 1 if any file has an error; warnings alone leave it 0. "
        "A text missing in the first language, the original, is an error; a missing or "
        "outdated translation is a warning. Then, per translated language, how many texts "
        "are up to date, outdated, missing, or record no fingerprint.",
    )
    check.add_argument("paths", nargs="*", default=[DEFAULT_PATH], metavar="PATH")
    check.add_argument("--languages", type=_languages, default=schema.DEFAULT_LANGUAGES)
    check.add_argument(
        "--allow-incomplete-translations",
        action="store_true",
        help="report missing and outdated translations as notes, not warnings",
    )
    translations = commands.add_parser(
        "translations",
        help="list the translations that are not up to date; record fingerprints",
        description="List, one per line, every translation that is missing, outdated, or "
        "records no fingerprint of its original (with the original's fingerprint now), then "
        "the counts per translated language. With --stamp, write the original's fingerprint "
        "into every translation that records none, changing nothing else in the file: "
        "stamp a translation once it has been checked against its original.",
    )
    translations.add_argument("path", nargs="?", default=DEFAULT_PATH, metavar="PATH")
    translations.add_argument("--languages", type=_languages, default=schema.DEFAULT_LANGUAGES)
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
    dump = commands.add_parser("schema", help="print the JSON Schema of a database")
    dump.add_argument("--languages", type=_languages, default=schema.DEFAULT_LANGUAGES)
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.write(dumps(args.languages))
        return 0
    if args.command == "strings":
        sys.stdout.write(
            yaml.safe_dump(dict(STRINGS[args.language]), allow_unicode=True, width=100)
        )
        return 0
    if args.command == "export":
        return _export(args.config, args.out_dir)
    if args.command == "translations":
        return _translations(args.path, args.languages, args.stamp)
    return _check(args.paths, args.languages, args.allow_incomplete_translations)


def _check(paths: Sequence[str], languages: Sequence[str], allow_incomplete: bool) -> int:
    failed = False
    for path in paths:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as error:
            print(f"{path}: error: cannot read the file: {error.strerror}")
            failed = True
            continue
        checked = check_database(
            raw, path, languages, allow_incomplete_translations=allow_incomplete
        )
        problems = checked.problems
        if problems:
            print(report(path, problems))
        else:
            print(f"{path}: ok")
        if checked.translations is not None:
            for line in status_lines(checked.translations):
                print(f"{path}: {line}")
        failed = failed or any(p.severity == "error" for p in problems)
    return 1 if failed else 0


def _translations(path: str, languages: Sequence[str], stamp: bool) -> int:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as error:
        print(f"{path}: error: cannot read the file: {error.strerror}")
        return 1
    if stamp:
        try:
            stamped = stamp_file(raw, path, languages)
        except StampError as error:
            print(error)
            return 1
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(stamped.text)
        raw = stamped.text.encode("utf-8")
    checked = check_database(raw, path, languages)
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


def _languages(value: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in value.split(",") if part.strip())
    bad = [lang for lang in languages if not schema.LANGUAGE.matches(lang)]
    if not languages or bad:
        raise argparse.ArgumentTypeError(f"expected language codes like `zh,en`, got {value!r}")
    return languages
