#!/usr/bin/env python3
"""Benchmark whole builds of a synthetic corpus against the two floors they must beat.

    python benchmarks/run.py --items 1000 [--runs 3] [--keep DIR]

Generates a corpus of N items per language (benchmarks/make_corpus.py), then times, as separate
processes (`python build.py ...`, R runs each, median/min/max): a clean build, a warm rebuild
with nothing changed, a rebuild after one event's title changed, and `check`; then the same
change in the live preview (`build.py serve`), timed from the saved file to the reload event
the open tab gets (benchmarks/live_preview.py). In the same run it measures two floors on the
same corpus: the site's Markdown parser rendering every body on all cores, and reading every
YAML file with PyYAML's C loader. It prints one table; build times are also given
as a ratio to the Markdown floor. Beside our clean builds it times the peers' clean builds of
an equivalent corpus (benchmarks/peer_corpus.py; Hugo, Eleventy, Hugo + Pagefind, each right
after ours), and clean builds of corpora of N / 2 and 1,000 items, and ends with the goals
table of issue 16. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from live_preview import PreviewFailed, PreviewResult, measure_preview
from make_corpus import DEFAULT_SEED, Corpus, generate
from markdown_it import MarkdownIt
from peer_builds import Peer, peers
from peer_corpus import read_corpus

from sitegen.stages.markdown import fast_html, site_markdown

PROJECT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = PROJECT / "build.py"
TODAY = date(2026, 6, 1)  # fixed, so upcoming/past and the output are the same in every run
CACHE_OPTIONS = ("--cache-dir", "--cache")
SKIPPED_OUTPUT_DIRS = ("static", "pagefind")
ENGINE_FOLDERS = ("sitegen", "schemas", "templates", "static")
PREVIEW_PAUSE = 0.5  # seconds between a reload event and the next save: one save, one batch
PEERS = ("hugo", "eleventy", "hugo+pagefind")  # benchmarks/peer_builds.py
SMALL = 1000  # the second size: 'clean build at N = 1,000'

FileState = tuple[int, int, int]  # inode, mtime in ns, size


def say(message: str) -> None:
    """Progress on stderr; the table goes to stdout."""
    print(message, file=sys.stderr, flush=True)


# -- running one process -----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int  # the largest single process (exact, from wait4)
    tree_kb: int  # the whole process tree at its largest (sampled PSS; 0 without /proc)
    cpu_seconds: float  # user + system time of it and every descendant it waited for
    returncode: int
    output: str


class TreeMemory(threading.Thread):
    """Samples the proportional set size (PSS) of a process and all its descendants, summed,
    every `interval` seconds, and keeps the largest sum: the memory a process pool really uses
    (ru_maxrss only gives the largest single process). Linux only; elsewhere it stays 0."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(map(_memory_kb, _tree(self.pid))))
            self.done.wait(self.interval)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kb


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_kb(pid: int) -> int:
    """PSS (shared pages divided among their sharers), else RSS, of one process in KiB."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as info:
                for line in info:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return 0


class RunFailed(RuntimeError):
    pass


def run_process(command: Sequence[str], cwd: Path, timeout: float) -> Run:
    """Run command as a whole process; wall time, and the peak RSS of it and its children.

    os.wait4 gives the rusage of exactly this child: ru_maxrss is the largest resident set of
    the child or any descendant it waited for (e.g. the Pagefind binary), in KiB on Linux.
    """
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        sampler = TreeMemory(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            _kill_group(process.pid)
            process.wait()
            raise
        finally:
            timer.cancel()
            tree_kb = sampler.stop()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        reason = f"timed out after {timeout:.0f} s" if process.returncode < 0 else "failed"
        raise RunFailed(f"{' '.join(command)} {reason} ({process.returncode}):\n{text[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss, tree_kb, cpu, process.returncode, text)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# -- the output folder ---------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, FileState]:
    """Inode, modification time and size of every file under root."""
    states: dict[str, FileState] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path, follow_symlinks=False)
            states[os.path.relpath(path, root)] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return states


@dataclass(frozen=True)
class Rewrites:
    """Files a build wrote (new inode or mtime, or new) or removed, compared with before."""

    written: list[str]
    removed: int
    total: int

    def describe(self) -> str:
        removed = f", {self.removed} removed" if self.removed else ""
        return f"{len(self.written)} of {self.total} files rewritten{removed}"

    def by_kind(self) -> str:
        kinds = Counter(_file_kind(path) for path in self.written)
        return ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "none"


def compare(before: dict[str, FileState], after: dict[str, FileState]) -> Rewrites:
    written = sorted(path for path, state in after.items() if before.get(path) != state)
    return Rewrites(written, len(before.keys() - after.keys()), len(after))


def _file_kind(path: str) -> str:
    """static/, pagefind/ (any search bundle: pagefind-2/, en/pagefind/, ...) or *.extension."""
    parts = path.split(os.sep)
    if parts[0] == "static":
        return "static/"
    if any(part.split("-")[0] == "pagefind" for part in parts[:2]):
        return "pagefind/"
    return f"*{os.path.splitext(path)[1] or '(none)'}"


def count_pages(out: Path) -> int:
    """HTML pages the build wrote (not the static folder or the search bundle)."""
    return sum(
        1
        for path in out.rglob("*.html")
        if path.relative_to(out).parts[0] not in SKIPPED_OUTPUT_DIRS
    )


# -- the engine's cache --------------------------------------------------------------------------


@dataclass
class Cache:
    """Where the engine keeps its persistent cache, as far as the benchmark can tell."""

    option: str | None = None  # e.g. '--cache DIR' in build.py's help
    folder: Path | None = None  # a folder the benchmark clears before every clean build
    note: str = ""
    extra_args: list[str] = field(default_factory=list)
    located: bool = False

    def clear(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def build_help(work: Path, timeout: float, command: str = "build") -> str:
    """build.py's options, read at run time: the engine changes."""
    return run_process([sys.executable, str(BUILD_SCRIPT), command, "--help"], work, timeout).output


