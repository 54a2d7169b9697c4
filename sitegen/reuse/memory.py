"""What a long-running process (the live preview) keeps between builds, so that a rebuild reads
and validates only the files that changed and plans only the pages a change can reach. A
one-off build starts without it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.model.entry import EntryMemory, ModelMemory
from sitegen.reuse.affected import PlannedBuild
from sitegen.reuse.manifest import Manifest
from sitegen.stages.load import FileMemory


@dataclass
class BuildMemory:
    files: FileMemory = field(default_factory=dict)  # path -> (mtime, size, what was read)
    models: ModelMemory = field(default_factory=dict)  # (kind, text digest) -> valid model
    entries: EntryMemory = field(default_factory=dict)  # (kind, slug) -> the last build's entry
    planned: PlannedBuild | None = None  # the pages and fingerprints of the last build written
    manifest: Manifest | None = None  # its manifest, as saved (read again if the file changed)
    output_identity: list[int] = field(default_factory=list)  # of the output folder it left
    owned: frozenset[str] = frozenset()  # the files of that folder its record names
