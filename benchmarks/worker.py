"""One measured MkDocs run, in a process of its own: `build` or `serve`.

`run.py` starts this script once per measurement, so that the peak memory the operating system
reports for the process is that of this one build. The plugin's code is timed from here, by
wrapping its functions before MkDocs loads it; nothing in the plugin knows it is measured.

    worker.py build CONFIG SITE_DIR REPORT [--pages DOCS_DIR] [--profile PSTATS]
    worker.py serve CONFIG ADDRESS REPORT

The report is a JSON file: times of the phases, the time spent in each part of our code, and
how many references the citation engine formatted.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import logging
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

# The parts of our code that the results report apart. Each wrapped function's time counts
# for its part, minus the time of wrapped functions that it calls (which count for theirs):
# `hooks` is what the plugin's event handlers do themselves (file list, navigation).
PARTS = ("load", "citations", "render", "sanitize", "hooks")


class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._inner: list[float] = []

    def wrap(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)  # keeps `mkdocs_priority`, which MkDocs reads
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            self._inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.seconds[part] += elapsed - self._inner.pop()
                if self._inner:
                    self._inner[-1] += elapsed
                self.calls[function.__qualname__] += 1

        return timed

    def snapshot(self) -> dict[str, Any]:
        return {"seconds": dict(self.seconds), "calls": dict(self.calls)}


def instrument(timers: Timers) -> None:
    """Wrap the plugin's functions in timers, as far as this version of the plugin has them."""
    from mkdocs.plugins import CombinedEvent

    import mkdocs_rebuttal.citations.bibliography as bibliography
    import mkdocs_rebuttal.database.model as model
    import mkdocs_rebuttal.pages.markdown as render
    import mkdocs_rebuttal.plugin.hooks as plugin

    def wrap_attribute(owner: Any, name: str, part: str) -> None:
        if name in vars(owner):
            setattr(owner, name, timers.wrap(part, getattr(owner, name)))

    # Loading: YAML, validation and the model, whichever loader is installed.
    wrap_attribute(plugin, "load_database", "load")
    wrap_attribute(bibliography.Bibliography, "__init__", "citations")
    wrap_attribute(bibliography.Bibliography, "format", "citations")
    # Counted apart: how many entries the citation engine really formats.
    wrap_attribute(bibliography, "_render_entry", "citations")
    wrap_attribute(plugin, "sanitize_html", "sanitize")
    for name in ("index", "pair", "bibliography"):
        wrap_attribute(render.PageWriter, name, "render")
    wrap_attribute(model.Debate, "citation_order", "render")
    cls = plugin.RebuttalPlugin
    for name, value in list(vars(cls).items()):
        if not name.startswith("on_"):
            continue
        if isinstance(value, CombinedEvent):
            setattr(cls, name, CombinedEvent(*(timers.wrap("hooks", m) for m in value.methods)))
        elif callable(value):
            setattr(cls, name, timers.wrap("hooks", value))


def instrument_others(timers: Timers) -> None:
    """Time what the profiles showed growing faster than the site, in (a) and (b) alike:
    static-i18n compares every search entry of the default language with every entry of the
    others, to drop duplicates."""
    try:
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin  # type: ignore[import-untyped]
    except ImportError:
        return
    name = "reconfigure_search_duplicates"
    if name in vars(ExtendedPlugin):
        setattr(ExtendedPlugin, name, timers.wrap("i18n_search_dedupe", vars(ExtendedPlugin)[name]))


def uses_plugin(config_file: str) -> bool:
    import yaml

    config = yaml.safe_load(Path(config_file).read_text(encoding="utf-8"))
    return any(
        p == "rebuttal" or (isinstance(p, dict) and "rebuttal" in p)
        for p in config.get("plugins") or ()
    )


def loader_description() -> str:
    import mkdocs_rebuttal.database.loader as loader

    return (loader.__doc__ or "").strip().splitlines()[0]


def plugin_source() -> str:
    """Where the measured plugin was imported from (PYTHONPATH can point at another copy)."""
    import mkdocs_rebuttal

    return str(Path(mkdocs_rebuttal.__file__).resolve().parent)


