"""RFC 5545 calendars: one .ics file per event and one subscribable calendar per language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from schemas.fields import LANGUAGES
from sitegen.link import Site
from sitegen.outputs import OutputFile
from sitegen.validate import Entry

PRODUCT_ID = "-//sitegen//Netwerk Duurzaam Beroepsonderwijs//NL"
STATUS = {"cancelled": "CANCELLED"}


def event_calendar_path(site: Site, event: Entry, lang: str) -> str:
    """/agenda/x/ -> agenda/x/x.ics: the download link beside the event page."""
    return f"{site.urls.item(event, lang).strip('/')}/{event.slug}.ics"


def agenda_calendar_path(site: Site, lang: str) -> str:
    return (
        f"{site.urls.section('events', lang).strip('/')}/{site.catalogs[lang]['calendar_file']}.ics"
    )


def calendar_files(site: Site) -> list[OutputFile]:
    files = []
    for lang in LANGUAGES:
        events = [e for e in site.all("events") if e.model.text(lang) is not None]
        name = f"{site.settings.name.get(lang)}: {site.catalogs[lang]['section_events']}"
        files.append(
            OutputFile(agenda_calendar_path(site, lang), _calendar(site, events, lang, name))
        )
        for event in events:
            files.append(
                OutputFile(
                    event_calendar_path(site, event, lang), _calendar(site, [event], lang, name)
                )
            )
    return files


def _calendar(site: Site, events: list[Entry], lang: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for event in sorted(events, key=lambda e: e.slug):
        calendar.add_component(_calendar_event(site, event, lang))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _calendar_event(site: Site, event: Entry, lang: str) -> CalendarEvent:
    model = event.model
    text = model.text(lang)
    assert text is not None
    start: date = getattr(model, "start")  # noqa: B009
    end: date | None = getattr(model, "end")  # noqa: B009
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
    item.add("description", _description(text.summary, text.provisional, site, lang, model))
    location = _location(model, site, lang)
    if location:
        item.add("location", location)
    item.add("url", site.urls.absolute(site.urls.item(event, lang)))
    status = getattr(model, "status", "scheduled")
    item.add(
        "status",
        STATUS.get(status, "TENTATIVE" if getattr(model, "provisional", False) else "CONFIRMED"),
    )
    return item


def _description(summary: str, note: str | None, site: Site, lang: str, model: object) -> str:
    lines = [summary]
    if getattr(model, "provisional", False):
        catalog = site.catalogs[lang]
        lines.append(f"{catalog['provisional']}: {note or catalog['provisional_default']}")
    return "\n\n".join(lines)


def _location(model: object, site: Site, lang: str) -> str:
    location = getattr(model, "location", None)
    if location is None:
        return ""
    parts = [site.catalogs[lang]["online"]] if location.online else []
    parts += [part for part in (location.venue, location.city) if part]
    return ", ".join(parts)


def _host(site: Site) -> str:
    return site.urls.base_url.split("//", 1)[-1].split("/", 1)[0]
