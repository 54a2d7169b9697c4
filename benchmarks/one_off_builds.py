#!/usr/bin/env python3
"""Time whole `build.py build` processes of this checkout against another one (e.g. main),
alternating, pair by pair: a clean build, a warm one (nothing changed) and one after one
event's Dutch title changed, with and without search (issue 16: a one-off build after one
change reuses what .cache/ holds).

    python benchmarks/one_off_builds.py --other /path/to/main [--items 1000] [--pairs 5]
        [--clean-pairs 3] [--work DIR] [--variants no-search,search]

Each engine builds into an output and cache folder of its own per variant, from one corpus
(benchmarks/make_corpus.py); before each one-event pair the same event gets a new title, so
both engines build the same change. Prints every pair (wall seconds, CPU seconds of the
process and the children it waited for), the medians and the ratios this / other.
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
Timing = tuple[float, float]  # wall, CPU


def build_command(engine: Path, work: Path, folder: str, search: bool) -> list[str]:
    options = ["--out", str(work / f"site-{folder}"), "--cache", str(work / f"cache-{folder}")]
    options += [] if search else ["--no-search"]
    return [sys.executable, str(engine / "build.py"), "build", "--content",
            str(work / "content"), *options, "--today", TODAY]  # fmt: skip


def timed(command: list[str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def retitle_middle_event(content: Path, run: int) -> None:
    events = sorted((content / "events").glob("*.yaml"))
    path = events[len(events) // 2]
    lines = path.read_text("utf-8").split("\n")
    start = lines.index("nl:")
    for number in range(start + 1, len(lines)):
        if lines[number].startswith("  title:"):
            lines[number] = lines[number].split(" (run ")[0] + f" (run {run})"
            break
    path.write_text("\n".join(lines), "utf-8")


def pairs_of(
    engines: dict[str, Path], work: Path, variant: str, kind: str, count: int, edit_run: list[int]
) -> list[dict[str, Timing]]:
    search = variant == "search"
    pairs = []
    for _ in range(count):
        if kind == "one event":
            edit_run[0] += 1
            retitle_middle_event(work / "content", edit_run[0])
        pair = {}
        for name, engine in engines.items():
            folder = f"{name}-{variant}"
            if kind == "clean":
                for made in (work / f"site-{folder}", work / f"cache-{folder}"):
                    shutil.rmtree(made, ignore_errors=True)
            pair[name] = timed(build_command(engine, work, folder, search))
        pairs.append(pair)
        shown = "  ".join(
            f"{name} {wall:6.2f} s ({cpu:6.2f} CPU)" for name, (wall, cpu) in pair.items()
        )
        print(f"{variant:9} {kind:9} {shown}", file=sys.stderr, flush=True)
    return pairs


def summary(variant: str, kind: str, pairs: list[dict[str, Timing]]) -> str:
    walls = {name: [pair[name][0] for pair in pairs] for name in pairs[0]}
    cpus = {name: [pair[name][1] for pair in pairs] for name in pairs[0]}
    ratios = [pair["this"][0] / pair["other"][0] for pair in pairs]
    every = ", ".join(f"{p['other'][0]:.2f}/{p['this'][0]:.2f}" for p in pairs)
    return (
        f"| {variant} | {kind} | {statistics.median(walls['other']):.2f} | "
        f"{statistics.median(walls['this']):.2f} | {statistics.median(ratios):.2f} | "
        f"{statistics.median(cpus['other']):.2f} | {statistics.median(cpus['this']):.2f} | "
        f"{every} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", type=Path, required=True, help="another checkout (e.g. main)")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--clean-pairs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep corpus, sites and caches here")
    parser.add_argument("--variants", default="no-search,search")
    arguments = parser.parse_args()
    work = arguments.work or Path(tempfile.mkdtemp(prefix="one-off-builds-"))
    if not (work / "content").is_dir():
        generate(arguments.items, work / "content", DEFAULT_SEED)
    engines = {"other": arguments.other.resolve(), "this": PROJECT}
    rows = []
    edit_run = [0]
    for variant in arguments.variants.split(","):
        for kind, count in (("clean", arguments.clean_pairs), ("warm", arguments.pairs),
                            ("one event", arguments.pairs)):  # fmt: skip
            rows.append(summary(variant, kind, pairs_of(engines, work, variant, kind, count,
                                                         edit_run)))  # fmt: skip
    print(f"N = {arguments.items} items per language; other = {engines['other']}")
    print("| variant | build | other (s) | this (s) | this/other | other CPU | this CPU | pairs |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
