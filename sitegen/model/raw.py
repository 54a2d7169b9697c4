"""Content files as read by the load stage: data and the line of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class RawItem:
    """One content file as read: its data and the line of every value."""

    kind: str
    slug: str
    path: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    digest: str = ""
    # the text of each unquoted value YAML read as a number, yes/no or nothing, as written
    written: dict[FieldPath, str] = field(default_factory=dict)
    # the line of the first line of each literal block (`body: |`) text
    text_starts: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, field_path: FieldPath) -> int | None:
        """The line of the value at field_path, or of its nearest written parent."""
        for end in range(len(field_path), -1, -1):
            line = self.lines.get(tuple(field_path[:end]))
            if line is not None:
                return line
        return None


@dataclass(frozen=True)
class RawContent:
    site: RawItem | None
    catalogs: dict[str, RawItem]
    items: list[RawItem]
    # (kind, slug) of the items whose file is there but could not be read: references to them
    # are not reported as missing too (the file's own error says what to fix)
    unreadable: frozenset[tuple[str, str]] = frozenset()
    catalog_folder: str = "templates/i18n"  # where each language's catalog <code>.yaml lies
