"""Snapshots of folders, to show that a build or a refusal left files as they were."""

from __future__ import annotations

from pathlib import Path


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file below folder with its bytes (symbolic links not followed)."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def someones_folder(folder: Path) -> dict[str, bytes]:
    """A folder holding a person's files; returns them for comparing afterwards."""
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "thesis.txt").write_bytes(b"four years of work\n")
    (folder / "photo.jpg").write_bytes(bytes(range(256)))
    return every_file(folder)


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def contents_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
