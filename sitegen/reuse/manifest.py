"""What the previous build published, and the plan that compares this build's outputs with it."""

from __future__ import annotations

import json
import os
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from sitegen.model.files import KeptFile, OutputFile
from sitegen.reuse.digests import digest

MANIFEST_VERSION = 1


OUTDATED = "outdated"  # the fingerprint of a carried-over search index whose pages changed


@dataclass(frozen=True)
class Recorded:
    """What the manifest remembers of one output file."""

    digest: str
    size: int
    mtime_ns: int
    fingerprint: str = ""


@dataclass
class Manifest:
    """The previous build's outputs; a file counts only while its size and mtime still match."""

    files: dict[str, Recorded] = field(default_factory=dict)
    stamp: tuple[int, int] | None = None  # size and mtime of the file it was read from or saved as

    @classmethod
    def load(cls, path: Path | None, known: Manifest | None = None) -> Manifest:
        """The manifest in path; known (the preview's last one) if it is still that file."""
        if path is None or (stamp := _stamp(path)) is None:
            return cls()
        if known is not None and known.stamp == stamp:
            return known
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls()
            files = {name: Recorded(*values) for name, values in data["files"].items()}
            return cls(files, stamp)
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # a damaged cache only costs a full build

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        files = {
            name: [r.digest, r.size, r.mtime_ns, r.fingerprint] for name, r in self.files.items()
        }
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": MANIFEST_VERSION, "files": files}), "utf-8")
        self.stamp = _stamp(temporary)
        temporary.replace(path)

    def still_there(self, out_dir: Path, name: str) -> Recorded | None:
        """The record of name if the file in out_dir is still the one this manifest describes."""
        recorded = self.files.get(name)
        if recorded is None:
            return None
        try:
            status = os.stat(f"{out_dir}/{name}")
        except OSError:
            return None
        if status.st_size != recorded.size or status.st_mtime_ns != recorded.mtime_ns:
            return None
        return recorded


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def manifest_path(cache_dir: Path | None, out_dir: Path) -> Path | None:
    """One manifest per output folder, so builds into different folders do not mix."""
    if cache_dir is None:
        return None
    return cache_dir / "builds" / f"{digest(str(out_dir.resolve()).encode())}.json"


class OutputPlan:
    """Decides, file by file, what the new build publishes: new bytes, or the previous
    build's file kept; it records every decision for the next build's manifest."""

    def __init__(self, previous: Manifest, out_dir: Path, trusted: bool = False) -> None:
        """trusted: the files in out_dir are as previous says (the preview wrote them itself),
        so a page whose fingerprint is unchanged is kept without looking at its file."""
        self._previous = previous
        self._out_dir = out_dir
        self._trusted = trusted
        self._records: dict[str, tuple[str, str]] = {}  # path -> (digest, fingerprint)
        self._kept: set[str] = set()
        self.new_paths: list[str] = []  # the files with new bytes

    def keep_page(self, path: str, fingerprint: str) -> KeptFile | None:
        """Keep a page whose inputs have not changed, without rendering it."""
        if self._trusted:
            recorded = self._previous.files.get(path)
        else:
            recorded = self._previous.still_there(self._out_dir, path)
        if recorded is None or not fingerprint or recorded.fingerprint != fingerprint:
            return None
        return self._keep(path, recorded.digest, fingerprint)

    def add(self, file: OutputFile, fingerprint: str = "") -> OutputFile | KeptFile:
        """A freshly made file; kept instead when its bytes equal the previous build's."""
        new_digest = digest(file.content)
        recorded = self._previous.still_there(self._out_dir, file.path)
        if recorded is not None and recorded.digest == new_digest:
            return self._keep(file.path, new_digest, fingerprint)
        self._records[file.path] = (new_digest, fingerprint)
        self.new_paths.append(file.path)
        return file

    def keep_folder(self, folder: str, fingerprint: str) -> list[KeptFile] | None:
        """Carry over every file of a generated folder (a search bundle), recording fingerprint
        for them (OUTDATED: made from pages that changed since); None if any is missing."""
        names = self._names_in(folder)
        kept = [name for name in names if self._previous.still_there(self._out_dir, name)]
        if not kept or len(kept) != len(names):
            return None
        return [self._keep(name, self._previous.files[name].digest, fingerprint) for name in kept]

    def folder_fingerprint(self, folder: str) -> str | None:
        """The fingerprint the previous build recorded for a generated folder (None: it had
        none; OUTDATED when its files disagree)."""
        marks = {self._previous.files[name].fingerprint for name in self._names_in(folder)}
        if not marks:
            return None
        return marks.pop() if len(marks) == 1 else OUTDATED

    def _names_in(self, folder: str) -> list[str]:
        names = self._sorted_names
        start = bisect_left(names, f"{folder}/")
        return names[start : bisect_left(names, f"{folder}0", start)]  # "0" follows "/"

    @cached_property
    def _sorted_names(self) -> list[str]:
        return sorted(self._previous.files)

    def removed(self) -> list[str]:
        return [name for name in self._previous.files if name not in self._records]

    def manifest_after_write(self, out_dir: Path, generated: dict[str, str]) -> Manifest:
        """What the new build wrote, to compare the next build with; generated: the files of
        generated folders made by this build, with their fingerprints."""
        files = {}
        for name, (file_digest, fingerprint) in self._records.items():
            if name in self._kept:  # checked before the write and not touched by it
                recorded = self._previous.files[name]
                if recorded.fingerprint != fingerprint:
                    recorded = replace(recorded, fingerprint=fingerprint)
                files[name] = recorded
                continue
            status = os.stat(f"{out_dir}/{name}")
            files[name] = Recorded(file_digest, status.st_size, status.st_mtime_ns, fingerprint)
        for name, fingerprint in generated.items():
            status = os.stat(out_dir / name)
            files[name] = Recorded("", status.st_size, status.st_mtime_ns, fingerprint)
        return Manifest(files)

    def _keep(self, path: str, file_digest: str, fingerprint: str) -> KeptFile:
        self._kept.add(path)
        self._records[path] = (file_digest, fingerprint)
        return KeptFile(path)
