"""What a page reads: recorded once, while it is planned, and read by everything that reuses work.

A page shows the items in its context (what it lists) and whatever its planner and template
looked up in the site. The lookups are recorded by planning with a RecordingSite, which notes
each item it hands out and each question asked of it ("the events referring to theme T", "the
events of series S"). From that one record come the page's fingerprint (reuse/fingerprints.py:
the files of the items it reads) and the preview's reach after a change (reuse/affected.py: a
changed item reaches the pages that read it, or that asked a question its old or new version
answers). tests/test_reads.py checks that the record covers every item of a page's context,
and tests/test_incremental.py that no template looks up an item outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from schemas.event import Event
from sitegen.model.entry import Entry
from sitegen.model.site import Site

ItemKey = tuple[str, str]  # (kind, slug)
# A question asked of the site, by what answers it: ("referring", target kind, target slug,
# kind of the referrers), ("series", name), ("all", kind). answered_by says which items answer.
Query = tuple[str, ...]


@dataclass(frozen=True)
class Reads:
    """The items a page reads besides those in its context, and the questions it asked."""

    items: frozenset[ItemKey] = frozenset()
    queries: frozenset[Query] = frozenset()

    def reached_by(self, items: set[ItemKey], answered: set[Query]) -> bool:
        """Whether a change to these items (which answer these questions, before or after the
        change) can change what the page shows."""
        return not self.items.isdisjoint(items) or not self.queries.isdisjoint(answered)


NOTHING_READ = Reads()


def answered_by(site: Site, entry: Entry) -> set[Query]:
    """The questions whose answer in site holds entry: the counterpart of each question that
    RecordingSite records."""
    answered: set[Query] = {("all", entry.kind)}
    for target in site.targets(entry):
        answered.add(("referring", target.kind, target.slug, entry.kind))
    if isinstance(entry.model, Event) and entry.model.series:
        answered.add(("series", entry.model.series))
    return answered


_SITE_FIELDS = tuple(f.name for f in fields(Site) if f.init)  # not what Site.derived made


@dataclass(frozen=True)
class RecordingSite(Site):
    """The site, noting every item it hands out and every question asked of it."""

    read_items: set[ItemKey] = field(default_factory=set)
    asked: set[Query] = field(default_factory=set)

    @classmethod
    def over(cls, site: Site) -> RecordingSite:
        values: dict[str, Any] = {name: getattr(site, name) for name in _SITE_FIELDS}
        return cls(**values)

    def reads(self) -> Reads:
        return Reads(frozenset(self.read_items), frozenset(self.asked))

    def get(self, kind: str, slug: str | None) -> Entry | None:
        found = super().get(kind, slug)
        if found is not None:
            self.read_items.add((kind, found.slug))
        return found

    def all(self, kind: str) -> list[Entry]:
        self.asked.add(("all", kind))
        return super().all(kind)

    def referring(self, target: Entry, kind: str) -> list[Entry]:
        self.asked.add(("referring", target.kind, target.slug, kind))
        return super().referring(target, kind)

    def targets(self, entry: Entry) -> list[Entry]:
        # what an item refers to is written in its own file
        found = super().targets(entry)
        self.read_items.update([(entry.kind, entry.slug), *((e.kind, e.slug) for e in found)])
        return found

    def series(self, event: Entry) -> list[Entry]:
        self.read_items.add((event.kind, event.slug))  # its series is named in its own file
        if isinstance(event.model, Event) and event.model.series:
            self.asked.add(("series", event.model.series))
        return super().series(event)
