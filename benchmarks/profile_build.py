#!/usr/bin/env python3
"""Where the time of a build goes: stage timings and a cProfile of a synthetic corpus.

    python benchmarks/profile_build.py --items 1000 [--items 5000] [--top 25] [--save FILE] [--pool]

For each N, in fresh processes: the wall time of each stage of a clean build, a warm rebuild,
a rebuild with every content file touched and one after an event's title changed (no profiler;
the engine as it runs); then cProfile of a clean build with the engine made to see one CPU, so
that the rendering happens in the profiled process (--pool keeps the engine's pool, and the
profile then only shows the waiting). Prints the costliest functions (cumulative and own time,
as % of the build), the own time per package, and, given two sizes, how each function's time
grew: with five times the items, a linear function takes about 5x. Pagefind runs in its own
process and shows up as waiting time.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import dataclasses
import functools
import importlib
import inspect
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from make_corpus import DEFAULT_SEED, generate
from run import edit_title, touch_all

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-01"
# (file, line, function) -> (calls, primitive calls, own seconds, cumulative seconds, callers)
FunctionKey = tuple[str, int, str]


@dataclass(frozen=True)
class Profile:
    items: int
    stats: pstats.Stats
    stages: str
    pool: bool

    @property
    def seconds(self) -> float:
        return float(self.stats.total_tt)  # type: ignore[attr-defined]

    def table(self) -> dict[FunctionKey, tuple[int, float, float]]:
        """function -> (calls, own seconds, cumulative seconds)."""
        raw = self.stats.stats  # type: ignore[attr-defined]
        return {key: (value[1], value[2], value[3]) for key, value in raw.items()}


def profile_build(items: int, seed: int, work: Path, result: Path, pool: bool) -> None:
    """Generate the corpus and profile `build.py build` on it (in a fresh process, so no
    cache of an earlier build in the same process can help).

    Unless pool is true, the engine is made to see one CPU, so it renders in this process and
    the profile shows the rendering instead of a pool's workers being waited for."""
    content, out, cache = work / "content", work / "site", work / "cache"
    generate(items, content, seed, force=True)
    if not pool:
        setattr(os, "cpu_count", lambda: 1)  # noqa: B010 - read by BuildOptions' default
    sys.path.insert(0, str(PROJECT))
    import build  # the command line, so the profile sees exactly what `build.py build` does

    arguments = ["build", "--content", str(content), "--out", str(out), "--today", TODAY]
    if _has_option("--cache"):
        arguments += ["--cache", str(cache)]
    profiler = cProfile.Profile()
    profiler.enable()
    status = build.main(arguments)
    profiler.disable()
    if status != 0:
        raise SystemExit(f"the build failed with exit status {status}")
    profiler.dump_stats(result)


# The stages: what sitegen/pipeline.py calls, and the modules of the outputs and of writing.
TIMED_MODULES = (
    "sitegen.pipeline",
    "sitegen.stages.write",
    "sitegen.outputs.search",
    "sitegen.outputs.calendar",
    "sitegen.outputs.feeds",
    "sitegen.outputs.sitemap",
)


def _imported_inside_functions(module_name: str) -> Iterator[tuple[ModuleType, str]]:
    """The engine's names a module imports inside its functions (the pipeline imports its
    stages where it uses them, for the start-up of a warm build): each is looked up in its own
    module at every call, so it is timed there."""
    source = Path(importlib.import_module(module_name).__file__ or "").read_text("utf-8")
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen"):
                    module = importlib.import_module(node.module or "")
                    yield from ((module, alias.name) for alias in node.names)


