"""Which pages of the preview's last build a change of content can reach, so that it plans and
fingerprints again only those (and every list page), not every page of the site.

Each item page records what it reads while it is planned (model/reads.py): its item, the items
that one refers to, and the questions it asked ("the events referring to this theme", "the
events of this series"). A changed item reaches the pages that read it, and the pages that
asked a question its old or its new version answers. A change to anything else (settings,
interface strings, 'today', an item added or removed) reaches every page. A list (lists.py) is
named by everything it is made from, so it is taken over while its name is unchanged.
tests/test_preview_equivalence.py compares builds through the preview with clean builds after
random edits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sitegen.model.page import PageSpec
from sitegen.model.reads import ItemKey, Query, answered_by
from sitegen.model.site import Site


@dataclass(frozen=True)
class PlannedBuild:
    """What the preview remembers of the last build it wrote."""

    site: Site
    pages: list[PageSpec]
    fingerprints: dict[str, tuple[PageSpec, str]]  # output path -> (its page, its fingerprint)
    fingerprint_key: str  # the engine, settings, menus and templates the fingerprints assumed


@dataclass(frozen=True)
class Change:
    """The items that changed between two sites, and every question they answer in either."""

    items: set[ItemKey]
    answered: set[Query]


def what_changed(previous: Site, current: Site) -> Change | None:
    """The items changed from one site to the next; None if every page may differ."""
    if (
        previous.today != current.today
        or previous.settings != current.settings
        or previous.catalogs != current.catalogs
        or previous.entries.keys() != current.entries.keys()
    ):
        return None
    change = Change(set(), set())
    for kind, entries in current.entries.items():
        before = previous.entries[kind]
        if before.keys() != entries.keys():
            return None
        for slug, entry in entries.items():
            if entry.source.digest != before[slug].source.digest:
                change.items.add((kind, slug))
                change.answered.update(answered_by(previous, before[slug]))
                change.answered.update(answered_by(current, entry))
    return change


@dataclass(frozen=True)
class ReusablePages:
    """The previous build's pages that a change did not reach."""

    items: dict[tuple[str, str, str], PageSpec]  # by (kind, slug, language)
    lists: dict[tuple[object, ...], list[PageSpec]]  # by the list's name (PageSpec.group)


NOTHING_REUSABLE = ReusablePages({}, {})


def reusable_pages(previous: PlannedBuild | None, current: Site) -> ReusablePages:
    """The pages of items no change reached, and every list, to take over where the list's
    name (which holds everything it was made from) is unchanged."""
    if previous is None or (change := what_changed(previous.site, current)) is None:
        return NOTHING_REUSABLE
    items: dict[tuple[str, str, str], PageSpec] = {}
    lists: dict[tuple[object, ...], list[PageSpec]] = defaultdict(list)
    for page in previous.pages:
        if page.group is not None:
            lists[page.group].append(page)
        elif page.entry is not None and not page.reads.reached_by(change.items, change.answered):
            items[(page.entry.kind, page.entry.slug, page.lang)] = page
    return ReusablePages(items, dict(lists))
