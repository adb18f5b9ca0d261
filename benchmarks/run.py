"""What the plugin costs next to plain Markdown, from the seed debate to 10,000 pairs.

For each size, in the same run:

(a) the site built with the plugin from a claims database (the seed `data/claims.yaml`, or a
    synthetic one of N pairs, see `synthetic.py`);
(b) the floor: the same pages, exactly as the plugin generates them, written as Markdown files
    into a copy of `docs/` and built with the same `mkdocs.yml` minus the plugin. Pairs the
    plugin keeps out of the sidebar are kept out with MkDocs' `not_in_nav`, and the plugin's
    stylesheet is a file of the floor too, so both sites have the same pages and navigation.

Each build runs in a fresh process (`worker.py`), so that its peak memory is its own. The
plugin's own code is timed inside that process by wrapping its functions. With `--serve`,
`mkdocs serve` runs too: one word of one claim is changed, in the database for (a) and in the
page's Markdown file for (b), and the served page is polled until it shows the new word.

Everything is written to a temporary folder; the results go to `benchmarks/RESULTS.md`.

    .venv/bin/python benchmarks/run.py                      # seed, 100, 1,000 pairs; serve
    .venv/bin/python benchmarks/run.py --sizes seed,100,1000,10000 --runs 3,3,3,1
    .venv/bin/python benchmarks/run.py --sizes seed,100 --runs 1 --serve-sizes ""
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

import synthetic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "worker.py"
SEED = "seed"
CSS = "assets/mkdocs-rebuttal/rebuttal.css"
PLUGIN_CSS = ROOT / "plugins" / "mkdocs_rebuttal" / "assets" / "rebuttal.css"
NAV_LIMIT = 50  # the plugin's default `nav_limit`, which the benchmark sites keep

# The repository's site, reduced to what shapes the build: theme, Markdown extensions and
# plugins, with the same options. No site_url, repo_url or edit_uri: the floor's pages are
# files in docs/ and would get edit links that the plugin's pages do not have.
SYNTHETIC_CONFIG = """\
site_name: Benchmark
theme:
  name: material
  language: zh
  font: false
  features: [navigation.indexes, navigation.footer, search.highlight, content.tooltips]
  palette: {primary: indigo, accent: deep orange}
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
plugins:
  - search:
      pipeline: [stopWordFilter, trimmer]
      lang: [zh, en]
  - rebuttal:
      database: data/claims.yaml
  - i18n:
      docs_structure: suffix
      reconfigure_search: false
      languages:
        - {locale: zh, name: 中文, default: true, build: true}
        - {locale: en, name: English, build: true}
"""


@dataclass
class Project:
    """A site to build: its folder, its config, and what a serve edit changes."""

    name: str
    folder: Path
    pairs: int = 0
    database: Path | None = None

    @property
    def config(self) -> Path:
        return self.folder / "mkdocs.yml"


@dataclass
class BuildResult:
    wall: float
    max_rss_kb: int
    output_bytes: int
    output_files: int
    report: dict[str, Any]


# --- Sites --------------------------------------------------------------------------------


def plugin_project(name: str, folder: Path, seed_data: dict[str, Any], seed: int) -> Project:
    """The site with the plugin: the repository's own, or a synthetic database of N pairs."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    database = folder / "data" / "claims.yaml"
    if name == SEED:
        shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
        shutil.copytree(ROOT / "overrides", folder / "overrides")
        database.parent.mkdir()
        shutil.copy(ROOT / "data" / "claims.yaml", database)
        pairs = len(seed_data["claims"])
    else:
        pairs = int(name)
        (folder / "mkdocs.yml").write_text(SYNTHETIC_CONFIG, encoding="utf-8")
        synthetic.write(database, synthetic.generate(pairs, seed, seed_data))
    return Project(name, folder, pairs, database)


