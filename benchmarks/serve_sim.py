"""Rebuilds as `mkdocs serve --dirty` (`make serve`) makes them, without the server: for sizes
where starting a real server per measurement costs too much (10,000 pairs).

    .venv/bin/python benchmarks/serve_sim.py PROJECT EDITS

PROJECT is a folder with `mkdocs.yml` and `data/claims.yaml` (`run.py --keep` leaves them;
`synthetic.py` makes the database). In one process, as the server: the first build (every
page) and its peak RSS, which is that of a full build with the fast path on (it keeps the
maps and each page's search entries for the next build); then EDITS times the first word of
one claim's English text is changed, as `run.py` changes it, and each rebuild is timed
from loading `mkdocs.yml` to the end of the build, as the server's builder runs. What
`run.py` measures besides (the watcher, the page's reload) is not in it.

    .venv/bin/python benchmarks/serve_sim.py PROJECT EDITS --profile rebuild.pstats

runs one more edit's rebuild under cProfile, writes its statistics and prints where its time
goes, part by part (`PARTS`: cumulative time of the functions that do each part; a part may
hold another, and the profiler slows Python-heavy parts more than others).
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from run import edit_database

QUIET = (
    "mkdocs.commands.build",
    "mkdocs.structure",
    "mkdocs.plugins.material",
    "mkdocs.plugins.mkdocs_static_i18n",
    "mkdocs.plugins.mkdocs_rebuttal.plugin.hooks",
)


# Parts of a rebuild, as (name, file the functions are in, their names).
PARTS = (
    ("ours: database read, checked, modelled", "database/loader.py", ("load_database",)),
    ("ours: pages made again", "pages/site.py", ("generate_site",)),
    ("ours: references listed again", "plugin/hooks.py", ("_format",)),
    ("ours: which pages changed", "plugin/incremental.py", ("files", "read_late", "built")),
    ("static-i18n: each language's files", "mkdocs_static_i18n/plugin.py", ("on_files",)),
    (
        "static-i18n: search entries merged",
        "mkdocs_static_i18n/reconfigure.py",
        ("reconfigure_search_index",),
    ),
    ("Material: search index written", "material/plugins/search/plugin.py", ("on_post_build",)),
    (
        "MkDocs: theme templates (sitemap.xml, 404)",
        "mkdocs/commands/build.py",
        ("_build_theme_template",),
    ),
    ("MkDocs: the theme's files listed", "mkdocs/structure/files.py", ("add_files_from_theme",)),
    ("MkDocs: pages rendered", "mkdocs/commands/build.py", ("_populate_page", "_build_page")),
)


def shares(path: Path) -> list[str]:
    stats: Any = pstats.Stats(str(path))
    whole = max(
        cumulative
        for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items()
        if filename.endswith("mkdocs/commands/build.py") and name == "build"
    )
    lines = [f"profiled rebuild: {whole:.2f} s"]
    for label, where, names in PARTS:
        spent = sum(
            cumulative
            for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items()
            if filename.endswith(where) and name in names
        )
        lines.append(f"{spent / whole:6.1%}  {spent:6.2f} s  {label}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("edits", type=int)
    parser.add_argument("--profile", type=Path, help="profile one more rebuild into this file")
    args = parser.parse_args()
    project, edits = args.project.resolve(), args.edits
    stats = args.profile.resolve() if args.profile else None
    sys.argv[1:] = []
    # static-i18n builds its other languages dirty when the command line says `--dirty`.
    sys.argv.append("--dirty")
    os.chdir(project)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    site_dir = str(project / "site-served")

    def rebuild() -> tuple[float, float]:
        """Wall time and this process's CPU time: on a machine shared with other work, the
        second says more about the rebuild itself."""
        start, cpu = time.monotonic(), time.process_time()
        config = load_config("mkdocs.yml", site_dir=site_dir)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return time.monotonic() - start, time.process_time() - cpu

    load_config("mkdocs.yml", site_dir=site_dir).plugins.on_startup(command="serve", dirty=True)
    first, first_cpu = rebuild()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first build: {first:.2f} s ({first_cpu:.2f} s CPU), peak RSS {peak:.0f} MiB")
    database = project / "data" / "claims.yaml"
    ids = re.findall(r"^ *- id: (\S+)", database.read_text(encoding="utf-8"), re.MULTILINE)
    pair_id = ids[len(ids) // 2]
    times, cpus = [], []
    for n in range(edits):
        time.sleep(1)
        edit_database(database, pair_id, f"Edited{n}x")
        wall, cpu = rebuild()
        times.append(wall)
        cpus.append(cpu)
        print(f"rebuild {n + 1} (pair {pair_id}): {wall:.2f} s ({cpu:.2f} s CPU)", flush=True)
    if stats:
        time.sleep(1)
        edit_database(database, pair_id, "Profiled")
        profile = cProfile.Profile()
        profile.enable()
        rebuild()
        profile.disable()
        profile.dump_stats(str(stats))
        print("\n".join(shares(stats)))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"median rebuild: {statistics.median(times):.2f} s "
        f"({statistics.median(cpus):.2f} s CPU); load average {load}"
    )


if __name__ == "__main__":
    main()