class StageTimer:
    """Wall time of each stage of the pipeline, without a profiler's overhead.

    Wraps every function that sitegen/pipeline.py defines or imports from the engine (at the
    top, or inside the function that uses it), and the functions and classes' methods of the
    modules in TIMED_MODULES, for the duration of one build. Only this process is timed (not
    pool workers). Times nest: 'own' is a stage's time minus the timed stages it called."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = defaultdict(int)
        self.total: dict[str, float] = defaultdict(float)
        self.own: dict[str, float] = defaultdict(float)
        self._children: list[float] = []
        self._originals: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        for module_name in TIMED_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue  # the engine changed; time what is there
            for name, value in list(vars(module).items()):
                defined_in = getattr(value, "__module__", "") or ""
                own = defined_in == module_name
                if not defined_in.startswith("sitegen.") or name in ("build", "main"):
                    continue
                if not own and module_name != "sitegen.pipeline":
                    continue  # imported elsewhere: timed where it is defined or used
                short = defined_in.removeprefix("sitegen.")
                if inspect.isfunction(value):
                    self._replace(module, name, f"{short}.{name}", value)
                elif inspect.isclass(value) and not dataclasses.is_dataclass(value) and own:
                    for attribute, method in list(vars(value).items()):
                        if inspect.isfunction(method) and not attribute.startswith("__"):
                            self._replace(value, attribute, f"{short}.{name}.{attribute}", method)
        wrapped = {(id(owner), attribute) for owner, attribute, _ in self._originals}
        for module, name in _imported_inside_functions("sitegen.pipeline"):
            value = getattr(module, name)
            if inspect.isfunction(value) and (id(module), name) not in wrapped:
                short = value.__module__.removeprefix("sitegen.")
                self._replace(module, name, f"{short}.{name}", value)

    def uninstall(self) -> None:
        for owner, attribute, original in reversed(self._originals):
            setattr(owner, attribute, original)
        self._originals.clear()

    def _replace(self, owner: Any, attribute: str, label: str, original: Any) -> None:
        self._originals.append((owner, attribute, original))
        setattr(owner, attribute, self.wrap(label, original))

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - started
                children = self._children.pop()
                if self._children:
                    self._children[-1] += seconds
                self.calls[label] += 1
                self.total[label] += seconds
                self.own[label] += seconds - children

        return timed

    def report(self, name: str, items: int, seconds: float) -> str:
        lines = [
            f"== stages of {name}, N = {items}: {seconds:.2f} s (no profiler)",
            f"{'total s':>8} {'own s':>7} {'own %':>6} {'calls':>6}  stage"
            " (own: minus the timed stages it called)",
        ]
        for label in sorted(self.total, key=lambda name: self.total[name], reverse=True):
            if self.total[label] < 0.005:
                continue
            lines.append(
                f"{self.total[label]:>8.2f} {self.own[label]:>7.2f} "
                f"{self.own[label] / seconds:>6.1%} {self.calls[label]:>6}  {label}"
            )
        return "\n".join(lines)


def time_stages(items: int, seed: int, work: Path, result: Path) -> None:
    """Stage times of a clean build, a warm rebuild with nothing changed, one with every
    content file touched, and one after an event's title changed."""
    content, out, cache = work / "content", work / "site-stages", work / "cache-stages"
    corpus = generate(items, content, seed, force=True)
    event = content / "events" / f"{corpus.events[len(corpus.events) // 2]}.yaml"
    changes: dict[str, Callable[[], None]] = {
        "a clean build": lambda: None,
        "a warm rebuild (nothing changed)": lambda: None,
        "a warm rebuild, every content file touched": lambda: touch_all(content),
        "a rebuild after one event's title changed": lambda: edit_title(
            event, event.read_text("utf-8"), "(gewijzigd)"
        ),
    }
    sys.path.insert(0, str(PROJECT))
    import build

    arguments = ["build", "--content", str(content), "--out", str(out), "--today", TODAY]
    if _has_option("--cache"):
        arguments += ["--cache", str(cache)]
    reports = []
    for name, change in changes.items():
        change()
        timer = StageTimer()
        timer.install()
        started = time.perf_counter()
        status = build.main(arguments)
        seconds = time.perf_counter() - started
        timer.uninstall()
        if status != 0:
            raise SystemExit(f"the build failed with exit status {status}")
        reports.append(timer.report(name, items, seconds))
    result.write_text("\n\n".join(reports), "utf-8")


def _has_option(option: str) -> bool:
    command = [sys.executable, str(PROJECT / "build.py"), "build", "--help"]
    help_text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text) is not None


