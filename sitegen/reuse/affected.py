"""Which item pages a change of content can reach, so that the live preview plans and
fingerprints again only those (and every list page), not every page of the site.

An item page shows its own item, the items it refers to (organisers, themes, ...), the items
that refer to it (a theme's events and news) and, for an event, the events of its series: the
same inputs its fingerprint is made of (incremental.page_inputs). So a changed item X reaches
the pages of X, of every item X referred to before or refers to now, of every item that refers
to X, and of X's series before and now. A change to anything else (settings, interface strings,
'today', an item added or removed) reaches every page. A list (lists.py) is named by everything
it is made from, so it is taken over while its name is unchanged. tests/test_preview_equivalence.py
compares builds through the preview with clean builds after random edits; a test in
tests/test_incremental.py checks that no page looks up an item outside those inputs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from schemas.event import Event
from sitegen.model.entry import Entry
from sitegen.model.page import PageSpec
from sitegen.model.site import Site

ItemKey = tuple[str, str]  # (kind, slug)


@dataclass(frozen=True)
class PlannedBuild:
    """What the preview remembers of the last build it wrote."""

    site: Site
    pages: list[PageSpec]
    fingerprints: dict[str, tuple[PageSpec, str]]  # output path -> (its page, its fingerprint)
    fingerprint_key: str  # the engine, settings, menus and templates the fingerprints assumed


def items_reached(previous: Site, current: Site) -> set[ItemKey] | None:
    """The items whose pages may differ between the two sites; None if every page may."""
    if (
        previous.today != current.today
        or previous.settings != current.settings
        or previous.catalogs != current.catalogs
        or previous.entries.keys() != current.entries.keys()
    ):
        return None
    changed: list[ItemKey] = []
    for kind, entries in current.entries.items():
        before = previous.entries[kind]
        if before.keys() != entries.keys():
            return None
        changed += [
            (kind, slug)
            for slug, entry in entries.items()
            if entry.source.digest != before[slug].source.digest
        ]
    reached: set[ItemKey] = set()
    for kind, slug in changed:
        for site in (previous, current):
            reached.update(_neighbours(site, site.entries[kind][slug]))
    return reached


def _neighbours(site: Site, entry: Entry) -> set[ItemKey]:
    key = (entry.kind, entry.slug)
    near = [entry, *site.targets(entry), *site.referrers.get(key, [])]
    if isinstance(entry.model, Event):
        near += site.series(entry)
    return {(e.kind, e.slug) for e in near}


@dataclass(frozen=True)
class ReusablePages:
    """The previous build's pages that a change did not reach."""

    items: dict[tuple[str, str, str], PageSpec]  # by (kind, slug, language)
    lists: dict[tuple[object, ...], list[PageSpec]]  # by the list's name (PageSpec.group)


def reusable_pages(previous: PlannedBuild | None, current: Site) -> ReusablePages:
    """The pages of items no change reached, and every list, to take over where the list's
    name (which holds everything it was made from) is unchanged."""
    if previous is None or (reached := items_reached(previous.site, current)) is None:
        return ReusablePages({}, {})
    items: dict[tuple[str, str, str], PageSpec] = {}
    lists: dict[tuple[object, ...], list[PageSpec]] = defaultdict(list)
    for page in previous.pages:
        if page.group is not None:
            lists[page.group].append(page)
        elif page.entry is not None and (page.entry.kind, page.entry.slug) not in reached:
            items[(page.entry.kind, page.entry.slug, page.lang)] = page
    return ReusablePages(items, dict(lists))