def build(args: argparse.Namespace) -> dict[str, Any]:
    import mkdocs.commands.build
    from mkdocs.config import load_config

    report: dict[str, Any] = {}
    timers = Timers()
    with_plugin = uses_plugin(args.config)
    if with_plugin:
        # What every build imports anyway is not the plugin's cost.
        import mkdocs.config.defaults
        import mkdocs.plugins

        start = time.perf_counter()
        import mkdocs_rebuttal.plugin.hooks  # noqa: F401 - and citeproc, lxml, ...

        report["plugin_import_seconds"] = time.perf_counter() - start
        instrument(timers)
        report["loader"] = loader_description()
        report["plugin_source"] = plugin_source()
    others = Timers()
    instrument_others(others)
    report["import_seconds"] = time.perf_counter() - STARTED

    start = time.perf_counter()
    config = load_config(args.config, site_dir=args.site_dir, strict=True)
    report["config_seconds"] = time.perf_counter() - start

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    # What `mkdocs build --strict` does.
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs.commands.build.build(config)
    finally:
        config.plugins.on_shutdown()
    report["build_seconds"] = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)

    report["timers"] = timers.snapshot()
    report["other_timers"] = others.snapshot()
    if with_plugin:
        rebuttal: Any = config.plugins["rebuttal"]
        if rebuttal.debate is not None:
            report["pairs"] = len(rebuttal.debate.pairs)
            report["references"] = len(rebuttal.debate.references)
        report["languages"] = list(rebuttal.languages.codes)
        if args.pages:
            # The floor's docs: the generated pages as files, written after the build and
            # timed, so that `run.py` can take this out of the build's wall time.
            start = time.perf_counter()
            # With the maps written in, which the plugin places after the Markdown; the
            # floor is the same pages.
            site = rebuttal.site
            for src in site.pages:
                path = Path(args.pages, src)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(site.markdown(src), encoding="utf-8")
            # The files the bibliography links to, beside it, as an export writes them.
            for download in site.downloads:
                path = Path(args.pages, site.downloads_folder, download.name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(download.content, encoding="utf-8")
            report["pages_seconds"] = time.perf_counter() - start
    return report


def serve(args: argparse.Namespace) -> dict[str, Any]:
    """`mkdocs serve` until SIGINT; the report lists every build with our code's share."""
    import mkdocs.commands.serve

    serve_command: Any = mkdocs.commands.serve

    timers = Timers()
    report: dict[str, Any] = {"builds": []}
    if uses_plugin(args.config):
        instrument(timers)
        report["loader"] = loader_description()
        report["plugin_source"] = plugin_source()
    real_build = serve_command.build

    def measured_build(*a: Any, **k: Any) -> None:
        before = timers.snapshot()
        start = time.perf_counter()
        try:
            real_build(*a, **k)
        finally:
            after = timers.snapshot()
            report["builds"].append(
                {
                    "seconds": time.perf_counter() - start,
                    "ended": time.time(),
                    "timers": {
                        kind: {
                            key: value - before[kind].get(key, 0)
                            for key, value in after[kind].items()
                        }
                        for kind in ("seconds", "calls")
                    },
                }
            )
            # Written after every build: `run.py` reads it while the server runs.
            _write(args.report, report)

    serve_command.build = measured_build
    # run.py stops the server with SIGINT, as Ctrl-C would.
    with contextlib.suppress(KeyboardInterrupt):
        serve_command.serve(
            config_file=args.config,
            dev_addr=args.address,
            livereload=True,
            # static-i18n reads `--dirty` from sys.argv for its other languages: it is there.
            build_type="dirty" if args.dirty else None,
        )
    return report


def _write(path: str, report: dict[str, Any]) -> None:
    temporary = f"{path}.tmp"
    Path(temporary).write_text(json.dumps(report), encoding="utf-8")
    os.replace(temporary, path)


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build")
    build_parser.add_argument("config")
    build_parser.add_argument("site_dir")
    build_parser.add_argument("report")
    build_parser.add_argument("--pages")
    build_parser.add_argument("--profile")
    serve_parser = commands.add_parser("serve")
    serve_parser.add_argument("config")
    serve_parser.add_argument("address")
    serve_parser.add_argument("report")
    serve_parser.add_argument("--dirty", action="store_true", help="as `mkdocs serve --dirty`")
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # jieba reports loading its dictionary on every build.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    os.chdir(Path(args.config).parent)
    report = build(args) if args.command == "build" else serve(args)
    report["worker_seconds"] = time.perf_counter() - STARTED
    _write(args.report, report)


if __name__ == "__main__":
    main()
