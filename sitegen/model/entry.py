"""A validated content item and the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas import Item, SiteSettings
from sitegen.model.derived import Derived
from sitegen.model.raw import RawItem


@dataclass(frozen=True)
class Entry:
    """A validated content item and the file it came from."""

    kind: str
    slug: str
    model: Item
    source: RawItem
    # once per entry: what the stages derive from the item alone (its references, its times);
    # the preview keeps an unchanged file's Entry between builds (EntryMemory)
    derived: Derived = field(default_factory=Derived, init=False, repr=False, compare=False)


@dataclass(frozen=True)
class ValidContent:
    site: SiteSettings | None
    catalogs: dict[str, dict[str, str]]
    entries: list[Entry]
    site_source: RawItem | None
    # (kind, slug) of the items whose file is there but could not be read or is not valid:
    # references to them are not reported as missing too (the file's own errors say what to fix)
    unusable: frozenset[tuple[str, str]] = frozenset()
    # (kind, slug) of the items this build does not publish (stages/publish.py says why, where
    # a published item or a menu refers to one)
    left_out: frozenset[tuple[str, str]] = frozenset()


ModelMemory = dict[tuple[str, ...], Any]  # (kind, text digest, *languages) -> valid model
EntryMemory = dict[tuple[str, str], Entry]  # (kind, slug) -> the last build's entry
