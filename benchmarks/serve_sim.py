"""Rebuilds as `mkdocs serve --dirty` (`make serve`) makes them, without the server: for sizes
where starting a real server per measurement costs too much (10,000 pairs).

    .venv/bin/python benchmarks/serve_sim.py PROJECT EDITS

PROJECT is a folder with `mkdocs.yml` and `data/claims.yaml` (`run.py --keep` leaves them;
`synthetic.py` makes the database). In one process, as the server: the first build (every
page) and its peak RSS, which is that of a full build with the fast path on (it keeps the
maps and each page's search entries for the next build); then EDITS times the first word of
one claim's English text is changed, as `run.py` changes it, and each rebuild is timed
from loading `mkdocs.yml` to the end of the build, as the server's builder runs. What
`run.py` measures besides (the watcher's 0.5 s polling, the browser's reload) is not in it.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

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


def main() -> None:
    project, edits = Path(sys.argv[1]).resolve(), int(sys.argv[2])
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
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"median rebuild: {statistics.median(times):.2f} s "
        f"({statistics.median(cpus):.2f} s CPU); load average {load}"
    )


if __name__ == "__main__":
    main()
