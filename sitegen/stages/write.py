"""Stage 5, write: a build is published whole or not at all.

Two ways, one promise. A build that changes much makes the new site in a temporary folder and
swaps it in when complete; files whose bytes did not change are hard-linked from the previous
site, so they keep their modification time (uploads stay small). A build that changes a few
files (the editor's preview, one changed event) would spend most of its time re-linking
thousands of unchanged files that way, so it writes the new files beside the site, makes the
generated folders (the search bundles) there from the site as it will be, writes a journal
naming them all, then moves them in: a build killed before the journal is complete left the
site untouched, one killed after it is finished by the next build (roll forward), under the
same lock.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from filelock import FileLock

from sitegen.model.files import KeptFile, OutputFile
from sitegen.stages.ownership import (
    RECORD,
    OutputFolderRefused,
    discard_owned,
    files_in,
    read_record,
    record_bytes,
)


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


@dataclass(frozen=True)
class WriteReport:
    written: int
    kept: int
    left_behind: tuple[Path, ...] = ()  # retired folders that hold files the build did not write


IN_PLACE_SHARE = 0.05  # at most this share of the files changed: update the site in place
GENERATED_PROBE = "probe"  # a file name in a generated folder, to check the way to it is clear
STAGING_MARK = ".sitegen-staging"  # in every folder this module makes beside the site


class FolderCannotBeSwapped(OutputFolderRefused):
    """The output folder cannot be renamed, so a new site cannot replace it whole."""

    def __init__(self, out_dir: Path, failure: OSError) -> None:
        super().__init__(
            f"{out_dir} cannot be renamed ({failure.strerror}), and the build replaces its "
            "output folder whole by renaming: if it is a mount point or a mounted volume, "
            "publish into a folder inside it. Nothing was published; the site is as it was."
        )


class ForeignFileInTheWay(OutputFolderRefused):
    """A file the build did not write sits where the build would write one of its own."""


class Generator(Protocol):
    """A step that makes whole folders of the site from its finished pages (the search
    indexer): it reads each page from page_file(path) and writes its folders into root."""

    @property
    def folders(self) -> Sequence[str]:
        """The folders it makes, relative to the site root."""

    def __call__(self, page_file: Callable[[str], Path], root: Path) -> None: ...


def write_site(
    files: Sequence[OutputFile | KeptFile],
    out_dir: Path,
    generator: Generator | None = None,
    removed: Sequence[str] = (),
    owned: frozenset[str] = frozenset(),
) -> WriteReport:
    """Publish files (new bytes, or kept from the previous site) into out_dir, with the folders
    the generator makes from the new site's pages; removed names files of the previous build
    that are gone (the generated folders' old files among them). On any failure the previous
    out_dir stays intact. Only files the previous build wrote are replaced or deleted: those
    its record in out_dir names, and owned. Call it under output_lock."""
    out_dir = out_dir.resolve()
    new = [file for file in files if isinstance(file, OutputFile)]
    if _in_place_is_cheaper(new, removed, len(files), out_dir, generator):
        _update_in_place(new, removed, out_dir, generator, owned)
        return WriteReport(len(new), len(files) - len(new))
    with StagedSite(out_dir, owned) as staged:
        for file in files:
            staged.add(file)
        return staged.publish(generator)


def few_changes(changes: int, total: int) -> bool:
    """Whether changing this many of total files is done in place rather than by a new tree."""
    return changes <= max(50, total * IN_PLACE_SHARE)


class StagedSite:
    """A new site made file by file beside the old one (unchanged files hard-linked from it),
    swapped in whole by publish(); left unpublished, it is deleted. Use it under output_lock.

    owned: files of the previous site that a record other than its own says the build wrote
    (the cache's manifest of a build made before records); with the record, the only files
    the swap deletes."""

    def __init__(self, out_dir: Path, owned: frozenset[str] = frozenset()) -> None:
        self._out_dir = out_dir.resolve()
        self._owned = owned
        self._staging = _beside(self._out_dir, "new")
        self._folders: set[Path] = set()
        self._written = self._kept = 0

    def __enter__(self) -> StagedSite:
        _make_own_folder(self._staging)
        return self

    def __exit__(self, *_: object) -> None:
        _remove_own_folder(self._staging)

    def add(self, file: OutputFile | KeptFile) -> None:
        target = safe_target(self._staging, file.path)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if isinstance(file, KeptFile):
            link_or_copy(safe_target(self._out_dir, file.path), target)
            self._kept += 1
        else:
            target.write_bytes(file.content)
            self._written += 1

    def publish(self, generator: Generator | None = None) -> WriteReport:
        """Run the generator on the complete new site, then swap it in."""
        staging = self._staging
        if generator is not None:
            generator(lambda path: safe_target(staging, path), staging)
        made = [name for name in files_in(staging) if name != STAGING_MARK]
        (staging / RECORD).write_bytes(record_bytes(made))
        (staging / STAGING_MARK).unlink()  # the record now tells recovery what it may delete
        left_behind = _swap_in(staging, self._out_dir, self._owned)
        return WriteReport(self._written, self._kept, left_behind)


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


def link_or_copy(previous: Path, target: Path) -> None:
    """target as a hard link to previous (same bytes and time, no space), or a copy."""
    try:
        os.link(previous, target)
    except OSError:  # a file system without hard links: copy, keeping the times
        shutil.copy2(previous, target)


def _in_place_is_cheaper(
    new: list[OutputFile],
    removed: Sequence[str],
    total: int,
    out_dir: Path,
    generator: Generator | None,
) -> bool:
    """Few new files (removing is cheap), and nothing in the way of writing them in place."""
    if not out_dir.is_dir() or not few_changes(len(new), total):
        return False
    folders = generator.folders if generator is not None else []
    paths = (
        [f.path for f in new] + [*removed] + [f"{folder}/{GENERATED_PROBE}" for folder in folders]
    )
    return all(_clear_way(out_dir, path) for path in paths)


def _clear_way(root: Path, relative: str) -> bool:
    """Whether relative can be replaced or deleted in place: it is not a folder, and every
    folder on the way that exists is a real folder. A folder replaced by a symbolic link must
    not lead a write elsewhere, and a file that becomes a folder (or the reverse) cannot be
    moved in; then the site is made anew instead."""
    target = safe_target(root, relative)
    if target.is_dir():
        return False
    folder = target.parent
    while folder != root:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return False
        folder = folder.parent
    return True


def _update_in_place(
    new: list[OutputFile],
    removed: Sequence[str],
    out_dir: Path,
    generator: Generator | None,
    owned: frozenset[str],
) -> None:
    owned = (read_record(out_dir) or frozenset()) | owned
    staging = _beside(out_dir, "new")
    _make_own_folder(staging)
    try:
        moves = []
        written: dict[str, Path] = {}
        for number, file in enumerate(new):  # their paths were checked by _clear_way
            (staging / str(number)).write_bytes(file.content)
            moves.append((str(number), file.path))
            written[file.path] = staging / str(number)
        if generator is not None:
            moves += _generated(generator, written, staging, out_dir)
        _refuse_foreign_targets(out_dir, [path for _, path in moves], owned)
        # A file that is moved in replaces the old one by itself; removing it first would make
        # finishing the journal a second time (after a kill) delete the file just moved in.
        targets = {path for _, path in moves}
        remove = [path for path in removed if path not in targets and path in owned]
        (staging / "record").write_bytes(record_bytes((owned - set(remove)) | targets))
        moves.append(("record", RECORD))  # last: the record names what the update moved in
        journal = {"staging": staging.name, "moves": moves, "remove": remove}
        temporary = staging / "journal"
        temporary.write_text(json.dumps(journal), encoding="utf-8")
        temporary.replace(_journal_path(out_dir))  # from here on, the update is decided
    except BaseException:
        _remove_own_folder(staging)
        raise
    _apply_journal(out_dir)


def _refuse_foreign_targets(out_dir: Path, targets: list[str], owned: frozenset[str]) -> None:
    """A file someone put in the site since the build looked is never overwritten."""
    foreign = [path for path in targets if path not in owned and (out_dir / path).exists()]
    if foreign:
        raise ForeignFileInTheWay(
            f"{out_dir} holds {', '.join(foreign[:5])}, which this build did not write and "
            "would replace; move it out of the folder and build again"
        )


def _generated(
    generator: Generator, written: dict[str, Path], staging: Path, out_dir: Path
) -> list[tuple[str, str]]:
    """Run the generator on the new site as it will be (new pages from staging, the others
    from out_dir) into staging; the moves that put its files in place."""
    root = staging / "generated"
    root.mkdir()
    generator(lambda path: written.get(path) or safe_target(out_dir, path), root)
    made = sorted(path for path in root.rglob("*") if path.is_file())
    return [(p.relative_to(staging).as_posix(), p.relative_to(root).as_posix()) for p in made]


def _beside(out_dir: Path, role: str) -> Path:
    """A new name for this process's new or retired site folder beside out_dir (recovery
    removes them); random, so that it never names a folder that exists."""
    return out_dir.parent / f".{out_dir.name}.{role}-{os.getpid()}-{secrets.token_hex(4)}"


def _make_own_folder(folder: Path) -> None:
    """A new folder, marked as made by this module so that recovery may delete it whole."""
    folder.mkdir(parents=True)  # fails rather than reuse a folder that exists
    (folder / STAGING_MARK).write_bytes(b"")


def _remove_own_folder(folder: Path) -> None:
    """Delete a folder _make_own_folder made: whole while it has the mark (everything in it
    was written by the build), else what its record names; anything else is left alone."""
    if (folder / STAGING_MARK).is_file():
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.is_dir():
        discard_owned(folder)


def _journal_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.journal"


def _apply_journal(out_dir: Path) -> None:
    """Move the journal's files in and delete the removed ones; safe to repeat after a kill."""
    journal_file = _journal_path(out_dir)
    journal = json.loads(journal_file.read_text(encoding="utf-8"))
    staging = out_dir.parent / journal["staging"]
    emptied = set()
    for path in journal["remove"]:
        target = safe_target(out_dir, path)
        target.unlink(missing_ok=True)
        emptied.add(target.parent)
    for name, path in journal["moves"]:
        source, target = staging / name, safe_target(out_dir, path)
        if source.exists():  # moved already, before the interruption
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    # after the moves, which refill most of them (a search bundle made again)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        _remove_empty_folders(folder, out_dir)
    os.utime(out_dir)  # the site's identity changes, as with a swap
    journal_file.unlink()
    _remove_own_folder(staging)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def recover_interrupted_build(out_dir: Path) -> list[Path]:
    """Clean up after a build that was killed: an update whose journal was written is
    finished, a half-written folder goes, and if it was killed between the two renames of
    the swap, the previous site is put back. Returns the retired sites left because they
    hold files the build did not write."""
    if _journal_path(out_dir).exists():
        try:
            _apply_journal(out_dir)
        except (OSError, ValueError, KeyError, UnsafePath):
            # It cannot be finished: drop it. The interrupted build forgot the previous
            # build's manifest before writing, so this build makes the whole site anew.
            _journal_path(out_dir).unlink(missing_ok=True)
    # exactly the names _beside gives, so that a folder of someone else's such as
    # .site.old-2019 is never taken for one
    own = re.compile(rf"\.{re.escape(out_dir.name)}\.(new|old)-\d+-[0-9a-f]{{8}}")
    leftovers = [p for p in out_dir.parent.iterdir() if own.fullmatch(p.name) and p.is_dir()]
    retired = sorted((p for p in leftovers if ".old-" in p.name), key=lambda p: p.stat().st_mtime)
    if not out_dir.exists() and retired:
        retired[-1].rename(out_dir)
        retired.pop()
    for staging in (p for p in leftovers if ".new-" in p.name):
        _remove_own_folder(staging)
    return [folder for folder in retired if discard_owned(folder)]


def _swap_in(staging: Path, out_dir: Path, owned: frozenset[str]) -> tuple[Path, ...]:
    """Two renames: the old site exists until the new one is complete beside it. Then the old
    one goes, but for anything in it the build did not write (put there during the build):
    that stays, in the retired folder, whose name is returned."""
    retired = _beside(out_dir, "old")
    if out_dir.exists():
        _take_mode_and_owner(out_dir, staging)
        try:
            out_dir.rename(retired)
        except OSError as failure:  # a bind mount (not seen as a mount point), a busy folder
            raise FolderCannotBeSwapped(out_dir, failure) from failure
    staging.rename(out_dir)
    if retired.exists() and discard_owned(retired, owned):
        return (retired,)
    return ()


def _take_mode_and_owner(old: Path, new: Path) -> None:
    """The new site keeps the folder's permissions (a shared web root stays readable)."""
    status = old.stat()
    os.chmod(new, status.st_mode & 0o7777)
    if hasattr(os, "chown"):  # not on Windows
        # as another user, a folder can be given only one's own groups, or none
        with suppress(PermissionError):
            os.chown(new, status.st_uid, status.st_gid)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[list[Path]]:
    """Two builds into the same folder wait for each other instead of interleaving: the
    whole decide-render-write step runs under this lock. It yields the retired sites that
    recovery left because they hold files the build did not write.

    filelock rather than fcntl: the same lock on Windows, where editors run the preview."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(out_dir.parent / f".{out_dir.name}.lock"):
        yield recover_interrupted_build(out_dir)
