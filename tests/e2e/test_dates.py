"""Event times and years read back from every output (pages, calendars, JSON-LD): another
offset is written in Dutch time everywhere, the edges of the allowed years build, and a far
year is an error."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from schemas.fields import SITE_TIMEZONE
from tests.support.builds import ContentFactory, build_into
from tests.support.sitecheck import json_ld, read_calendar, read_site, vevents

# RFC 3339 offsets are whole minutes; Amsterdam's own before 1937 (+00:19:32) is not
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def event_file(start: str, end: str | None = None) -> str:
    end_line = f"end: {end}\n" if end else ""
    words = "nl: {title: Ver, summary: s}\nen: {title: Far, summary: s}\n"
    return f"start: {start}\n{end_line}{words}"


def test_a_time_with_another_offset_is_written_in_dutch_time_everywhere(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content(**{"events/india.yaml": event_file("2030-05-12 14:00+05:30")})
    target = tmp_path / "site"
    assert build_into(root, target).written
    instant = datetime(2030, 5, 12, 8, 30, tzinfo=UTC)
    for path in ("agenda/india/india.ics", "agenda/agenda.ics"):
        calendar = read_calendar(target / path)
        start = vevents(calendar)["india@test.example"]["dtstart"]
        assert start.params["TZID"] == "Europe/Amsterdam"
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
        assert start.dt.astimezone(UTC) == instant
    page = read_site(target)["/agenda/india/"]
    event = next(d for d in json_ld(page.tree) if d["@type"] == "Event")
    assert event["startDate"] == "2030-05-12T10:30:00+02:00"
    shown = " ".join(page.tree.xpath("//main//text()"))
    assert "10:30" in shown and "14:00" not in shown


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("1900-01-01", None),
        ("1900-01-01 00:00", "1900-01-01 01:00"),
        ("2200-12-31", None),
        ("2200-12-31 23:00", "2200-12-31 23:59"),
    ],
)
def test_events_at_the_edges_of_the_allowed_years_build_everywhere(
    content: ContentFactory, tmp_path: Path, start: str, end: str | None
) -> None:
    root = content(
        **{
            "events/rand.yaml": event_file(start, end),
            "news/rand.yaml": f"date: {start[:10]}\nnl: {{title: t, summary: s}}\n",
        }
    )
    target = tmp_path / "site"
    result = build_into(root, target)
    assert result.written, [p.format() for p in result.errors]
    for path in ("agenda/rand/rand.ics", "agenda/agenda.ics", "en/events/events.ics"):
        uids = vevents(read_calendar(target / path))
        assert "rand@test.example" in uids
        assert str(uids["rand@test.example"]["dtstart"].dt)[:10] == start[:10]
    for feed in ("nieuws/feed.xml", "en/news/feed.xml", "agenda/feed.xml", "en/events/feed.xml"):
        tree = etree.fromstring((target / feed).read_bytes())
        stamps = tree.xpath("//*[local-name()='updated' or local-name()='published']/text()")
        assert stamps and all(RFC3339.fullmatch(stamp) for stamp in stamps), stamps
        assert not feedparser.parse((target / feed).read_bytes()).bozo
    page = read_site(target)["/agenda/rand/"]
    event = next(d for d in json_ld(page.tree) if d["@type"] == "Event")
    written = [event["startDate"], *([event["endDate"]] if end else [])]
    assert all(ISO_DAY.fullmatch(t) or RFC3339.fullmatch(t) for t in written), written
    shown = datetime.fromisoformat(event["startDate"]).astimezone(SITE_TIMEZONE)
    assert shown.date().isoformat() == start[:10]


@pytest.mark.parametrize("fields", [("9999-12-31", None), ("2030-01-01", "9999-12-31")])
def test_a_far_year_stops_the_build_with_an_error_instead_of_a_crash(
    content: ContentFactory, tmp_path: Path, fields: tuple[str, str | None]
) -> None:
    root = content(**{"events/ver.yaml": event_file(*fields)})
    result = build_into(root, tmp_path / "site")
    assert not result.written
    assert [(p.field, "2200-12-31" in p.message) for p in result.errors] == [
        ("end" if fields[1] else "start", True)
    ]
