"""When an event is, in the forms the agenda sorts, splits and groups by.

An event's start is a day, a time, or a Period (a month, a part of a year, a year, or to follow).
The agenda lists an event known only to a period after every exact day of that period: at the
end of its month, season or year, because it may fall on any of those days. An event whose date
is to follow comes after all others and is never past.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from schemas.event import Event
from schemas.fields import SITE_TIMEZONE
from schemas.periods import Period, When
from sitegen.model.entry import Entry

# In an order key, the place of a time where there is none (the other parts decide)
_NO_TIME = datetime.min.replace(tzinfo=UTC)
EXACT, AT_PERIOD_END, TO_FOLLOW = 0, 1, 2


def start_of(event: Entry) -> When:
    return event_model(event).start


def end_of(event: Entry) -> When | None:
    return event_model(event).end


def on_exact_days(event: Entry) -> bool:
    """Whether its start (and end) are days or times (Event.has_exact_days)."""
    return event_model(event).has_exact_days()


def event_model(event: Entry) -> Event:
    """The event an entry holds; only the agenda's items (an Event model) reach here."""
    model = event.model
    assert isinstance(model, Event), f"{event.kind}/{event.slug} is no event"
    return model


def start_key(event: Entry) -> datetime:
    """The start of an event with an exact day as a comparable moment (an all-day event starts
    at midnight); only for events whose start is a day or a time."""
    start = start_of(event)
    assert not isinstance(start, Period), "only events with an exact day have a start moment"
    if isinstance(start, datetime):
        return start
    return datetime.combine(start, time(0), SITE_TIMEZONE)


def last_day(event: Entry) -> date | None:
    """The last day it may take place on; None while its date is to follow."""
    moment = end_of(event) or start_of(event)
    if isinstance(moment, Period):
        return moment.last_day()
    return moment.astimezone(SITE_TIMEZONE).date() if isinstance(moment, datetime) else moment


Order = tuple[date, int, datetime, int, str]
# The heading an event is listed under: the first day of its month, or its period
Group = date | Period


class EventTime(NamedTuple):
    """When an event is, in the forms the agenda sorts, splits and groups by."""

    order: Order  # its day (or its period's last day), then its time, then its slug
    last_day: date | None  # None: to follow, never past
    group: Group


def event_time(event: Entry) -> EventTime:
    start, slug = start_of(event), event.slug
    if not isinstance(start, Period):
        moment = start_key(event)
        day = moment.astimezone(SITE_TIMEZONE).date()
        return EventTime((day, EXACT, moment, 0, slug), last_day(event), day.replace(day=1))
    first, last = start.first_day(), start.last_day()
    if first is None or last is None:
        return EventTime((date.max, TO_FOLLOW, _NO_TIME, 0, slug), None, start)
    span = (last - first).days  # a month before the season that ends with it, before its year
    group: Group = first if start.month else start
    return EventTime((last, AT_PERIOD_END, _NO_TIME, span, slug), last_day(event), group)


def iso_moment(moment: date) -> str:
    """A day, or a time with its Dutch offset, as ISO 8601 and RFC 3339 (JSON-LD, Atom) write
    it. Before 1937 the Dutch offset had seconds (+00:19:32), which neither can write, so
    such a time is written in UTC."""
    offset = moment.utcoffset() if isinstance(moment, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        assert isinstance(moment, datetime)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return moment.isoformat()


def iso_when(moment: When) -> str | None:
    """ISO 8601 at the precision known: a day or time as iso_moment, '2030-05' for a month,
    '2030' for a part of a year or a year; None when the date is to follow."""
    return moment.iso() if isinstance(moment, Period) else iso_moment(moment)
