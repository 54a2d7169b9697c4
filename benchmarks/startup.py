#!/usr/bin/env python3
"""Time the start-up of a whole `build.py build` process on a warm site, against another
checkout of the engine, side by side (issue 16: one-event and warm builds pay it every time).

    python benchmarks/startup.py --other /path/to/main [--items 1000] [--runs 10] [--work DIR]

Writes a corpus (benchmarks/make_corpus.py), builds it once with each engine (each its own
output and cache folder), then runs alternately, this checkout's then the other's, --runs times
each: the warm rebuild (nothing changed), and the rebuild after one event's title changed (a new
title before each pair). It prints per engine the median wall time and CPU seconds (user + sys)
of the whole process (with the children it waited for: render workers, Pagefind), their
ratios, and the ten imports of the warm rebuild that cost most (cumulative, `python -X
importtime`). Both checkouts run with this interpreter.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import DEFAULT_SEED, generate

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-01"
TOP = 10


def build_command(engine: Path, work: Path, name: str) -> list[str]:
    folders = ["--out", str(work / f"site-{name}"), "--cache", str(work / f"cache-{name}")]
    return [sys.executable, str(engine / "build.py"), "build", "--content", str(work / "content"),
            *folders, "--today", TODAY]  # fmt: skip


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys) of one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def top_imports(command: list[str]) -> list[tuple[int, str]]:
    """The imports that took longest, with what they imported (microseconds, cumulative)."""
    run = subprocess.run([command[0], "-X", "importtime", *command[1:]], check=True,
                         capture_output=True, text=True)  # fmt: skip
    found = []
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            found.append((int(cumulative), name.rstrip()))
    return sorted(found, reverse=True)[:TOP]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", type=Path, required=True, help="another checkout (e.g. main)")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--work", type=Path, help="keep corpus, sites and caches here")
    arguments = parser.parse_args()
    work = arguments.work or Path(tempfile.mkdtemp(prefix="startup-"))
    engines = {"this": PROJECT, "other": arguments.other.resolve()}
    try:
        if not (work / "content").is_dir():
            generate(arguments.items, work / "content", DEFAULT_SEED)
        commands = {name: build_command(engine, work, name) for name, engine in engines.items()}
        for command in commands.values():  # the first builds, then one warm: both are warm
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        warm: dict[str, list[tuple[float, float]]] = {name: [] for name in engines}
        for _ in range(arguments.runs):
            for name, command in commands.items():
                warm[name].append(timed(command))
        report(f"warm rebuild, N = {arguments.items}", engines, warm)
        for name, command in commands.items():  # still warm: before the event changes
            print(f"top {TOP} imports of {name}, warm (cumulative, -X importtime, ms):")
            for microseconds, module in top_imports(command):
                print(f"  {microseconds / 1000:7.1f} {module}")
        report(f"one event changed, N = {arguments.items}", engines,
               one_event_runs(work / "content", commands, arguments.runs))  # fmt: skip
    finally:
        if arguments.work is None:
            shutil.rmtree(work, ignore_errors=True)


def one_event_runs(
    content: Path, commands: dict[str, list[str]], runs: int
) -> dict[str, list[tuple[float, float]]]:
    """Each engine's rebuild after one event's title changed, a new title before each pair."""
    event = sorted((content / "events").glob("*.yaml"))[0]
    original = event.read_text(encoding="utf-8")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    try:
        for number in range(runs):
            event.write_text(original.replace("title: ", f"title: ({number}) ", 1), "utf-8")
            for name, command in commands.items():
                times[name].append(timed(command))
    finally:
        event.write_text(original, encoding="utf-8")
    return times


def report(
    what: str, engines: dict[str, Path], times: dict[str, list[tuple[float, float]]]
) -> None:
    runs = len(next(iter(times.values())))
    print(f"{what}, whole process, {runs} runs each alternating (median; min-max)")
    medians = {}
    for name, measured in times.items():
        walls, cpus = [wall for wall, _ in measured], [cpu for _, cpu in measured]
        medians[name] = (statistics.median(walls), statistics.median(cpus))
        print(f"  {name:5} {engines[name]}: wall {medians[name][0]:.3f} s "
              f"({min(walls):.3f}-{max(walls):.3f}), CPU {medians[name][1]:.3f} s "
              f"({min(cpus):.3f}-{max(cpus):.3f})")  # fmt: skip
    wall_ratio = medians["this"][0] / medians["other"][0]
    cpu_ratio = medians["this"][1] / medians["other"][1]
    print(f"  this / other: wall {wall_ratio:.2f}, CPU {cpu_ratio:.2f}")


if __name__ == "__main__":
    main()
