"""A build whose inputs are exactly those of the previous build has nothing to do.

The input state is a fingerprint of the name, size and modification time of every file under
content/, templates/ and static/, of the engine's code and of the build options. When it equals
the state recorded after the previous build into the same folder, and that folder is still the
one that build swapped in, the build only repeats the previous report: nothing is read, rendered
or written. Editing files inside site/ by hand is not noticed; deleting .cache/ forces a full
build.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.model.problems import ContentError
from sitegen.reuse.digests import combine, digest, engine_version


@dataclass(frozen=True)
class Report:
    """What a build said, for the next one to say again when it has nothing to do."""

    problems: list[ContentError]
    files: int  # in the output folder
    next_change: datetime | None
    page_counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "problems": [asdict(problem) for problem in self.problems],
            "files": self.files,
            "next_change": self.next_change.isoformat() if self.next_change else None,
            "page_counts": self.page_counts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        change = data["next_change"]
        return cls(
            problems=[ContentError(**problem) for problem in data["problems"]],
            files=data["files"],
            next_change=datetime.fromisoformat(change) if change else None,
            page_counts=data["page_counts"],
        )


@dataclass(frozen=True)
class PreviousBuild:
    input_state: str
    output_identity: list[int]
    report: dict[str, Any]


def input_state(folders: list[Path], settings: list[str]) -> str:
    entries: list[str] = [engine_version(), *settings]
    for folder in folders:
        for root, directories, files in os.walk(folder):
            directories.sort()
            for name in sorted(files):
                try:
                    status = os.stat(os.path.join(root, name))
                except OSError:  # a link to nowhere: the load stage reports it, with its name
                    entries.append(f"{root}/{name}:unreadable")
                    continue
                entries.append(f"{root}/{name}:{status.st_size}:{status.st_mtime_ns}")
    return combine(entries)


def output_identity(out_dir: Path) -> list[int]:
    try:
        status = os.stat(out_dir)
    except OSError:
        return []
    return [status.st_ino, status.st_mtime_ns]


def state_path(cache_dir: Path | None, out_dir: Path) -> Path | None:
    if cache_dir is None:
        return None
    return cache_dir / "builds" / f"{digest(str(out_dir.resolve()).encode())}.state.json"


def load_previous(path: Path | None) -> PreviousBuild | None:
    if path is None or not path.is_file():
        return None
    try:
        return PreviousBuild(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None


def save_previous(path: Path, previous: PreviousBuild) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(previous)), encoding="utf-8")
