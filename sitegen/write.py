"""Stage 5, write: build the new site in a temporary folder and swap it in only when complete."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from sitegen.outputs import OutputFile


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


def write_site(
    files: list[OutputFile],
    static_dir: Path,
    out_dir: Path,
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Write every file and the static folder, run finish (e.g. the search indexer) on the
    result, then swap it in; the previous out_dir stays intact on any failure."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(out_dir):
        staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            if static_dir.is_dir():
                shutil.copytree(static_dir, staging / "static")
            staging.mkdir(parents=True, exist_ok=True)
            for file in files:
                target = safe_target(staging, file.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file.content)
            if finish is not None:
                finish(staging)
            _swap_in(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return len(files)


def safe_target(root: Path, relative: str) -> Path:
    """root/relative, refusing any path that would leave root."""
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".") or "\\" in part for part in path.parts):
        raise UnsafePath(f"refusing to write {relative!r}: it would leave the output folder")
    target = root.joinpath(*path.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write {relative!r}: it would leave the output folder")
    return target


def _swap_in(staging: Path, out_dir: Path) -> None:
    # Two renames: the old site exists until the new one is complete beside it.
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def _exclusive_lock(out_dir: Path) -> Iterator[None]:
    """Two builds into the same folder wait for each other instead of interleaving."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
