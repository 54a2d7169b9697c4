"""RFC 5545 calendars: one .ics file per event and one subscribable calendar per language.

icalendar writes every component. The Europe/Amsterdam VTIMEZONE is made once per build and
covers only the years the events span: icalendar lists every transition it covers, and the full
1970-2038 range made it the largest part of every file and of the build time.

Each event's VEVENT is made once and kept in the fragment store; the calendar of the whole
agenda is put together from those blocks after the events' own files are made, so a changed
event costs one VEVENT, not thousands.

A calendar holds only events on known days. One known only to a month, a season or a year, or
whose date is to follow, has no .ics file and is not in the agenda's calendar: a calendar app
would show it on a day, or across a whole month, that nobody gave (docs/en/editors-guide.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING

from schemas.event import Event
from schemas.periods import Period
from sitegen.model.agenda import agenda_events
from sitegen.model.entry import Entry
from sitegen.model.files import LazyFile
from sitegen.model.site import Site
from sitegen.model.times import event_model, last_day, on_exact_days, start_key
from sitegen.outputs.built import Built
from sitegen.reuse.fingerprints import site_fingerprint
from sitegen.reuse.fragments import FragmentStore

# icalendar is imported where a calendar is made: a check, and a build in which no event
# changed, make none (start-up time)
if TYPE_CHECKING:
    from icalendar import Calendar, Timezone
    from icalendar import Event as CalendarEvent

PRODUCT_ID = "-//sitegen//Netwerk Duurzaam Beroepsonderwijs//NL"
TIMEZONE = "Europe/Amsterdam"
STATUS = {"cancelled": "CANCELLED"}
END = b"END:VCALENDAR\r\n"


def event_calendar_path(site: Site, event: Entry, lang: str) -> str:
    """/agenda/x/ -> agenda/x/x.ics: the download link beside the event page (a site path)."""
    return f"{site.urls.site_path(site.urls.item(event, lang))}{event.slug}.ics"


def agenda_calendar_path(site: Site, lang: str) -> str:
    file_name = site.catalogs[lang]["calendar_file"]
    return f"{site.urls.site_path(site.urls.section('events', lang))}{file_name}.ics"


def calendar_files(built: Built) -> list[LazyFile]:
    """Every calendar as a file that is only made when one of its events changed."""
    site, fragments = built.site, built.fragments
    writer = CalendarWriter(site, fragments)
    files = []
    for lang in site.languages:
        events = sorted(
            (e for e in calendar_events(site) if e.model.text(lang) is not None),
            key=lambda e: e.slug,
        )
        path = agenda_calendar_path(site, lang)
        make = partial(writer.calendar, events, lang)
        files.append(LazyFile(path, writer.inputs(events, lang), make, after_others=True))
        files += [
            LazyFile(
                event_calendar_path(site, event, lang),
                writer.inputs([event], lang),
                partial(writer.calendar, [event], lang),
            )
            for event in events
        ]
    return files


def calendar_events(site: Site) -> list[Entry]:
    """The events a calendar can honestly hold: those whose start (and end) are days (made
    once per site: each language's calendars and the time zone's years ask for them)."""
    return site.derived(
        "calendar_events", lambda: [e for e in agenda_events(site) if on_exact_days(e)]
    )


class CalendarWriter:
    def __init__(self, site: Site, fragments: FragmentStore) -> None:
        self._site = site
        self._fragments = fragments
        self._timezones: dict[tuple[date, date], Timezone] = {}
        self._heads: dict[tuple[str, tuple[date, date] | None], bytes] = {}
        # what every VEVENT depends on besides its event, its language and the day
        self._context = site_fingerprint(site)
        events = calendar_events(site)
        first = min((start_key(e).date() for e in events), default=site.today)
        last = max((_last_day(e) for e in events), default=site.today)
        self._years = (date(first.year - 1, 1, 1), date(last.year + 2, 1, 1))

    def inputs(self, events: list[Entry], lang: str) -> tuple[str, ...]:
        """What the file's bytes depend on: the events, the language, the day (DTSTAMP) and
        the years the time zone covers."""
        day = self._site.today.isoformat()
        years = f"{self._years[0].year}-{self._years[1].year}"
        return (lang, day, years, *(f"{e.slug}:{e.source.digest}" for e in events))

    def calendar(self, events: list[Entry], lang: str) -> bytes:
        timed = [e for e in events if isinstance(event_model(e).start, datetime)]
        head = self._head(lang, self._years_of(timed) if timed else None)
        return b"".join([head, *(self.event_block(event, lang) for event in events), END])

    def event_block(self, event: Entry, lang: str) -> bytes:
        """The event's VEVENT as it appears in a calendar, made once per change of the event."""
        day = self._site.today.isoformat()  # DTSTAMP
        parts = ("vevent", self._context, day, lang, event.slug, event.source.digest)
        return self._fragments.get_or_make(parts, lambda: self._vevent(event, lang)).encode()

    def _vevent(self, event: Entry, lang: str) -> str:
        return bytes(self._event(event, lang).to_ical()).decode()

    def _head(self, lang: str, years: tuple[date, date] | None) -> bytes:
        """Everything of a calendar but its events and its last line."""
        if (lang, years) not in self._heads:
            self._heads[(lang, years)] = self._empty_calendar(lang, years).to_ical()[: -len(END)]
        return self._heads[(lang, years)]

    def _empty_calendar(self, lang: str, years: tuple[date, date] | None) -> Calendar:
        from icalendar import Calendar  # start-up time, see the imports

        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        site_name = self._site.settings.name.get(lang)
        calendar.add("x-wr-calname", f"{site_name}: {self._site.catalogs[lang]['section_events']}")
        calendar.add("x-wr-timezone", TIMEZONE)
        if years is not None:
            calendar.add_component(self.timezone(*years))
        return calendar

    def timezone(self, first: date, last: date) -> Timezone:
        """Europe/Amsterdam from first to last, made once per build for each range."""
        from icalendar import Timezone  # start-up time, see the imports

        if (first, last) not in self._timezones:
            self._timezones[(first, last)] = Timezone.from_tzid(
                TIMEZONE, first_date=first, last_date=last
            )
        return self._timezones[(first, last)]

    def _years_of(self, events: list[Entry]) -> tuple[date, date]:
        """The years a calendar of these events needs its time zone for: one event's own
        year (and the next) for its file, all years for the whole agenda."""
        if len(events) > 1:
            return self._years
        year = start_key(events[0]).year
        return date(year, 1, 1), date(_last_day(events[0]).year + 2, 1, 1)

    def _event(self, event: Entry, lang: str) -> CalendarEvent:
        from icalendar import Event as CalendarEvent  # start-up time, see the imports

        site, model = self._site, event_model(event)
        text = model.text(lang)
        assert text is not None
        start, end = model.start, model.end
        # calendar_events holds only events on exact days (Event.has_exact_days)
        assert not isinstance(start, Period) and not isinstance(end, Period)
        item = CalendarEvent()
        # The UID depends only on the slug and the site's host, so it survives every rebuild.
        item.add("uid", f"{event.slug}@{_host(site)}")
        item.add("dtstamp", datetime.combine(site.today, time(0), UTC))
        item.add("dtstart", start)
        if end is not None:
            # DTEND of an all-day event is exclusive: the day after the last day.
            item.add("dtend", end if isinstance(end, datetime) else end + timedelta(days=1))
        elif not isinstance(start, datetime):
            item.add("dtend", start + timedelta(days=1))
        item.add("summary", text.title)
        item.add("description", self._description(text.summary, text.provisional, model, lang))
        location = self._location(model, lang)
        if location:
            item.add("location", location)
        item.add("url", site.urls.absolute(site.urls.item(event, lang)))
        confirmed = "TENTATIVE" if model.provisional else "CONFIRMED"
        item.add("status", STATUS.get(model.status, confirmed))
        return item

    def _description(self, summary: str, note: str | None, model: Event, lang: str) -> str:
        lines = [summary]
        if model.provisional:
            catalog = self._site.catalogs[lang]
            lines.append(f"{catalog['provisional']}: {note or catalog['provisional_default']}")
        return "\n\n".join(lines)

    def _location(self, model: Event, lang: str) -> str:
        location = model.location
        if location is None:
            return ""
        parts = [self._site.catalogs[lang]["online"]] if location.online else []
        parts += [part for part in (location.venue, location.city) if part]
        return ", ".join(parts)


def _last_day(event: Entry) -> date:
    day = last_day(event)
    assert day is not None  # only events on known days reach a calendar
    return day


def _host(site: Site) -> str:
    return site.urls.base_url.split("//", 1)[-1].split("/", 1)[0]
