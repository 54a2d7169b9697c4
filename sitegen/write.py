"""Stage 5, write: build the new site in a temporary folder and swap it in only when complete."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.render import RenderedPage


class UnsafePath(ValueError):
    """A page URL that would land outside the output folder."""


def write_site(pages: list[RenderedPage], static_dir: Path, out_dir: Path) -> int:
    """Write every page and the static files; the previous out_dir stays intact on any failure."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(out_dir):
        staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            if static_dir.is_dir():
                shutil.copytree(static_dir, staging / "static")
            staging.mkdir(parents=True, exist_ok=True)
            for page in pages:
                target = page_file(staging, page.url)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page.html, encoding="utf-8")
            _swap_in(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return len(pages)


def page_file(root: Path, url: str) -> Path:
    """/agenda/x/ -> root/agenda/x/index.html, refusing anything that would leave root."""
    parts = [part for part in url.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        raise UnsafePath(f"refusing to write the page {url!r}: it would leave the output folder")
    target = root.joinpath(*parts, "index.html")
    if not target.resolve().is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write the page {url!r}: it would leave the output folder")
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
