"""The results of `run.py` as Markdown: tables, and each target checked against the numbers.

    .venv/bin/python benchmarks/report.py results.json > RESULTS.md

re-renders the file from the raw results that `run.py --json` saved.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PARTS = (
    ("load", "load (YAML, validation, model)"),
    ("render", "rendering Markdown"),
    ("citations", "citation formatting"),
    ("sanitize", "sanitizing HTML"),
    ("hooks", "other hook work (file list, nav)"),
)
MiB = 1024 * 1024


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if abs(value) >= 0.1 else f"{value * 1000:.0f} ms"


def paired_ratio(builds: list[dict[str, Any]], floors: list[dict[str, Any]]) -> float:
    """The median of each run's ratio: a run's builds follow each other within a minute, so
    that the machine's speed, which drifts by several percent over a run, is nearly the same
    for both."""
    return median(a["wall"] / b["wall"] for a, b in zip(builds, floors, strict=True))


def size_label(size: str, data: dict[str, Any]) -> str:
    pairs = f"{data['pairs']:,}"
    return f"{pairs} (seed)" if size == "seed" else pairs


def ours(run: dict[str, Any]) -> dict[str, float]:
    spent = run["report"]["timers"]["seconds"]
    return {part: spent.get(part, 0.0) for part, _ in PARTS}


def formatted_entries(timers: dict[str, Any]) -> int:
    return int(timers["calls"].get("_render_entry", 0))


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    m = results["machine"]
    versions = ", ".join(f"{name} {v}" for name, v in m["versions"].items())
    sizes: dict[str, Any] = results["sizes"]
    some_run = next((d["runs"]["plugin"][0] for d in sizes.values()), None)
    loader = some_run["report"].get("loader", "?") if some_run else "?"
    source = Path(some_run["report"].get("plugin_source", "?")) if some_run else Path("?")
    inside = (Path(__file__).resolve().parent.parent / "plugins") in source.parents
    plugin = (
        f"this repository at `{m['commit']}`"
        if inside
        else f"a copy outside the repository (`PYTHONPATH`), benchmark at `{m['commit']}`"
    )
    out += [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py`; how it measures and what the numbers mean is in",
        "[benchmarks/README.md](README.md). Every number below comes from the run of:",
        "",
        "```sh",
        f".venv/bin/python {results['command']}",
        "```",
        "",
        f"- date: {results['date']} (UTC); the whole run took {results['total_seconds']:.0f} s",
        f"- machine: {m['cores']} cores, {m['system']}, Python {m['python']}",
        f"- versions: {versions}; PyYAML with libyaml: {'yes' if m['libyaml'] else 'no'}",
        f"- plugin: {plugin}; its loader: “{loader}”",
        "",
    ]
    if sizes:
        out += builds_table(sizes)
        out += ours_table(sizes)
        out += others_table(sizes)
    if results.get("serve"):
        out += serve_table(results["serve"], sizes)
    if results.get("profile"):
        out += profile_tables(results["profile"])
    out += targets(results)
    return "\n".join(out).rstrip() + "\n"


def builds_table(sizes: dict[str, Any]) -> list[str]:
    out = [
        "## Builds",
        "",
        "(a) with the plugin, from the database, as in a fresh clone: every reference is",
        "formatted; (a') the next build, which reads the formatted references (`.cache/`) back;",
        "(b) the floor: the same pages as Markdown files, without the plugin. Wall time of the",
        "whole `mkdocs build --strict` process, median of the runs; the ratios are the median",
        "of each run's ratio (the three builds of a run follow each other); peak RSS of that",
        "process (the largest of the runs); size of the built site.",
        "",
        "| pairs | references | database | runs | (a) plugin | (a') plugin, cache | (b) floor "
        "| (a) / (b) | (a') / (b) | (a) peak RSS | (b) peak RSS | (a) output | (b) output |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, data in sizes.items():
        plugin, floor = data["runs"]["plugin"], data["runs"]["floor"]
        warm = data["runs"].get("warm") or plugin
        a, b = median(r["wall"] for r in plugin), median(r["wall"] for r in floor)
        w = median(r["wall"] for r in warm)
        refs = plugin[0]["report"].get("references", 0)
        out.append(
            f"| {size_label(size, data)} | {refs:,} | {data['database_bytes'] / MiB:.1f} MiB "
            f"| {len(plugin)} | {seconds(a)} | {seconds(w)} | {seconds(b)} "
            f"| {paired_ratio(plugin, floor):.3f} | {paired_ratio(warm, floor):.3f} "
            f"| {max(r['max_rss_kb'] for r in [*plugin, *warm]) / 1024:.0f} MiB "
            f"| {max(r['max_rss_kb'] for r in floor) / 1024:.0f} MiB "
            f"| {plugin[0]['output_bytes'] / MiB:.1f} MiB, {plugin[0]['output_files']:,} files "
            f"| {floor[0]['output_bytes'] / MiB:.1f} MiB, {floor[0]['output_files']:,} files |"
        )
    return [*out, ""]


def ours_table(sizes: dict[str, Any]) -> list[str]:
    out = [
        "## Our code in a build",
        "",
        "Time spent in the plugin's own functions during builds (a) and (a'), medians of the",
        "runs. Both languages are built (static-i18n builds the site once per language); the",
        "database is loaded, rendered and formatted once per build. *entries formatted*: how",
        "many times the citation engine formatted a reference, against references x languages.",
        "*libyaml parse*: `yaml.load(CSafeLoader)` of the same file, the floor of any loader.",
        "",
        "| pairs | " + " | ".join(label for _, label in PARTS) + " | total | share of the build "
        "| build - (b) | entries formatted | libyaml parse |",
        "|---:|" + "---:|" * (len(PARTS) + 5),
    ]
    for size, data in sizes.items():
        for build in ("plugin", "warm"):
            if data["runs"].get(build):
                out.append(ours_row(size, data, build))
    return [*out, ""]


def ours_row(size: str, data: dict[str, Any], build: str) -> str:
    plugin, floor = data["runs"][build], data["runs"]["floor"]
    parts = {part: median(ours(r)[part] for r in plugin) for part, _ in PARTS}
    total = median(sum(ours(r).values()) for r in plugin)
    a = median(r["wall"] for r in plugin)
    gap = median(r["wall"] - f["wall"] for r, f in zip(plugin, floor, strict=True))
    report = plugin[-1]["report"]
    expected = report.get("references", 0) * len(report.get("languages", ()))
    entries = formatted_entries(report["timers"])
    label = size_label(size, data) + (" (a')" if build == "warm" else " (a)")
    return (
        f"| {label} | "
        + " | ".join(seconds(parts[part]) for part, _ in PARTS)
        + f" | {seconds(total)} | {100 * total / a:.1f} % | {seconds(gap)} "
        f"| {entries:,} of {expected:,} | {seconds(data['libyaml_parse_seconds'])} |"
    )


def others_table(sizes: dict[str, Any]) -> list[str]:
    out = [
        "## Not our code: static-i18n's search de-duplication",
        "",
        "After the last language, mkdocs-static-i18n compares every search entry of the default",
        "language with every entry of the other languages (`reconfigure_search_duplicates`):",
        "its time grows with the square of the number of pages, in both builds alike.",
        "",
        "| pairs | in (a) | in (b) | share of (b) |",
        "|---:|---:|---:|---:|",
    ]
    for size, data in sizes.items():
        spent = {
            label: median(
                r["report"].get("other_timers", {}).get("seconds", {}).get("i18n_search_dedupe", 0)
                for r in data["runs"][label]
            )
            for label in ("plugin", "floor")
        }
        b = median(r["wall"] for r in data["runs"]["floor"])
        out.append(
            f"| {size_label(size, data)} | {seconds(spent['plugin'])} | {seconds(spent['floor'])} "
            f"| {100 * spent['floor'] / b:.1f} % |"
        )
    return [*out, ""]


def serve_rows(served: dict[str, Any]) -> tuple[float, float, float, float, int]:
    """(edit to visible, server's build, our code, citation time, entries formatted), medians."""
    rebuilds = served["rebuilds"] or [{"seconds": 0.0, "timers": {"seconds": {}, "calls": {}}}]
    return (
        median(served["times"]),
        median(b["seconds"] for b in rebuilds),
        median(sum(b["timers"]["seconds"].values()) for b in rebuilds),
        median(b["timers"]["seconds"].get("citations", 0.0) for b in rebuilds),
        max(formatted_entries(b["timers"]) for b in rebuilds),
    )


def entries_listed(size: str, served: dict[str, Any], sizes: dict[str, Any]) -> int:
    """References x languages of a served site: what each rebuild lists. Its first build may
    have read them all back from the cache folder, so its count of formatted entries is not
    it."""
    if size in sizes:
        report = sizes[size]["runs"]["plugin"][0]["report"]
        return int(report.get("references", 0)) * len(report.get("languages", ()))
    return int(served["plugin"]["report"][0]["timers"]["calls"].get("_render_entry", 0))


def serve_table(serve: dict[str, Any], sizes: dict[str, Any]) -> list[str]:
    dirty = all(data["plugin"].get("dirty") for data in serve.values())
    how = (
        [
            "(a) is served as `make serve` serves it, `mkdocs serve --dirty`: the plugin rebuilds",
            "only the pages whose output changes (`plugin/incremental.py`); (b) by plain",
            "`mkdocs serve`, which rebuilds every page (MkDocs' own `--dirty` would serve a wrong",
            "search index and sidebar).",
        ]
        if dirty
        else ["Both are served by plain `mkdocs serve`, which rebuilds every page."]
    )
    out = [
        "## `mkdocs serve`: edit to reload",
        "",
        "`mkdocs serve` (livereload on) runs; one word of one claim's English text is changed",
        "and saved, in the database for (a) and in the page's Markdown file for (b); the time is",
        "from the save until the served page shows the new word, median of the edits. Plain",
        "MkDocs notices changes by polling every 0.5 s; the plugin's `fast_serve` has it told",
        "by the system's file events (`plugin/watching.py`). Both wait 0.1 s for a save's last",
        "event before they rebuild.",
        *how,
        "*rebuild*: the server's own build, timed inside its process.",
        "",
        "| site | edits | (a) edit database | (b) edit Markdown | (a) / (b) | (a) rebuild "
        "| (b) rebuild | our code in (a)'s rebuild | citations in it | entries re-formatted |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, data in serve.items():
        a = serve_rows(data["plugin"])
        b = serve_rows(data["floor"])
        refs = entries_listed(size, data, sizes)
        label = "seed (7 pairs)" if size == "seed" else f"{int(size):,} pairs"
        per_entry = a[3] / refs * 1000 if refs else 0.0
        out.append(
            f"| {label}, pair `{data['pair']}` | {len(data['plugin']['times'])} "
            f"| {seconds(a[0])} | {seconds(b[0])} | {a[0] / b[0]:.2f} | {seconds(a[1])} "
            f"| {seconds(b[1])} | {seconds(a[2])} | {seconds(a[3])} ({per_entry:.2f} ms per "
            f"entry) | {a[4]} of {refs} |"
        )
    return [*out, ""]


def profile_tables(profile: dict[str, Any]) -> list[str]:
    size = profile["size"]
    plugin, floor = profile["plugin"], profile["floor"]
    label = "the seed" if size == "seed" else f"{int(size):,} pairs"
    out = [
        f"## Where the time goes ({label}, cProfile)",
        "",
        "One more build of each site under cProfile, which slows Python code down unevenly:",
        "compare shares, not seconds, with the tables above. Own time of the functions,",
        "grouped by the package they belong to.",
        "",
        f"| package | (a) plugin: {seconds(plugin['build_seconds'])} "
        f"| (b) floor: {seconds(floor['build_seconds'])} |",
        "|---|---:|---:|",
    ]
    names = list(dict.fromkeys([*plugin["packages"], *floor["packages"]]))
    for name in names:
        a, b = plugin["packages"].get(name, 0.0), floor["packages"].get(name, 0.0)
        if a < 0.05 and b < 0.05:
            continue
        out.append(f"| {name} | {seconds(a)} | {seconds(b)} |")
    out += [
        "",
        "Our most expensive functions in (a), by cumulative time:",
        "",
        "| function | own time | cumulative | calls |",
        "|---|---:|---:|---:|",
    ]
    for name, own, cumulative, calls in profile.get("ours", []):
        out.append(f"| `{name}` | {seconds(own)} | {seconds(cumulative)} | {calls:,} |")
    return [*out, ""]


def targets(results: dict[str, Any]) -> list[str]:
    sizes: dict[str, Any] = results["sizes"]
    out = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]

    def wall(size: str, label: str) -> float:
        return median(r["wall"] for r in sizes[size]["runs"][label])

    def row(target: str, measured: str, met: bool) -> None:
        out.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

    for size in ("1000", "10000"):
        for label, which in (("plugin", "fresh clone"), ("warm", "formatted references kept")):
            if size in sizes and sizes[size]["runs"].get(label):
                runs = sizes[size]["runs"]
                ratio = paired_ratio(runs[label], runs["floor"])
                row(
                    f"plugin build ≤ 1.05 x floor, {int(size):,} pairs, {which}",
                    f"{ratio:.3f}",
                    ratio <= 1.05,
                )
    if "1000" in sizes and "10000" in sizes:
        for label in ("plugin", "floor"):
            growth = wall("10000", label) / wall("1000", label)
            row(f"10,000 pairs ≤ 11 x 1,000 pairs, {label}", f"{growth:.1f} x", growth <= 11)
        growth = median(sum(ours(r).values()) for r in sizes["10000"]["runs"]["plugin"]) / median(
            sum(ours(r).values()) for r in sizes["1000"]["runs"]["plugin"]
        )
        row("10,000 pairs ≤ 11 x 1,000 pairs, our code", f"{growth:.1f} x", growth <= 11)
    if "10000" in sizes:
        rss = max(r["max_rss_kb"] for r in sizes["10000"]["runs"]["plugin"]) / 1024
        floor_rss = max(r["max_rss_kb"] for r in sizes["10000"]["runs"]["floor"]) / 1024
        row(
            "peak memory ≤ 500 MB at 10,000 pairs, floor (not our code)",
            f"{floor_rss * MiB / 1e6:.0f} MB",
            floor_rss * MiB <= 500e6,
        )
        row(
            "peak memory ≤ 500 MB at 10,000 pairs, plugin",
            f"{rss * MiB / 1e6:.0f} MB",
            rss * MiB <= 500e6,
        )
        row(
            "peak memory ≤ 500 MB at 10,000 pairs, our code (plugin's peak above the floor's)",
            f"{(rss - floor_rss) * MiB / 1e6:.0f} MB",
            (rss - floor_rss) * MiB <= 500e6,
        )
    once = []
    for data in sizes.values():
        for r in data["runs"]["plugin"]:
            report = r["report"]
            expected = report.get("references", 0) * len(report.get("languages", ()))
            once.append(formatted_entries(report["timers"]) <= expected)
    if once:
        row(
            "each reference formatted once per style and language per build",
            f"{sum(once)} of {len(once)} builds",
            all(once),
        )
    for size, data in results.get("serve", {}).items():
        a, b = serve_rows(data["plugin"]), serve_rows(data["floor"])
        refs = entries_listed(size, data, sizes)
        per_entry = a[3] / refs * 1000 if refs else 0.0
        label = "seed" if size == "seed" else f"{int(size):,} pairs"
        row(
            f"serve rebuild: ≤ 1 ms per unchanged entry, {label}",
            f"{per_entry:.2f} ms, {a[4]} of {refs} entries re-formatted",
            per_entry <= 1.0 and a[4] == 0,
        )
        row(f"serve reload ≤ 1.2 x floor, {label}", f"{a[0] / b[0]:.2f}", a[0] / b[0] <= 1.2)
        # Issue 16: edit to reload, as `make serve` serves (with --dirty).
        limit = SERVE_TARGETS.get(size)
        if limit is not None and data["plugin"].get("dirty"):
            row(f"serve reload ≤ {limit:g} s, {label}", seconds(a[0]), a[0] <= limit)
    return [*out, ""]


SERVE_TARGETS = {"seed": 0.6, "1000": 2.0, "10000": 10.0}


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write(render(results))


if __name__ == "__main__":
    main()
