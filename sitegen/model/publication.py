"""Whether an item is on the site: a draft never is (the live preview shows it, marked), and an
item with publish_from or publish_until only within that window, as seen at the build's moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from schemas.clock import SITE_TIMEZONE, wall_clock

if TYPE_CHECKING:
    from schemas import Item


@dataclass(frozen=True)
class Publication:
    """The moment a build publishes for, and whether it shows drafts (the live preview)."""

    moment: datetime
    drafts: bool = False

    def shows(self, item: Item) -> bool:
        """Whether this build makes the item's pages."""
        return (self.drafts or not item.draft) and within_window(item, self.moment)

    def publishes(self, item: Item) -> bool:
        """Whether the published site (a build without drafts) has the item."""
        return not item.draft and within_window(item, self.moment)


def build_moment(today: date, now: datetime | None) -> datetime:
    """The moment a build publishes for: now, on the day it is; the start of 'today' for a
    build whose 'today' is fixed to another day (--today), which then sees that whole day's
    publish_from days but none of its times."""
    if now is not None and now.astimezone(SITE_TIMEZONE).date() == today:
        return now.astimezone(SITE_TIMEZONE)
    return datetime.combine(today, time(0), SITE_TIMEZONE)


def within_window(item: Item, moment: datetime) -> bool:
    if item.publish_from is not None and moment < publication_start(item.publish_from):
        return False
    return item.publish_until is None or moment < publication_end(item.publish_until)


def why_unpublished(item: Item, moment: datetime) -> str | None:
    """Why the published site does not have the item, in words for an error; None if it does."""
    if item.draft:
        return "is a draft"
    if item.publish_from is not None and moment < publication_start(item.publish_from):
        return f"is published from {written(item.publish_from)}"
    if item.publish_until is not None and moment >= publication_end(item.publish_until):
        return f"was published until {written(item.publish_until)}"
    return None


def next_publication_change(items: Iterable[Item], publication: Publication) -> datetime | None:
    """The first moment after the build's at which an item appears or disappears by itself."""
    moment = publication.moment
    changes = [
        change
        for item in items
        if publication.drafts or not item.draft
        for change in _changes(item)
        if change > moment
    ]
    return min(changes, default=None)


def window_problem(item: Item) -> str | None:
    """Why the window is empty: publish_until must be after publish_from (the same day for
    both is one day)."""
    start, until = item.publish_from, item.publish_until
    if start is None or until is None or publication_end(until) > publication_start(start):
        return None
    return f"publish_until ({written(until)}) is not after publish_from ({written(start)})"


def _changes(item: Item) -> list[datetime]:
    changes = []
    if item.publish_from is not None:
        changes.append(publication_start(item.publish_from))
    if item.publish_until is not None:
        changes.append(publication_end(item.publish_until))
    return changes


def publication_start(moment: date) -> datetime:
    """The instant a publish_from takes effect: a day from its start, in Dutch time."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(0), SITE_TIMEZONE)


def publication_end(moment: date) -> datetime:
    """The instant a publish_until takes effect: a day at its end (the next midnight)."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment + timedelta(days=1), time(0), SITE_TIMEZONE)


def written(moment: date) -> str:
    """A moment as an editor writes it: 2030-03-12 or 2030-03-12 14:00."""
    if isinstance(moment, datetime):
        return f"{wall_clock(moment):%Y-%m-%d %H:%M}"
    return moment.isoformat()
