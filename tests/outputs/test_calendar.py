"""The iCalendar files (sitegen/outputs/calendar.py), read back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tests.support.addresses import (
    absolute,
    address_of,
    agenda_calendar,
    event_calendar,
    item_page,
    section,
)
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.sitecheck import read_calendar, read_site, vevents


def test_each_event_has_a_calendar_file_with_every_field(out: Path) -> None:
    calendar = read_calendar(out / event_calendar("reeks-1"))
    event: Any = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == "reeks-1@test.example"
    assert str(event["summary"]) == "Reeks, deel 1"
    assert str(event["description"]) == "Eerste bijeenkomst."
    assert str(event["url"]) == absolute(item_page("events", "reeks-1"))
    assert event["dtstamp"].dt.tzinfo is not None
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    assert str(event["status"]) == "CONFIRMED"


def test_offsets_are_right_on_both_sides_of_the_summer_time_change(out: Path) -> None:
    events = vevents(read_calendar(out / agenda_calendar("nl")))
    winter = events["reeks-1@test.example"]["dtstart"].dt
    summer = events["afgelast@test.example"]["dtstart"].dt
    # 2030-03-31 is the change: 28 March 14:00 is CET (+1), 2 April 10:00 is CEST (+2)
    assert winter.astimezone(UTC) == datetime(2030, 3, 28, 13, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2030, 4, 2, 8, 0, tzinfo=UTC)


def test_provisional_is_tentative_cancelled_is_cancelled_and_all_day_uses_dates(out: Path) -> None:
    events = vevents(read_calendar(out / agenda_calendar("en")))
    assert str(events["reeks-2@test.example"]["status"]) == "TENTATIVE"
    assert str(events["afgelast@test.example"]["status"]) == "CANCELLED"
    all_day = events["startbijeenkomst@test.example"]
    assert all_day["dtstart"].dt == date(2017, 6, 21)
    assert all_day["dtend"].dt == date(2017, 6, 22)
    assert str(all_day["location"]) == "Emmen"
    assert str(all_day["summary"]) == "Kick-off meeting"


def test_uids_are_stable_across_builds(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_into(FIXTURE_SITE, again)
    first = set(vevents(read_calendar(out / agenda_calendar("nl"))))
    second = set(vevents(read_calendar(again / agenda_calendar("nl"))))
    assert first == second and len(first) == 4


def test_event_pages_link_to_their_calendar_and_the_agenda_to_subscribe(out: Path) -> None:
    pages = read_site(out)
    download = address_of(event_calendar("reeks-1"))
    assert download in pages[item_page("events", "reeks-1")].tree.xpath("//a/@href")
    links = pages[section("events", "en")].tree.xpath("//p[@class='subscribe']/a/@href")
    # the fixture's base URL is a placeholder (test.example): the same-site download, and no
    # webcal:// subscription to a host that is not the site's (tests/e2e/test_visitor_layout.py)
    assert address_of(agenda_calendar("en")) in links
    assert not [link for link in links if link.startswith("webcal:")]