def has_option(help_text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text) is not None


def find_cache_option(help_text: str, work: Path) -> Cache:
    """Whether build.py takes a cache folder (then it goes into the benchmark's folder)."""
    for option in CACHE_OPTIONS:
        match = re.search(rf"(?<![\w-]){re.escape(option)}(?:[ =]([A-Z][A-Z_]*))?", help_text)
        if match is None:
            continue
        if match[1]:  # takes a folder: point it into the benchmark's own folder
            folder = work / "cache"
            return Cache(option, folder, f"{option} {folder}", [option, str(folder)])
        return Cache(option, None, f"{option} (a switch)", [option])
    return Cache(note="build.py has no cache option")


def locate_cache(cache: Cache, work: Path, content: Path, clear_project_cache: bool) -> None:
    """Without a cache option: look where a .cache/ folder appeared after the first build."""
    if cache.folder is not None or cache.located:
        return
    cache.located = True
    for candidate in (work / ".cache", content / ".cache"):
        if candidate.is_dir():
            cache.folder = candidate
            cache.note += f"; found {candidate}, cleared before every clean build"
            return
    project_cache = PROJECT / ".cache"
    if project_cache.is_dir():
        if clear_project_cache:
            cache.folder = project_cache
            cache.note += f"; {project_cache} is cleared before every clean build"
        else:
            cache.note += (
                f"; {project_cache} exists and was NOT cleared (pass --clear-project-cache), "
                "so 'clean' builds may have used it"
            )
        return
    cache.note += "; no .cache/ folder appeared: clean = empty output folder only"


# -- the floors ----------------------------------------------------------------------------------


def load_all_yaml(files: list[Path]) -> list[object]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [yaml.load(path.read_text("utf-8"), Loader=loader) for path in files]


def bodies_of(documents: list[object]) -> list[str]:
    """Every Markdown body, in both languages (what the build renders)."""
    bodies = []
    for document in documents:
        if not isinstance(document, dict):
            continue
        for lang in ("nl", "en"):
            text = document.get(lang)
            if isinstance(text, dict) and isinstance(text.get("body"), str) and text["body"]:
                bodies.append(text["body"])
    return bodies


_converter: MarkdownIt | None = None


def _start_converter() -> None:
    """The parsers of sitegen/stages/markdown.py (cmark-gfm, and markdown-it-py with the site's
    output rules for a body that needs them), without the site's finishing (anchors,
    sanitiser): the floor is what Markdown itself costs."""
    global _converter
    _converter = site_markdown()


def _render(body: str) -> str:
    assert _converter is not None
    fast = fast_html(body)
    return fast if fast is not None else str(_converter.render(body))