def floor_project(site: Project, folder: Path) -> Project:
    """The same pages as Markdown files, built without the plugin. The generated pages
    themselves are written into its docs/ by the first build of `site` (see `prepare`)."""
    folder.mkdir(parents=True)
    shutil.copytree(site.folder / "docs", folder / "docs")
    if (site.folder / "overrides").is_dir():
        shutil.copytree(site.folder / "overrides", folder / "overrides")
    (folder / "docs" / CSS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PLUGIN_CSS, folder / "docs" / CSS)

    config = yaml.safe_load(site.config.read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config["plugins"] if not (isinstance(p, dict) and "rebuttal" in p)
    ]
    config["extra_css"] = [*config.get("extra_css", []), CSS]
    if site.pairs > NAV_LIMIT:
        # What the plugin's `claims_in_nav: auto` does: pairs are pages, but not in the sidebar.
        config["not_in_nav"] = "/claims/*.md\n!/claims/index.*.md\n"
    (folder / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return Project(f"{site.name} floor", folder, site.pairs)


# --- Builds -------------------------------------------------------------------------------


def run_build(project: Project, site_dir: Path, report: Path, *extra: str) -> BuildResult:
    """One build in a fresh process: wall time from outside, and that process's peak RSS."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    command = [sys.executable, str(WORKER), "build", str(project.config), str(site_dir)]
    command += [str(report), *extra]
    log_path = report.with_suffix(".log")
    with open(log_path, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_env())
        # wait4 gives the resource usage of this child alone, peak RSS included (in KiB on
        # Linux); RUSAGE_CHILDREN would be the largest of all children so far.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_path.read_text(encoding="utf-8")[-3000:]
        raise SystemExit(f"build of {project.name} failed:\n{tail}")
    data = json.loads(report.read_text(encoding="utf-8"))
    size, count = _tree_size(site_dir)
    # Writing the floor's pages is not part of the build.
    wall -= data.get("pages_seconds", 0.0)
    return BuildResult(wall, usage.ru_maxrss, size, count, data)


def _tree_size(folder: Path) -> tuple[int, int]:
    size = count = 0
    for base, _, names in os.walk(folder):
        for name in names:
            size += os.path.getsize(os.path.join(base, name))
            count += 1
    return size, count


def _env() -> dict[str, str]:
    # Material's banner about MkDocs 2.0 is printed on every run and says nothing about this.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


# --- Serve --------------------------------------------------------------------------------


WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")


def edit_database(path: Path, pair_id: str, new_word: str) -> None:
    """Replace the first word of the pair's claim text, English side."""
    text = path.read_text(encoding="utf-8")
    at = re.search(rf"\bid: {re.escape(pair_id)}\n", text)
    assert at is not None, pair_id
    claim_text = text.index("text:", at.end())
    english = re.compile(r"^\s+en:", re.MULTILINE).search(text, claim_text)
    assert english is not None
    start = english.end()
    line = text[start : text.index("\n", start)].strip()
    if not line or line.startswith("{"):
        # A translation that records its original's fingerprint: {text: ..., from: ...}.
        start = text.index("text:", start) + len("text:")
    word = WORD.search(text, start)
    assert word is not None
    path.write_text(text[: word.start()] + new_word + text[word.end() :], encoding="utf-8")


def edit_markdown(path: Path, new_word: str) -> None:
    """Replace the first word of the claim's quoted text, the same word as `edit_database`."""
    text = path.read_text(encoding="utf-8")
    quote = re.compile(r"^> ", re.MULTILINE).search(text)
    assert quote is not None
    word = WORD.search(text, quote.end())
    assert word is not None
    path.write_text(text[: word.start()] + new_word + text[word.end() :], encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_until(check: Any, seconds: float, what: str, interval: float = 0.05) -> float:
    """Polls `check` until it holds; returns the time it held. Gives up after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return time.monotonic()
        time.sleep(interval)
    raise SystemExit(f"gave up after {seconds:.0f} s waiting for {what}")


def measure_serve(
    project: Project, pair_id: str, runs: int, work: Path, timeout: float, dirty: bool
) -> dict[str, Any]:
    """Edit-to-visible times of `mkdocs serve` (`--dirty`: as `make serve` runs it), with the
    server's own account of each build."""
    port = free_port()
    mode = "dirty" if dirty else "full"
    report_path = work / f"serve-{project.name.replace(' ', '-')}-{mode}.json"
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    mount = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    page = f"http://127.0.0.1:{port}{mount}en/claims/{pair_id}/"
    command = [sys.executable, str(WORKER), "serve", str(project.config)]
    command += [f"127.0.0.1:{port}", str(report_path), *(["--dirty"] if dirty else [])]
    log = open(report_path.with_suffix(".log"), "w", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_env())

    def builds() -> list[dict[str, Any]]:
        try:
            return list(json.loads(report_path.read_text(encoding="utf-8"))["builds"])
        except (OSError, ValueError, KeyError):
            return []

    def settle() -> None:
        # A save can reach the watcher as two events; wait until no build has ended for a
        # few of its 0.5 s polling intervals.
        def quiet() -> bool:
            done = builds()
            return bool(done) and time.time() - done[-1]["ended"] > 2.0

        wait_until(quiet, timeout, "the server to finish building", interval=0.25)

    times, rebuilds = [], []
    try:
        wait_until(lambda: fetch(page) is not None, timeout, "the server to start", 0.25)
        settle()
        for run in range(runs):
            word = f"Edited{run}x"
            before = len(builds())
            start = time.monotonic()
            if project.database is not None:
                edit_database(project.database, pair_id, word)
            else:
                edit_markdown(project.folder / "docs" / "claims" / f"{pair_id}.en.md", word)
            seen = wait_until(lambda w=word: w in (fetch(page) or ""), timeout, "the edit")
            times.append(seen - start)
            settle()
            rebuilds += builds()[before:]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return {"times": times, "rebuilds": rebuilds, "report": builds(), "dirty": dirty}


# --- Profile ------------------------------------------------------------------------------

# Where a profiled build's time goes, by the package of the function that spends it.
PACKAGES = (
    ("mkdocs_rebuttal", "our plugin (mkdocs_rebuttal)"),
    ("mkdocs_static_i18n", "mkdocs-static-i18n"),
    ("material", "Material (theme, search plugin)"),
    ("mkdocs", "MkDocs"),
    ("markdown", "Python-Markdown"),
    ("pymdownx", "Python-Markdown"),
    ("jinja2", "Jinja2 (page templates)"),
    ("markupsafe", "Jinja2 (page templates)"),
    ("jieba", "jieba (Chinese search segmentation)"),
    ("citeproc", "citeproc-py"),
    ("lxml", "lxml"),
    ("yaml", "PyYAML"),
    ("pathspec", "MkDocs"),
    ("watchdog", "MkDocs"),
)


def profile_by_package(path: Path) -> dict[str, float]:
    stats = pstats.Stats(str(path))
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        parts = Path(filename).parts
        name = "Python itself (standard library, builtins)"
        if "site-packages" in parts or "plugins" in parts:
            inner = parts[parts.index("site-packages") + 1 :] if "site-packages" in parts else ()
            if "mkdocs_rebuttal" in parts:
                inner = ("mkdocs_rebuttal",)
            for package, label in PACKAGES:
                if inner and inner[0] == package:
                    name = label
                    break
            else:
                name = f"other ({inner[0] if inner else filename})"
        totals[name] = totals.get(name, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def top_functions(path: Path, package: str, count: int) -> list[tuple[str, float, float, int]]:
    """(function, own time, cumulative time, calls) of one package's most expensive ones."""
    stats = pstats.Stats(str(path))
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if package in Path(filename).parts:
            rows.append((f"{Path(filename).name}:{line} {name}", tottime, cumtime, calls))
    return sorted(rows, key=lambda r: -r[2])[:count]


# --- Main ---------------------------------------------------------------------------------


def parse_runs(text: str, count: int) -> list[int]:
    values = [int(v) for v in text.split(",")]
    if len(values) == 1:
        values *= count
    if len(values) != count or min(values) < 1:
        raise SystemExit("--runs: one number, or one per size")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="seed,100,1000",
        help="comma-separated: 'seed' (data/claims.yaml) and numbers of synthetic pairs",
    )
    parser.add_argument(
        "--runs", default="3", help="builds of each site per size (one, or one per size)"
    )
    parser.add_argument(
        "--serve-sizes", default="seed,1000", help="sizes whose `mkdocs serve` reload is timed"
    )
    parser.add_argument("--serve-runs", type=int, default=5, help="edits per served site")
    parser.add_argument(
        "--serve-full",
        action="store_true",
        help="serve the plugin's site without --dirty, every page rebuilt (not as make serve)",
    )
    parser.add_argument(
        "--profile-size", default="", help="one size to build once more under cProfile"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the databases")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    sizes = [s for s in args.sizes.split(",") if s]
    runs = parse_runs(args.runs, len(sizes))
    serve_sizes = [s for s in args.serve_sizes.split(",") if s]
    for size in {*sizes, *serve_sizes, *filter(None, [args.profile_size])}:
        if size != SEED and not size.isdigit():
            raise SystemExit(f"not a size: {size!r}")
    work = Path(tempfile.mkdtemp(prefix="rebuttal-bench-"))
    print(f"working in {work}", flush=True)
    seed_data = synthetic.load_seed(ROOT / "data" / "claims.yaml")
    results: dict[str, Any] = {
        "command": shlex.join(["benchmarks/run.py", *sys.argv[1:]]),
        "machine": machine(),
        "sizes": {},
        "serve": {},
        "profile": {},
    }
    started = time.monotonic()
    try:
        projects: dict[str, tuple[Project, Project]] = {}
        for size, count in zip(sizes, runs, strict=True):
            results["sizes"][size] = measure_size(size, count, work, seed_data, args, projects)
        for size in serve_sizes:
            if size not in projects:
                prepare(size, work, seed_data, args, projects)
            site, floor = projects[size]
            pairs = pair_ids(floor)
            pair_id = pairs[len(pairs) // 2]
            timeout = 600.0
            print(f"[{size}] serve: edit {pair_id}", flush=True)
            results["serve"][size] = {
                "pair": pair_id,
                "plugin": measure_serve(
                    site, pair_id, args.serve_runs, work, timeout, dirty=not args.serve_full
                ),
                # Plain MkDocs' --dirty would serve a wrong site (search, sidebar): the floor
                # rebuilds every page.
                "floor": measure_serve(floor, pair_id, args.serve_runs, work, timeout, False),
            }
            print(f"[{size}] serve: {summarize_serve(results['serve'][size])}", flush=True)
        if args.profile_size:
            size = args.profile_size
            if size not in projects:
                prepare(size, work, seed_data, args, projects)
            site, floor = projects[size]
            results["profile"] = {"size": size}
            for label, project in (("plugin", site), ("floor", floor)):
                stats = work / f"profile-{size}-{label}.pstats"
                # Every reference formatted, as in a first build.
                shutil.rmtree(project.folder / ".cache", ignore_errors=True)
                print(f"[{size}] profiling the {label} build", flush=True)
                result = run_build(
                    project,
                    work / "site",
                    work / f"profile-{label}.json",
                    "--profile",
                    str(stats),
                )
                results["profile"][label] = {
                    "build_seconds": result.report["build_seconds"],
                    "packages": profile_by_package(stats),
                }
                if label == "plugin":
                    results["profile"]["ours"] = top_functions(stats, "mkdocs_rebuttal", 12)
        results["total_seconds"] = time.monotonic() - started
        results["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        args.out.write_text(render_results(results), encoding="utf-8")
        print(f"wrote {args.out} in {results['total_seconds']:.0f} s", flush=True)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def prepare(
    size: str,
    work: Path,
    seed_data: dict[str, Any],
    args: argparse.Namespace,
    projects: dict[str, tuple[Project, Project]],
) -> tuple[Project, Project, BuildResult]:
    """Both sites of one size, and a first build of (a), which writes (b)'s pages."""
    site = plugin_project(size, work / size / "plugin", seed_data, args.seed)
    floor = floor_project(site, work / size / "floor")
    first = run_build(
        site, work / "site", work / f"{size}-plugin-0.json", "--pages", str(floor.folder / "docs")
    )
    projects[size] = (site, floor)
    return site, floor, first


def pair_ids(floor: Project) -> list[str]:
    """The pairs in the database's order, as the claims index lists them."""
    index = (floor.folder / "docs" / "claims" / "index.en.md").read_text(encoding="utf-8")
    return re.findall(r"\]\(([a-z0-9-]+)\.md\)\{ #", index)


def measure_size(
    size: str,
    runs: int,
    work: Path,
    seed_data: dict[str, Any],
    args: argparse.Namespace,
    projects: dict[str, tuple[Project, Project]],
) -> dict[str, Any]:
    print(f"[{size}] generating", flush=True)
    site, floor, first = prepare(size, work, seed_data, args, projects)
    database = site.database
    assert database is not None
    parse = libyaml_parse_seconds(database)
    measured: dict[str, list[BuildResult]] = {"plugin": [], "warm": [], "floor": []}
    for run in range(runs):
        # Alternated, so that a slower minute of the machine hits all alike. "plugin" starts
        # without the formatted references a build keeps (.cache/), as a fresh clone does;
        # "warm" is the next build, which finds them.
        for label, project in (("plugin", site), ("warm", site), ("floor", floor)):
            if run == 0 and label == "plugin":
                result = first  # of a folder just made
            else:
                if label == "plugin":
                    shutil.rmtree(project.folder / ".cache", ignore_errors=True)
                result = run_build(project, work / "site", work / f"{size}-{label}-{run}.json")
            measured[label].append(result)
            print(
                f"[{size}] {label} run {run + 1}/{runs}: {result.wall:.2f} s, "
                f"{result.max_rss_kb / 1024:.0f} MiB",
                flush=True,
            )
    return {
        "pairs": site.pairs,
        "database_bytes": database.stat().st_size,
        "libyaml_parse_seconds": parse,
        "runs": {
            label: [
                {
                    "wall": r.wall,
                    "max_rss_kb": r.max_rss_kb,
                    "output_bytes": r.output_bytes,
                    "output_files": r.output_files,
                    "report": r.report,
                }
                for r in results
            ]
            for label, results in measured.items()
        },
    }


def libyaml_parse_seconds(path: Path) -> float | None:
    """What parsing the file costs with libyaml alone: the floor of any loader."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    yaml.load(text, Loader=loader)
    return time.perf_counter() - start


def machine() -> dict[str, Any]:
    versions = {}
    for name in (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "Markdown",
        "citeproc-py",
        "PyYAML",
        "lxml",
        "jieba",
    ):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "commit": commit or "unknown",
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "versions": versions,
    }


# --- Results ------------------------------------------------------------------------------


def summarize_serve(serve: dict[str, Any]) -> str:
    plugin = statistics.median(serve["plugin"]["times"])
    floor = statistics.median(serve["floor"]["times"])
    return f"plugin {plugin:.2f} s, floor {floor:.2f} s, ratio {plugin / floor:.2f}"


def render_results(results: dict[str, Any]) -> str:
    from report import render

    return render(results)


if __name__ == "__main__":
    main()
