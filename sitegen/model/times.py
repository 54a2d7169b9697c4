"""When an event is, in the forms the agenda sorts, splits and groups by."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from schemas.event import Event
from schemas.fields import SITE_TIMEZONE
from sitegen.model.entry import Entry


def event_model(event: Entry) -> Event:
    """The event an entry holds; only the agenda's items (an Event model) reach here."""
    model = event.model
    assert isinstance(model, Event), f"{event.kind}/{event.slug} is no event"
    return model


def start_key(event: Entry) -> datetime:
    """An event's start as a comparable moment (an all-day event starts at midnight)."""
    start = event_model(event).start
    if isinstance(start, datetime):
        return start
    return datetime.combine(start, time(0), SITE_TIMEZONE)


def last_day(event: Entry) -> date:
    model = event_model(event)
    moment = model.end or model.start
    return moment.astimezone(SITE_TIMEZONE).date() if isinstance(moment, datetime) else moment


class EventTime(NamedTuple):
    """When an event is, in the forms the agenda sorts, splits and groups by."""

    order: tuple[datetime, str]  # its start, then its slug
    last_day: date
    month: date  # the first day of the month it starts in


def event_time(event: Entry) -> EventTime:
    start = start_key(event)
    month = start.astimezone(SITE_TIMEZONE).date().replace(day=1)
    return EventTime((start, event.slug), last_day(event), month)


def iso_moment(moment: date) -> str:
    """A day, or a time with its Dutch offset, as ISO 8601 and RFC 3339 (JSON-LD, Atom) write
    it. Before 1937 the Dutch offset had seconds (+00:19:32), which neither can write, so
    such a time is written in UTC."""
    offset = moment.utcoffset() if isinstance(moment, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        assert isinstance(moment, datetime)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return moment.isoformat()
