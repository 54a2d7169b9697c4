"""Stage 5, write: build the new site in a temporary folder and swap it in only when complete.

Files whose bytes did not change are hard-linked from the previous site instead of written,
so they keep their modification time (uploads stay small) and a warm build writes nothing.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.outputs import OutputFile


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


@dataclass(frozen=True)
class KeptFile:
    """An output file that is unchanged since the previous build: carried over, not written."""

    path: str


@dataclass(frozen=True)
class WriteReport:
    written: int
    kept: int


def write_site(
    files: Sequence[OutputFile | KeptFile],
    out_dir: Path,
    finish: Callable[[Path], None] | None = None,
) -> WriteReport:
    """Write every file, run finish (e.g. the search indexer) on the result, then swap it in;
    the previous out_dir stays intact on any failure. Call it under output_lock."""
    out_dir = out_dir.resolve()
    staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    written = kept = 0
    made: set[Path] = set()
    try:
        for file in files:
            target = safe_target(staging, file.path)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if isinstance(file, KeptFile):
                _carry_over(safe_target(out_dir, file.path), target)
                kept += 1
            else:
                target.write_bytes(file.content)
                written += 1
        if finish is not None:
            finish(staging)
        _swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(written, kept)


def safe_target(root: Path, relative: str) -> Path:
    """root/relative, refusing any path that would leave root.

    A lexical check is enough: every folder below root is made by this module, so none of
    them can be a symbolic link that leads elsewhere.
    """
    path = PurePosixPath(relative)
    if (
        not relative
        or path.is_absolute()
        or any(part in ("..", ".") or "\\" in part or "\0" in part for part in path.parts)
    ):
        raise UnsafePath(f"refusing to write {relative!r}: it would leave the output folder")
    return root.joinpath(*path.parts)


def _carry_over(previous: Path, target: Path) -> None:
    try:
        os.link(previous, target)
    except OSError:  # a file system without hard links: copy, keeping the times
        shutil.copy2(previous, target)


def recover_interrupted_build(out_dir: Path) -> None:
    """Clean up after a build that was killed: its half-written folder goes, and if it was
    killed between the two renames of the swap, the previous site is put back."""
    retired = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists() and retired:
        retired[-1].rename(out_dir)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        if leftover.is_dir() and leftover.name.split(".")[-1].startswith(("new-", "old-")):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    # Two renames: the old site exists until the new one is complete beside it.
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Two builds into the same folder wait for each other instead of interleaving: the
    whole decide-render-write step runs under this lock."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            recover_interrupted_build(out_dir)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
