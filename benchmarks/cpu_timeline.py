#!/usr/bin/env python3
"""How many cores a clean build keeps busy, over time, and in which stage (issue 16).

    python benchmarks/cpu_timeline.py --items 1000 [--interval 0.1] [--work DIR]

Writes a corpus (make_corpus.py), then runs one clean `build.py build` in a fresh process whose
stages announce when they start and end (the engine's own functions, wrapped by this script),
and samples the CPU time (and PSS) of the whole process tree from /proc every interval.
Prints, per stage, its wall time and the CPU seconds it used (build process, render workers
and Pagefind apart) with the cores that makes on average, the peak PSS of the whole tree, and
the timeline itself, one line per 0.5 s. Standard library only; Linux only (it reads /proc).
Nothing is asserted: it prints figures. On a shared machine compare CPU seconds: a stage
whose CPU seconds are mostly the build process's is serial, whatever the wall time says.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from make_corpus import DEFAULT_SEED, generate

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-01"
TICKS = os.sysconf("SC_CLK_TCK")

# run in the build process: wraps the stages, logs (name, start, end) on the monotonic clock
_WRAPPER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
log = open(sys.argv[2], "w")
from sitegen import pipeline
from sitegen.stages import write, render
from sitegen.outputs import search_indexer, pagefind_service

def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            log.write(json.dumps([label, start, time.monotonic()]) + "\n")
            log.flush()
    setattr(owner, name, wrapper)

timed(pipeline, "_check", "check (load, validate, link, plan)")
timed(pipeline, "_render_and_write", "render and write")
timed(write.StagedSite, "publish", "publish: search bundles, record, swap")
timed(search_indexer.SearchIndexer, "__call__", "search bundles (Pagefind)")
timed(search_indexer.SearchIndexer, "_index", "  search: one bundle (Pagefind)")
timed(write, "_swap_in", "swap in")
timed(pipeline, "_publish_streamed", "render, write pages, search, swap")
timed(pagefind_service.PagefindService, "ask_for_files", "  pagefind: ask for files")
timed(search_indexer, "_write_bundle", "  pagefind: files into the site")
timed(pagefind_service.PagefindService, "index", "  pagefind: pages in")
from sitegen.reuse import cache as reuse_cache
timed(reuse_cache.BuildCache, "what_to_render", "fingerprints (what to render)")
timed(reuse_cache.BuildCache, "published", "manifest saved")
timed(render, "make_environment", "jinja environment")
import build
sys.argv = ["build.py", *sys.argv[3:]]
start = time.monotonic()
try:
    build.main()
finally:
    log.write(json.dumps(["whole build", start, time.monotonic()]) + "\n")
"""


