"""The agenda's order: upcoming and past as seen on 'today', months, and filter facets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from schemas.fields import SITE_TIMEZONE, doubled_time
from sitegen.errors import ContentError
from sitegen.validate import Entry

if TYPE_CHECKING:  # link indexes events by these times, so it imports this module
    from sitegen.link import Site

FACETS = ("clusters", "themes", "audience")


def start_key(event: Entry) -> datetime:
    """An event's start as a comparable moment (an all-day event starts at midnight)."""
    start = getattr(event.model, "start")  # noqa: B009 - only events reach here
    if isinstance(start, datetime):
        return start
    return datetime.combine(start, time(0), SITE_TIMEZONE)


def last_day(event: Entry) -> date:
    moment = getattr(event.model, "end", None) or getattr(event.model, "start")  # noqa: B009
    return moment.astimezone(SITE_TIMEZONE).date() if isinstance(moment, datetime) else moment


def doubled_time_warnings(entry: Entry) -> Iterator[ContentError]:
    """A warning for each time written without offset that a Dutch clock shows twice, in the
    autumn night the clocks go back. The model has taken the first; the editor's words are
    needed to tell, as 02:30+02:00 is that same first one, written on purpose."""
    written = entry.source.data if entry.kind == "events" else None
    for field in ("start", "end"):
        value = written.get(field) if isinstance(written, dict) else None
        if isinstance(value, str) and (found := doubled_time(value)):
            line = entry.source.line_of((field,))
            yield ContentError(entry.source.path, line, field, *found, severity="warning")


class EventTime(NamedTuple):
    """When an event is, in the forms the agenda sorts, splits and groups by."""

    order: tuple[datetime, str]  # its start, then its slug
    last_day: date
    month: date  # the first day of the month it starts in


def event_time(event: Entry) -> EventTime:
    start = start_key(event)
    month = start.astimezone(SITE_TIMEZONE).date().replace(day=1)
    return EventTime((start, event.slug), last_day(event), month)


def split_events(site: Site, events: list[Entry] | None = None) -> tuple[list[Entry], list[Entry]]:
    """Upcoming (soonest first) and past (newest first), as seen on the build's 'today'."""
    times = site.event_times
    ordered = sorted(
        site.all("events") if events is None else events, key=lambda e: times[e.slug].order
    )
    upcoming = [e for e in ordered if times[e.slug].last_day >= site.today]
    past = [e for e in reversed(ordered) if times[e.slug].last_day < site.today]
    return upcoming, past


def by_month(site: Site, events: list[Entry]) -> list[tuple[date, list[Entry]]]:
    groups: dict[date, list[Entry]] = {}
    for event in events:
        groups.setdefault(site.event_times[event.slug].month, []).append(event)
    return list(groups.items())


def facet_values(event: Entry, facet: str) -> list[str]:
    """The values an event has for a filter: its cluster, its themes or its audiences."""
    model = event.model
    if facet == "clusters":
        cluster = getattr(model, "cluster", None)
        return [cluster] if cluster else []
    if facet == "themes":
        return list(getattr(model, "themes", []))
    return [audience.value for audience in getattr(model, "audience", [])]


def facets_in_use(site: Site) -> Iterator[tuple[str, str, list[Entry]]]:
    """(facet, value, events) for every value that at least one event has."""
    for facet in FACETS:
        grouped: dict[str, list[Entry]] = {}
        for event in site.all("events"):
            for value in facet_values(event, facet):
                if facet == "audience" or site.get(facet, value) is not None:
                    grouped.setdefault(value, []).append(event)
        for value in sorted(grouped):
            yield facet, value, grouped[value]


def iso_moment(moment: date) -> str:
    """A day, or a time with its Dutch offset, as ISO 8601 and RFC 3339 (JSON-LD, Atom) write
    it. Before 1937 the Dutch offset had seconds (+00:19:32), which neither can write, so
    such a time is written in UTC."""
    offset = moment.utcoffset() if isinstance(moment, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        assert isinstance(moment, datetime)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return moment.isoformat()


def next_change(site: Site) -> datetime | None:
    """The next moment at which the agenda changes by itself: the midnight after the last day
    of the upcoming event that ends first, when it moves from upcoming to past."""
    upcoming, _ = split_events(site)
    if not upcoming:
        return None
    first_to_end = min(last_day(event) for event in upcoming)
    return datetime.combine(first_to_end + timedelta(days=1), time(0), SITE_TIMEZONE)