def run_profile(items: int, seed: int, folder: Path, save: Path | None, pool: bool) -> Profile:
    result = (save.with_suffix(f".{items}.prof") if save else folder / f"{items}.prof").resolve()
    result.parent.mkdir(parents=True, exist_ok=True)
    work = folder / str(items)
    command = [sys.executable, __file__, "--one", str(items), "--seed", str(seed)]
    command += ["--work", str(work), "--result", str(result), *(["--pool"] if pool else [])]
    print(f"profiling a clean build at N = {items} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    if subprocess.run(command, check=False, cwd=folder).returncode != 0:
        raise SystemExit(f"profiling N = {items} failed")
    stages = folder / f"{items}.stages.txt"
    print(f"timing the stages of a clean build at N = {items} ...", file=sys.stderr, flush=True)
    command = [sys.executable, __file__, "--stages", str(items), "--seed", str(seed)]
    command += ["--work", str(work), "--result", str(stages)]
    if subprocess.run(command, check=False, cwd=folder).returncode != 0:
        raise SystemExit(f"timing the stages at N = {items} failed")
    print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return Profile(items, pstats.Stats(str(result)), stages.read_text("utf-8"), pool)


def _site_package(path: Path) -> tuple[str, ...] | None:
    parts = path.parts
    return parts[parts.index("site-packages") + 1 :] if "site-packages" in parts else None


def name_of(key: FunctionKey) -> str:
    file, line, function = key
    if file == "~":
        return f"built-in {function}"
    path = Path(file)
    inside = _site_package(path)
    if inside is not None:
        short = "/".join(inside)
    elif path.is_relative_to(PROJECT):
        short = str(path.relative_to(PROJECT))
    else:
        short = f"stdlib {path.name}"
    return f"{short}:{line}({function})"


def package_of(key: FunctionKey) -> str:
    """'markdown', 'jinja2', 'sitegen.stages.plan', 'templates', 'stdlib json', ..."""
    path = Path(key[0])
    inside = _site_package(path)
    if inside is not None:
        return inside[0].removesuffix(".py")
    if path.is_relative_to(PROJECT):
        relative = path.relative_to(PROJECT)
        if relative.parts[0] == "templates":
            return "templates (compiled Jinja)"
        return str(relative.with_suffix("")).replace("/", ".")
    return f"stdlib {path.parent.name if path.stem == '__init__' else path.stem}"


def own_time_by_package(profile: Profile) -> dict[str, float]:
    """Own time per package; a built-in's (C) time goes to the package that called it."""
    raw = profile.stats.stats  # type: ignore[attr-defined]
    packages: dict[str, float] = defaultdict(float)
    for key, (_, _, own, _, callers) in raw.items():
        if key[0] != "~":
            packages[package_of(key)] += own
            continue
        for caller, (_, _, own_from_caller, _) in callers.items():
            packages[package_of(caller) if caller[0] != "~" else "built-ins"] += own_from_caller
    return packages


def report(profile: Profile, top: int) -> str:
    table = profile.table()
    total = profile.seconds
    how = (
        "with the engine's pool (its workers are not profiled)"
        if profile.pool
        else "in one process (the engine saw one CPU)"
    )
    lines = [f"== clean build, N = {profile.items}: {total:.2f} s under cProfile, {how}", ""]
    lines.append(f"{'cum %':>6} {'own %':>6} {'calls':>9}  function (by cumulative time)")
    ranked = sorted(table.items(), key=lambda item: item[1][2], reverse=True)
    for key, (calls, own, cumulative) in ranked[:top]:
        lines.append(f"{cumulative / total:>6.1%} {own / total:>6.1%} {calls:>9}  {name_of(key)}")
    lines += ["", f"{'own %':>6}  package or module (own time, C calls counted to the caller)"]
    packages = own_time_by_package(profile)
    for package, own in sorted(packages.items(), key=lambda item: item[1], reverse=True)[:top]:
        lines.append(f"{own / total:>6.1%}  {package}")
    return "\n".join(lines)


def growth(small: Profile, large: Profile, top: int) -> str:
    """Functions whose cumulative time grew faster than the corpus."""
    factor = large.items / small.items
    a, b = small.table(), large.table()
    rows = []
    for key, (calls, _, cumulative) in b.items():
        before = a.get(key)
        if before is None or before[2] < 0.05 or cumulative < 0.2:
            continue
        rows.append((cumulative / before[2], calls / max(before[0], 1), cumulative, key))
    rows.sort(reverse=True)
    lines = [
        f"== growth from N = {small.items} to N = {large.items} (x{factor:g} items; "
        f"whole build x{large.seconds / small.seconds:.2f})",
        f"{'time x':>7} {'calls x':>8} {'cum s':>7}  function (fastest-growing first)",
    ]
    for time_ratio, calls_ratio, cumulative, key in rows[:top]:
        lines.append(f"{time_ratio:>7.2f} {calls_ratio:>8.2f} {cumulative:>7.2f}  {name_of(key)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--items", type=int, action="append", help="N (give twice to compare)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="keep FILE.<N>.prof for other viewers")
    parser.add_argument(
        "--pool",
        action="store_true",
        help="profile with the engine's process pool (the profile then shows only waiting)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the profiled process
    parser.add_argument("--stages", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.one:
        profile_build(
            arguments.one, arguments.seed, arguments.work, arguments.result, arguments.pool
        )
        return 0
    if arguments.stages:
        time_stages(arguments.stages, arguments.seed, arguments.work, arguments.result)
        return 0
    sizes = arguments.items or [1000]
    with tempfile.TemporaryDirectory(prefix="sitegen-profile-") as folder:
        profiles = []
        for items in sizes:
            try:
                profiles.append(
                    run_profile(items, arguments.seed, Path(folder), arguments.save, arguments.pool)
                )
            except SystemExit as failure:
                print(f"{failure}; going on with what was profiled", file=sys.stderr)
    for profile in profiles:
        print(profile.stages, end="\n\n")
        print(report(profile, arguments.top), end="\n\n")
    if len(profiles) >= 2:
        print(growth(profiles[0], profiles[-1], arguments.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