def markdown_floor(bodies: list[str], workers: int) -> tuple[float, float]:
    """Seconds (wall, CPU) to render every body with a pool of workers, one reused converter
    per worker (pool start-up and sending the HTML back included: a real build pays both)."""
    cpu, started = _our_cpu_seconds(), time.perf_counter()
    if workers == 1:
        _start_converter()
        for body in bodies:
            _render(body)
    else:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        chunk = max(1, len(bodies) // (workers * 16))
        with context.Pool(workers, initializer=_start_converter) as pool:
            pool.map(_render, bodies, chunksize=chunk)
            pool.close()
            pool.join()  # waited for, so the workers' CPU time is counted
    return time.perf_counter() - started, _our_cpu_seconds() - cpu


def yaml_floor(files: list[Path]) -> tuple[float, float]:
    cpu, started = _our_cpu_seconds(), time.perf_counter()
    load_all_yaml(files)
    return time.perf_counter() - started, _our_cpu_seconds() - cpu


# -- the benchmark -------------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    tree_kb: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    def add(self, times: tuple[float, float]) -> None:
        self.seconds.append(times[0])
        self.cpu.append(times[1])


@dataclass
class Settings:
    items: int
    runs: int
    seed: int
    timeout: float
    workers: int
    clear_project_cache: bool
    peers: tuple[str, ...] = PEERS
    growth: bool = True


class Benchmark:
    def __init__(self, settings: Settings, work: Path) -> None:
        self.settings = settings
        self.work = work
        self.content = work / "content"
        self.out = work / "site"
        self.cache = Cache()
        self.corpus = Corpus()
        self.measures: dict[str, Measure] = {}
        self.pages = 0
        self.files = 0
        self.extra: list[str] = []
        self.load = (_load(), 0.0)
        self.cpu = CpuShare()
        self.engine = (engine_digest(), "")
        self.said: dict[str, str] = {}
        self.peers: list[Peer] = []
        self.peer_pages: dict[str, tuple[tuple[int, int], int]] = {}

    def command(self, name: str) -> list[str]:
        command = [sys.executable, str(BUILD_SCRIPT), name, "--content", str(self.content)]
        command += ["--today", TODAY.isoformat()]
        if name == "build":
            command += ["--out", str(self.out), *self.cache.extra_args]
        return command

    def run(
        self,
        name: str,
        command: str | list[str],
        before: Callable[[], None] | None = None,
        extra: Sequence[str] = (),
        cwd: Path | None = None,
    ) -> Run:
        """Time one process: build.py's command (a name), or any command (a list)."""
        if before is not None:
            before()
        # Write back what earlier runs left in the page cache, so this run does not pay for
        # it (on a virtual disk, file creation and deletion cost a lot of system time).
        os.sync()
        argv = self.command(command) if isinstance(command, str) else command
        result = run_process([*argv, *extra], cwd or self.work, self.settings.timeout)
        measure = self.measures.setdefault(name, Measure(name))
        measure.seconds.append(result.seconds)
        measure.rss_kb.append(result.max_rss_kb)
        measure.tree_kb.append(result.tree_kb)
        measure.cpu.append(result.cpu_seconds)
        said = [line for line in result.output.splitlines() if line.strip()]
        say(
            f"  {name}: {result.seconds:.2f} s, largest process {result.max_rss_kb / 1024:.0f} MB,"
            f" process tree {result.tree_kb / 1024:.0f} MB; "
            + (
                f"build.py: {said[0] if said else ''}"
                if isinstance(command, str)
                else f"CPU {result.cpu_seconds:.1f} s; it said: {said[-1] if said else '(nothing)'}"
            )
        )
        if said:
            self.said[name] = said[0]
        return result

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        self.cache.clear()

    def execute(self) -> None:
        s = self.settings
        say(f"writing a corpus of {s.items} items per language to {self.content}")
        started = time.perf_counter()
        self.corpus = generate(s.items, self.content, s.seed, force=True)
        say(f"  {self.corpus.files} files in {time.perf_counter() - started:.1f} s")
        self.write_peers(self.content, self.work)
        help_text = build_help(self.work, s.timeout)
        self.cache = find_cache_option(help_text, self.work)
        no_search = has_option(help_text, "--no-search")

        say("check")
        for _ in range(s.runs):
            self.run("check", "check")
        if no_search:
            say("clean build without the search index")
            for _ in range(s.runs):
                self.run("clean, no search", "build", self.clean, ["--no-search"])
                locate_cache(self.cache, self.work, self.content, s.clear_project_cache)
            self.measures["clean, no search"].note = "--no-search: Pagefind left out"
        say(
            "clean build, each run right after a run of the Markdown floor (same conditions)"
            + "".join(f", then {peer.name}'s clean build" for peer in self.peers)
        )
        bodies = self.bodies()
        for _ in range(s.runs):
            self.markdown_floor(bodies)
            self.run("clean build", "build", self.clean)
            locate_cache(self.cache, self.work, self.content, s.clear_project_cache)
            for peer in self.peers:
                self.run(f"peer {peer.name}", peer.command, peer.clean, cwd=peer.source)
        self.pages = count_pages(self.out)
        self.peer_pages = {peer.name: (peer.pages(), peer.files()) for peer in self.peers}

        say("warm rebuild, nothing changed")
        for _ in range(s.runs):
            before = snapshot(self.out)
            self.run("warm rebuild", "build")
            rewrites = compare(before, snapshot(self.out))
        self.files = rewrites.total
        self.measures["warm rebuild"].note = rewrites.describe()
        self.extra.append(f"warm rebuild rewrote: {rewrites.by_kind()}")

        say("warm rebuild, every content file touched (same bytes, new mtime: a fresh checkout)")
        for _ in range(s.runs):
            touch_all(self.content)
            before = snapshot(self.out)
            self.run("warm, touched", "build")
            rewrites = compare(before, snapshot(self.out))
        self.measures["warm, touched"].note = rewrites.describe()
        self.extra.append(f"touched rebuild rewrote: {rewrites.by_kind()}")

        event = self.content / "events" / f"{self.corpus.events[len(self.corpus.events) // 2]}.yaml"
        original = event.read_text("utf-8")
        say(f"one event changed ({event.name}: its Dutch title)")
        for index in range(s.runs):
            edit_title(event, original, f"(wijziging {index + 1})")
            before = snapshot(self.out)
            self.run("one event changed", "build")
            rewrites = compare(before, snapshot(self.out))
        self.measures["one event changed"].note = rewrites.describe()
        self.extra.append(f"one-event rebuild rewrote: {rewrites.by_kind()}")
        event.write_text(original, "utf-8")
        self.preview(event, original)

        self.floors(bodies)
        self.other_sizes()
        self.load = (self.load[0], _load())
        self.cpu.stop()
        self.engine = (self.engine[0], engine_digest())

    def write_peers(self, content: Path, work: Path) -> list[Peer]:
        """The equivalent corpus for each installed peer (benchmarks/peer_corpus.py)."""
        found, missing = peers(work, self.settings.peers)
        if work == self.work:
            self.extra += [f"left out: {note}" for note in missing]
        if found:
            corpus = read_corpus(content)
            for peer in found:
                written = peer.write(corpus, TODAY)
                say(f"  {peer.name} ({peer.version}): {written.items} items, {written.files} files")
        if work == self.work:
            self.peers = found
        return found

    def other_sizes(self) -> None:
        """Clean builds, ours and each peer's pair by pair, of corpora of other sizes: half of
        N (growth: two sizes a doubling apart) and 1,000 items (the issue's second goal)."""
        s = self.settings
        sizes = {max(1, s.items // 2): "half"} if s.growth else {}
        if s.items != SMALL:
            sizes[SMALL] = "1,000"
        for items in sorted(sizes):
            work = self.work / f"size-{items}"
            say(f"clean builds at N = {items} ({sizes[items]}), ours and the peers', pair by pair")
            content = work / "content"
            generate(items, content, s.seed, force=True)
            found = self.write_peers(content, work)
            out, cache = work / "site", work / "cache"
            command = [
                sys.executable,
                str(BUILD_SCRIPT),
                "build",
                "--content",
                str(content),
                "--today",
                TODAY.isoformat(),
                "--out",
                str(out),
            ]
            if self.cache.option is not None:
                command += (
                    [self.cache.option, str(cache)] if self.cache.folder else [self.cache.option]
                )

            def clean(out: Path = out, cache: Path = cache) -> None:
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(cache, ignore_errors=True)

            for _ in range(s.runs):
                self.run(f"clean {items}", command, clean, cwd=work)
                for peer in found:
                    self.run(f"peer {peer.name} {items}", peer.command, peer.clean, cwd=peer.source)
            shutil.rmtree(work, ignore_errors=True)

    def preview_command(self) -> list[str]:
        """`build.py serve` on the corpus, on a free port, with its own output and cache."""
        help_text = build_help(self.work, self.settings.timeout, "serve")
        command = [sys.executable, "-u", str(BUILD_SCRIPT), "serve", "--content", str(self.content)]
        command += ["--out", str(self.work / "preview-site"), "--port", "0"]
        if has_option(help_text, "--cache"):
            command += ["--cache", str(self.work / "preview-cache")]
        if has_option(help_text, "--today"):
            command += ["--today", TODAY.isoformat()]
        else:
            self.extra.append("preview: serve has no --today, it builds with the real date")
        return command

    def preview(self, event: Path, original: str) -> None:
        """The same change as 'one event changed', saved while the live preview runs."""
        say(f"live preview: {event.name}'s Dutch title, save -> reload event")
        numbers = itertools.count(1)

        def edit() -> None:  # a new title on every call, also when a save is made again
            edit_title(event, original, f"(voorbeeld {next(numbers)})")

        try:
            result = measure_preview(
                self.preview_command(), self.work, [edit] * self.settings.runs,
                self.settings.timeout, PREVIEW_PAUSE,
            )  # fmt: skip
        except PreviewFailed as problem:
            say(f"  live preview failed: {problem}")
            self.extra.append(f"preview: failed ({str(problem).splitlines()[0]})")
            return
        finally:
            event.write_text(original, "utf-8")
        self.record_preview(result)

    def record_preview(self, result: PreviewResult) -> None:
        measure = self.measures.setdefault("preview", Measure("preview"))
        for save in result.saves:
            measure.add((save.seconds, save.cpu_seconds))
            say(f"  {save.describe()}")
        measure.rss_kb.append(result.max_rss_kb)
        logged_ms = [save.logged_ms for save in result.saves if save.logged_ms is not None]
        cli = self.measures["one event changed"].median
        measure.note = f"{measure.median / cli:.2f} x the CLI one-event rebuild"
        if logged_ms:
            measure.note += f"; server logged {statistics.median(logged_ms):.0f} ms (median)"
        self.extra += preview_lines(result, logged_ms)

    def bodies(self) -> list[str]:
        return bodies_of(load_all_yaml(sorted(self.content.rglob("*.yaml"))))

    def markdown_floor(self, bodies: list[str]) -> None:
        workers = self.settings.workers
        floor = self.measures.setdefault("markdown", Measure("markdown"))
        floor.add(markdown_floor(bodies, workers))
        size = sum(len(body.encode()) for body in bodies)
        floor.note = f"{len(bodies)} bodies, {size / 1e6:.1f} MB, {workers} processes"
        say(f"  Markdown floor: {floor.seconds[-1]:.2f} s, CPU {floor.cpu[-1]:.2f} s")

    def floors(self, bodies: list[str]) -> None:
        s = self.settings
        single = self.measures.setdefault("markdown 1", Measure("markdown 1"))
        single.add(markdown_floor(bodies, 1))
        single.note = "one run, for the pool's speed-up"
        say(f"Markdown in one process: {single.seconds[-1]:.2f} s")
        files = sorted(self.content.rglob("*.yaml"))
        say(f"YAML floor: {len(files)} files")
        loaded = self.measures.setdefault("yaml", Measure("yaml"))
        for _ in range(s.runs):
            loaded.add(yaml_floor(files))
        loaded.note = f"{len(files)} files, one process"


def engine_digest() -> str:
    """A digest of the engine's code and templates, to notice a change during the benchmark."""
    hasher = hashlib.blake2b(digest_size=8)
    folders = [PROJECT / name for name in ENGINE_FOLDERS]
    files = [PROJECT / "build.py", *(p for f in folders for p in sorted(f.rglob("*")))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class CpuShare:
    """How much CPU other processes on the machine used while the benchmark ran: busy time
    from /proc/stat minus the CPU time of this process and its children."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.busy = _busy_seconds()
        self.ours = _our_cpu_seconds()
        self.others = -1.0  # cores' worth, on average; -1 where /proc/stat is missing

    def stop(self) -> None:
        busy = _busy_seconds()
        if busy < 0 or self.busy < 0:
            return
        wall = time.perf_counter() - self.started
        others = (busy - self.busy) - (_our_cpu_seconds() - self.ours)
        self.others = max(0.0, others / wall)

    def describe(self) -> str:
        if self.others < 0:
            return "unknown"
        cores = os.cpu_count() or 1
        noisy = "  (the machine was shared: figures are noisy)" if self.others > 0.2 else ""
        return f"{self.others:.2f} of {cores} cores on average{noisy}"


def wait_until_idle(limit: float, window: float = 5.0, threshold: float = 0.15) -> bool:
    """Wait (at most limit seconds) for a window in which other processes use less than
    threshold cores; True if the machine became quiet."""
    deadline = time.perf_counter() + limit
    while True:
        share = CpuShare()
        time.sleep(window)
        share.stop()
        if 0 <= share.others < threshold:
            return True
        if share.others < 0 or time.perf_counter() >= deadline:
            return False
        say(f"waiting for a quiet machine: others use {share.others:.2f} cores")


def _busy_seconds() -> float:
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except (OSError, IndexError):
        return -1.0
    values = [int(value) for value in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    busy = sum(values[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _our_cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def touch_all(folder: Path) -> None:
    """Give every file a new modification time, bytes unchanged (like a fresh git checkout)."""
    now = time.time_ns()
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(now, now))


def edit_title(path: Path, original: str, suffix: str) -> None:
    """Change the Dutch title of one event file (the first 'title:' after 'nl:')."""
    changed, count = re.subn(
        r"^(nl:\n  title: )(.*)$", rf"\g<1>\g<2> {suffix}", original, count=1, flags=re.M
    )
    if count != 1:
        raise RunFailed(f"could not find the Dutch title in {path}")
    path.write_text(changed, "utf-8")


# -- the report ----------------------------------------------------------------------------------


def preview_lines(result: PreviewResult, logged_ms: list[float]) -> list[str]:
    """What the preview row leaves out: its first build, the server's own figures, oddities."""
    seconds = ", ".join(f"{save.seconds * 1000:.0f}" for save in result.saves)
    lines = [
        f"preview (build.py serve: one process, search off): first build {result.first_build:.2f} s"
        f" (start -> ready line); save -> reload event per run: {seconds} ms",
    ]
    logged = [save for save in result.saves if save.logged_ms is not None]
    if logged:
        pages = "/".join(sorted({str(save.pages) for save in logged}))
        rest = statistics.median(save.seconds * 1000 - (save.logged_ms or 0) for save in logged)
        lines.append(
            f"preview server logged per rebuild: {', '.join(f'{ms:.0f}' for ms in logged_ms)} ms"
            f" ({pages} page(s)); the rest, median {rest:.0f} ms, is the watcher noticing the"
            " save and its debounce, and the event itself"
        )
    else:
        lines.append("preview server: no 'page(s) rebuilt in X ms' line seen")
    if result.stray or result.restarts:
        lines.append(
            f"preview: {result.stray} reload event(s) not caused by the benchmark, "
            f"{result.restarts} server restart(s) (engine code edited meanwhile)"
        )
    return lines


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024**2:.0f} GB RAM"
    cores = os.cpu_count() or 1
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores{memory}"
        f"{', ' + model if model else ''}; Python {platform.python_version()}"
    )


ROWS = (  # label in the table, key of the measure
    ("clean build", "clean build"),
    ("clean build, no search", "clean, no search"),
    ("warm rebuild (no change)", "warm rebuild"),
    ("warm, all files touched", "warm, touched"),
    ("rebuild, one event changed", "one event changed"),
    ("preview: one event changed (save -> reload event)", "preview"),
    ("check", "check"),
    ("floor: Markdown, all cores", "markdown"),
    ("Markdown, one process", "markdown 1"),
    ("floor: YAML (CSafeLoader)", "yaml"),
)
LABEL_WIDTH = max(28, *(len(label) + 2 for label, _ in ROWS))


def report(bench: Benchmark) -> str:
    m, s, c = bench.measures, bench.settings, bench.corpus
    floor, floor_cpu = m["markdown"].median, m["markdown"].cpu_median
    counts = ", ".join(f"{count} {kind}" for kind, count in c.counts.items())
    lines = [
        f"sitegen benchmark, N = {s.items} items per language, seed {s.seed}, "
        f"{s.runs} run(s) each, today {TODAY.isoformat()}",
        f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; machine: {machine()}",
        f"CPU used by other processes meanwhile: {bench.cpu.describe()}; "
        f"load average at start {bench.load[0]:.2f}, at end {bench.load[1]:.2f}",
        f"corpus: {c.files} files, {c.bytes / 1e6:.1f} MB ({counts})",
        f"output: {bench.pages} HTML pages, {bench.files} files",
        f"engine cache: {bench.cache.note}",
        "compiled modules: "
        + (
            "not kept (PYTHONDONTWRITEBYTECODE is set: every build compiles the engine again)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else "kept in __pycache__, as an editor's builds keep them"
        ),
        f"engine code digest {bench.engine[0]}"
        + (
            ""
            if bench.engine[0] == bench.engine[1]
            else f", CHANGED during the run (now {bench.engine[1]}): figures mix engine versions"
        ),
        f"build.py said (clean build): {bench.said.get('clean build', '')}",
        f"build.py said (warm rebuild): {bench.said.get('warm rebuild', '')}",
        "",
        f"{'':<{LABEL_WIDTH}}{'median':>9}{'min':>9}{'max':>9}{'CPU':>8}{'max RSS':>9}{'tree':>9}"
        f"{'x floor':>9}{'CPU x':>7}  notes",
    ]
    rows = list(ROWS)
    for index, peer in enumerate(bench.peers):
        rows.insert(2 + index, (f"{peer.name}: clean build", f"peer {peer.name}"))
        m[f"peer {peer.name}"].note = peer_note(bench, peer)
    for label, key in rows:
        measure = m.get(key)
        if measure is None or not measure.seconds:
            continue
        rss = f"{max(measure.rss_kb) / 1024:.0f} MB" if measure.rss_kb else ""
        tree = f"{max(measure.tree_kb) / 1024:.0f} MB" if measure.tree_kb else ""
        ratio = f"{measure.median / floor:.2f}" if measure.rss_kb else ""
        cpu_ratio = f"{measure.cpu_median / floor_cpu:.2f}" if measure.rss_kb and floor_cpu else ""
        lines.append(
            f"{label:<{LABEL_WIDTH}}{measure.median:>8.2f}s{min(measure.seconds):>8.2f}s"
            f"{max(measure.seconds):>8.2f}s{measure.cpu_median:>7.1f}s{rss:>9}{tree:>9}"
            f"{ratio:>9}{cpu_ratio:>7}  {measure.note}"
        )
    clean = m["clean build"]
    lines += [
        "",
        f"peak memory, any build: largest process {_peak(m, 'rss_kb')} MB (max RSS, exact); "
        f"whole process tree {_peak(m, 'tree_kb')} MB (sum of PSS, sampled every 0.1 s)",
        f"pages per second (clean build, median): {bench.pages / clean.median:.0f} "
        f"({bench.pages} HTML pages / {clean.median:.2f} s)",
        f"clean build {clean.median / floor:.2f} x markdown floor (CPU time: "
        f"{clean.cpu_median / floor_cpu if floor_cpu else 0:.2f} x); "
        f"warm rebuild {m['warm rebuild'].median / clean.median:.0%} of clean build",
        "x floor: median wall time / the Markdown floor's; CPU x: the same for CPU seconds (user +"
        " system of the process and all it waited for), which other load disturbs much less",
        *bench.extra,
        *peer_lines(bench),
        "",
        *goals(bench),
    ]
    return "\n".join(lines)


def pair_ratios(m: dict[str, Measure], ours: str, theirs: str) -> list[float]:
    """Ours / theirs for each pair of runs made one right after the other."""
    if ours not in m or theirs not in m:
        return []
    return [a / b for a, b in zip(m[ours].seconds, m[theirs].seconds, strict=False) if b > 0]


def cpu_ratio(m: dict[str, Measure], ours: str, theirs: str) -> float | None:
    """Ours / theirs in CPU seconds (medians): what other load on the machine disturbs less."""
    if ours not in m or theirs not in m or not m[theirs].cpu_median:
        return None
    return m[ours].cpu_median / m[theirs].cpu_median


def peer_note(bench: Benchmark, peer: Peer) -> str:
    ratios = pair_ratios(bench.measures, "clean build", f"peer {peer.name}")
    if not ratios:
        return ""
    listed = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    cpu = cpu_ratio(bench.measures, "clean build", f"peer {peer.name}")
    return (
        f"ours / {peer.name}'s per pair: {listed} (median {statistics.median(ratios):.2f};"
        f" CPU {cpu or 0:.2f})"
    )


def peer_lines(bench: Benchmark) -> list[str]:
    lines = []
    for peer in bench.peers:
        (pages, aliases), files = bench.peer_pages.get(peer.name, ((0, 0), 0))
        lines.append(
            f"{peer.name} {peer.version}: {pages - aliases} HTML pages"
            + (f" (+ {aliases} redirects from /page/1/ to the list)" if aliases else "")
            + f", {files} files; ours: {bench.pages} HTML pages, {bench.files} files"
        )
        if not 0.9 * bench.pages <= pages - aliases <= 1.1 * bench.pages:
            lines.append(
                f"WARNING: {peer.name} wrote {pages - aliases} pages where ours wrote"
                f" {bench.pages}: the corpora are not equivalent, the ratios mean little"
            )
    return lines


def goals(bench: Benchmark) -> list[str]:
    """The goals table of issue 16: what | goal | ours | Hugo | Eleventy | ratio | met?"""
    m, n = bench.measures, bench.settings.items
    names = [peer.name for peer in bench.peers]
    hugo = "Hugo" if "Hugo" in names else None
    other = "Eleventy" if "Eleventy" in names else None
    rows: list[tuple[str, str, str, str, str, str, str]] = []

    def secs(key: str) -> str:
        return f"{m[key].median:.2f} s" if key in m and m[key].seconds else "-"

    def versus(
        ours: str, suffix: str, limit: float, goal: str, what: str, hugo: str | None = hugo
    ) -> None:
        ratios = pair_ratios(m, ours, f"peer {hugo}{suffix}") if hugo else []
        ratio = statistics.median(ratios) if ratios else None
        eleventy = secs(f"peer {other}{suffix}") if other and hugo == "Hugo" else "-"
        theirs, hugos = m.get(f"peer {other}{suffix}"), m.get(f"peer {hugo}{suffix}")
        if theirs and hugos and theirs.seconds and hugos.seconds and eleventy != "-":
            eleventy += f" ({theirs.median / hugos.median:.1f}x Hugo)"
        cpu = cpu_ratio(m, ours, f"peer {hugo}{suffix}")
        rows.append(
            (
                what,
                goal,
                secs(ours),
                secs(f"peer {hugo}{suffix}") if hugo else "-",
                eleventy,
                f"{ratio:.2f}x (CPU {cpu or 0:.2f}x)" if ratio else "-",
                "-" if ratio is None or limit <= 0 else "yes" if ratio <= limit else "no",
            )
        )

    versus(
        "clean build", "", 2.0, "<= 2.0x Hugo (N = 5,000)", f"clean build with search, N = {n:,}"
    )
    if "Hugo + Pagefind" in names:
        what = "  (for scale: the same against Hugo, then Pagefind over its item pages)"
        versus("clean build", "", 0, "-", what, "Hugo + Pagefind")
    small = "clean build" if n == SMALL else f"clean {SMALL}"
    suffix = "" if n == SMALL else f" {SMALL}"
    versus(small, suffix, 2.5, "<= 2.5x Hugo", f"clean build at N = {SMALL:,}")

    def only_ours(what: str, goal: str, ours: str, met: bool) -> None:
        rows.append((what, goal, ours, "-", "-", "-", _met(met)))

    for key, what, limit in (
        ("one event changed", "one event changed, whole build process, with search", 1.0),
        ("preview", "the preview, one event (save -> reload event)", 0.5),
    ):
        if key in m and m[key].seconds:
            only_ours(what, f"< {limit:g} s", secs(key), m[key].median < limit)
    warm, clean = m.get("warm rebuild"), m["clean build"]
    if warm and warm.seconds:
        share = warm.median / clean.median
        rewritten = int(warm.note.split(" ", 1)[0]) if warm.note[:1].isdigit() else -1
        only_ours(
            "warm, nothing changed",
            "<= 10% of clean, rewrites nothing",
            f"{warm.median:.2f} s = {share:.0%}, {rewritten} files rewritten",
            share <= 0.10 and rewritten == 0,
        )
    ours_tree = max(
        (kb for key, x in m.items() if not key.startswith("peer") for kb in x.tree_kb), default=0
    )

    def tree(name: str | None) -> str:
        values = [
            kb
            for key, x in m.items()
            if name and re.fullmatch(rf"peer {re.escape(name)}( \d+)?", key)
            for kb in x.tree_kb
        ]
        return f"{max(values) / 1024**2:.2f} GB" if values else "-"

    rows.append(
        (
            "peak memory, whole process tree (any build)",
            "<= 1 GB",
            f"{ours_tree / 1024**2:.2f} GB",
            tree(hugo),
            tree(other),
            "-",
            _met(ours_tree <= 1024**2),
        )
    )
    half = max(1, n // 2)
    if f"clean {half}" in m and half != n:

        def growth(key: str, small_key: str) -> str:
            if key not in m or small_key not in m:
                return "-"
            return f"{m[key].median / m[small_key].median:.2f}x"

        ours_growth = m["clean build"].median / m[f"clean {half}"].median
        rows.append(
            (
                f"growth: clean build, N = {half:,} -> {n:,}",
                "<= 2.1x the time",
                f"{ours_growth:.2f}x",
                growth(f"peer {hugo}", f"peer {hugo} {half}"),
                growth(f"peer {other}", f"peer {other} {half}"),
                "-",
                _met(ours_growth <= 2.1),
            )
        )
    header = ("what", "goal", "ours", "Hugo", other or "Eleventy", "ours / Hugo", "met?")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    table = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    table.insert(1, "-|-".join("-" * width for width in widths))
    return [
        "goals of issue 16 (ours / Hugo: the median of the ratios of runs made one right after"
        " the other; '-': not measured for that program)",
        *(f"| {line} |" for line in table),
    ]


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


def _peak(measures: dict[str, Measure], key: str) -> str:
    values = [value for m in measures.values() for value in getattr(m, key)]
    return f"{max(values, default=0) / 1024:.0f}"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="items per language (N)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (R)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, help="work in DIR and keep corpus and output")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds before one process is killed"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes for the floor"
    )
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="first wait up to SECONDS for other processes to leave the CPUs alone",
    )
    parser.add_argument(
        "--clear-project-cache",
        action="store_true",
        help="clear the project's .cache/ before clean builds if the engine uses it",
    )
    parser.add_argument(
        "--peers",
        default=",".join(PEERS),
        help="peers to time beside ours, comma-separated, of: hugo, eleventy, hugo+pagefind"
        " ('' for none)",
    )
    parser.add_argument(
        "--no-growth",
        action="store_true",
        help="leave out the clean builds at N / 2 (the growth row)",
    )
    arguments = parser.parse_args(argv)
    unknown = {name for name in arguments.peers.split(",") if name} - set(PEERS)
    if unknown:
        parser.error(f"unknown peer(s): {', '.join(sorted(unknown))}")
    if arguments.items < 1 or arguments.runs < 1 or arguments.workers < 1:
        parser.error("--items, --runs and --workers must be at least 1")
    return arguments


@contextlib.contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
        yield Path(folder)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    settings = Settings(
        arguments.items,
        arguments.runs,
        arguments.seed,
        arguments.timeout,
        arguments.workers,
        arguments.clear_project_cache,
        tuple(name for name in arguments.peers.split(",") if name),
        not arguments.no_growth,
    )
    if arguments.wait_idle > 0 and not wait_until_idle(arguments.wait_idle):
        say("the machine stayed busy: measuring anyway (see 'CPU used by other processes')")
    with work_folder(arguments.keep) as work:
        bench = Benchmark(settings, work)
        try:
            bench.execute()
        except RunFailed as problem:
            say(f"benchmark stopped: {problem}")
            return 1
        print(report(bench))
    return 0


if __name__ == "__main__":
    sys.exit(main())
