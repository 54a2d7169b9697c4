"""What a long-running process (the live preview) keeps between builds, so that a rebuild reads
and validates only the files that changed. A one-off build starts without it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.load import FileMemory
from sitegen.validate import ModelMemory


@dataclass
class BuildMemory:
    files: FileMemory = field(default_factory=dict)  # path -> (mtime, size, what was read)
    models: ModelMemory = field(default_factory=dict)  # (kind, text digest) -> valid model