def _tree(root: int) -> dict[int, tuple[str, float]]:
    """Every process of the tree under root: pid -> (name, CPU seconds so far)."""
    children: dict[int, list[int]] = defaultdict(list)
    stats: dict[int, tuple[str, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        parent = int(fields[1])
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        children[parent].append(int(entry))
        stats[int(entry)] = (name, cpu)
    found: dict[int, tuple[str, float]] = {}
    waiting = [root]
    while waiting:
        pid = waiting.pop()
        if pid in stats:
            found[pid] = stats[pid]
            waiting.extend(children.get(pid, []))
    return found


def _pss(pids: list[int]) -> int:
    """The summed proportional set size of the processes, in bytes (0 for one that ended)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError):
            continue
    return total


def _role(pid: int, name: str, root: int) -> str:
    if pid == root:
        return "build"
    return "pagefind" if "pagefind" in name else "workers"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--work", type=Path, help="folder for corpus, site and cache (kept)")
    arguments = parser.parse_args()
    work = arguments.work or Path(tempfile.mkdtemp(prefix="sitegen-timeline-"))
    content, out, cache = work / "content", work / "site", work / "cache"
    if not content.is_dir():
        generate(arguments.items, content, arguments.seed, force=True)
    log = work / "stages.jsonl"
    command = [sys.executable, "-c", _WRAPPER, str(PROJECT), str(log), "build",
               "--content", str(content), "--out", str(out), "--today", TODAY,
               "--cache", str(cache)]  # fmt: skip
    for folder in (out, cache):  # this script's own, from an earlier run in the same folder
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    samples: list[tuple[float, dict[str, float]]] = []  # (time, role -> CPU seconds so far)
    dead: dict[int, tuple[str, float]] = {}  # the last seen of processes that ended
    peak = 0  # the largest PSS of the whole tree seen in one sample
    peak_roles: dict[str, int] = {}  # its share per role, and when
    peak_at = 0.0
    while process.poll() is None:
        now = time.monotonic()
        tree = _tree(process.pid)
        dead.update(tree)
        by_role: dict[str, int] = defaultdict(int)
        for pid, (name, _) in tree.items():
            by_role[_role(pid, name, process.pid)] += _pss([pid])
        if sum(by_role.values()) > peak:
            peak, peak_roles, peak_at = sum(by_role.values()), dict(by_role), now - started
        totals: dict[str, float] = defaultdict(float)
        for pid, (name, cpu) in dead.items():
            totals[_role(pid, name, process.pid)] += cpu
        samples.append((now, dict(totals)))
        time.sleep(arguments.interval)
    said = process.stdout.read() if process.stdout else ""
    stages = [json.loads(line) for line in log.read_text().splitlines()]
    print(f"N = {arguments.items}: {said.strip().splitlines()[0] if said else ''}")
    print(f"{'stage':42} {'from':>6} {'to':>6} {'wall':>6}  CPU s: build workers pagefind"
          "    all  cores")  # fmt: skip
    roles = ("build", "workers", "pagefind")
    seen: set[str] = set()
    for label, start, end in sorted(stages, key=lambda s: s[1]):
        if end - start < 2 * arguments.interval or label in seen:  # too short to sample
            continue
        seen.add(label)  # of a stage run several times (per bundle), the first
        used = _used(samples, start, end)
        spent = [used.get(role, 0.0) for role in roles]
        print(f"{label:42} {start - started:6.2f} {end - started:6.2f} {end - start:6.2f}"
              f"        {spent[0]:5.1f} {spent[1]:7.1f} {spent[2]:8.1f} {sum(spent):6.1f}"
              f" {sum(spent) / (end - start):6.2f}")  # fmt: skip
    total = samples[-1][1]
    print("CPU seconds of the whole tree: " + ", ".join(
        f"{role} {total.get(role, 0.0):.1f}" for role in roles))  # fmt: skip
    shares = ", ".join(f"{role} {size / 2**20:.0f}" for role, size in sorted(peak_roles.items()))
    print(f"peak PSS of the whole tree (sampled): {peak / 2**20:.0f} MB at {peak_at:.1f} s"
          f" ({shares})")  # fmt: skip
    print("\ntimeline (cores busy in each 0.5 s):")
    step = 0.5
    t = started
    while t < samples[-1][0]:
        used = _used(samples, t, t + step)
        cores = {role: used.get(role, 0.0) / step for role in roles}
        bar = "".join(
            mark * round(cores[role] * 10) for role, mark in zip(roles, "bwp", strict=True)
        )
        print(f"{t - started:6.1f}s {sum(cores.values()):4.2f} {bar}")
        t += step


def _used(
    samples: list[tuple[float, dict[str, float]]], start: float, end: float
) -> dict[str, float]:
    """CPU seconds per role between start and end (nearest samples)."""
    before = max((s for s in samples if s[0] <= start), key=lambda s: s[0], default=samples[0])
    after = min((s for s in samples if s[0] >= end), key=lambda s: s[0], default=samples[-1])
    return {role: after[1].get(role, 0.0) - before[1].get(role, 0.0) for role in after[1]}


if __name__ == "__main__":
    main()
