"""Honest dates end to end on the fixture site: the agenda's groups, the event pages' words,
calendars, JSON-LD and feeds, each read back with an independent parser (lxml, icalendar,
json, feedparser). The fixture's today is 2026-11-25."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree
from lxml import html as lxml_html

from tests.support.builds import FIXTURE_SITE, build_into

EXACT_DAYS = {"reeks-1", "reeks-2", "afgelast", "startbijeenkomst"}
IMPRECISE = {"deze-maand", "maart", "lente", "vorig-najaar", "jaar", "volgt"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dates") / "site"
    assert build_into(FIXTURE_SITE, target).written
    return target


def page(out: Path, path: str) -> etree._Element:
    parsed: etree._Element = lxml_html.fromstring((out / path / "index.html").read_bytes())
    return parsed


def words(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def agenda_groups(tree: etree._Element, section: str) -> list[tuple[str, list[str]]]:
    """(heading, the titles under it) for the upcoming or past section of an agenda page."""
    groups: list[tuple[str, list[str]]] = []
    for element in tree.xpath(f'//section[h2[@id="{section}"]]/*[self::h3 or self::ul]'):
        if element.tag == "h3":
            groups.append((words(element), []))
        else:
            groups[-1][1].extend(words(a) for a in element.xpath(".//h4/a"))
    return groups


def test_the_agenda_groups_each_precision_under_its_heading(out: Path) -> None:
    agenda = page(out, "en/events")
    assert agenda_groups(agenda, "upcoming") == [
        ("November 2026", ["Network day in November"]),  # its month is not over on 25 November
        ("March 2030", ["Series, part 1", "Excursion in March"]),  # after the exact day in it
        ("April 2030", ["Cancelled webinar"]),
        ("spring 2030", ["Spring course"]),
        ("November 2030", ["Series, part 2"]),
        ("2031", ["Conference in 2031"]),
    ]
    # a date to follow is neither upcoming nor past: it has a section of its own
    to_follow = agenda.xpath('//section[h2[@id="to-follow"]]//li/*[self::h2 or self::h3]/a')
    assert [words(a) for a in to_follow] == ["Yearly return day"]
    assert agenda_groups(agenda, "past") == [
        ("autumn 2025", ["Autumn visit"]),
        ("June 2017", ["Kick-off meeting"]),
    ]
    dutch = [heading for heading, _ in agenda_groups(page(out, "agenda"), "upcoming")]
    assert dutch == [
        "november 2026", "maart 2030", "april 2030", "voorjaar 2030", "november 2030", "2031",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "when", "datetime"),
    [
        ("agenda/maart", "maart 2030", "2030-03"),
        ("en/events/maart", "March 2030", "2030-03"),
        ("agenda/lente", "voorjaar 2030 tot eind 2030", "2030"),
        ("en/events/lente", "spring 2030 until the end of 2030", "2030"),
        ("agenda/jaar", "2031", "2031"),
        ("agenda/volgt", "datum volgt", None),
        ("en/events/volgt", "date to follow", None),
    ],
)
def test_an_event_page_says_only_what_is_known(
    out: Path, path: str, when: str, datetime: str | None
) -> None:
    tree = page(out, path)
    facts = tree.xpath('//dl[contains(@class, "event-facts")]')[0]
    assert words(facts.xpath("./dd")[0]) == when
    assert facts.xpath(".//time/@datetime") == ([datetime] if datetime else [])
    assert not tree.xpath(
        '//*[contains(@class, "provisional")]'
    )  # what is known is not provisional
    assert not tree.xpath('//p[@class="calendar-links"]')  # there is no calendar file to link to


def test_how_often_shows_in_both_languages(out: Path) -> None:
    for path, label, recurrence in [
        ("agenda/volgt", "Hoe vaak", "minstens één keer per jaar"),
        ("en/events/volgt", "How often", "at least once a year"),
    ]:
        facts = page(out, path).xpath('//dl[contains(@class, "event-facts")]')[0]
        pairs = dict(
            zip(map(words, facts.xpath("./dt")), map(words, facts.xpath("./dd")), strict=True)
        )
        assert pairs[label] == recurrence


def test_calendars_hold_only_the_events_on_known_days(out: Path) -> None:
    for calendar_file in ("agenda/agenda.ics", "en/events/events.ics"):
        calendar = Calendar.from_ical((out / calendar_file).read_bytes())
        uids = {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")}
        assert uids == EXACT_DAYS
    assert (out / "agenda" / "reeks-1" / "reeks-1.ics").exists()
    for slug in IMPRECISE:
        assert list((out / "agenda" / slug).glob("*.ics")) == [], slug


def structured_events(out: Path, path: str) -> list[dict[str, Any]]:
    tree = page(out, path)
    data = [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]
    return [d for d in data if d.get("@type") == "Event"]


def test_json_ld_gives_the_precision_known_and_claims_scheduled_only_for_a_final_day(
    out: Path,
) -> None:
    [month] = structured_events(out, "agenda/maart")
    assert month["startDate"] == "2030-03" and "eventStatus" not in month
    [season] = structured_events(out, "en/events/lente")
    assert (season["startDate"], season["endDate"]) == ("2030", "2030")
    assert "eventStatus" not in season
    assert structured_events(out, "agenda/volgt") == []  # no date: no Event at all
    [final] = structured_events(out, "agenda/reeks-1")
    assert final["eventStatus"] == "https://schema.org/EventScheduled"
    [provisional] = structured_events(out, "agenda/reeks-2")
    assert "eventStatus" not in provisional  # a provisional day is not known to be scheduled
    [cancelled] = structured_events(out, "agenda/afgelast")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_the_agenda_feed_holds_only_events_on_known_days(out: Path) -> None:
    for feed_file, section in (("agenda/feed.xml", "agenda"), ("en/events/feed.xml", "en/events")):
        feed = feedparser.parse((out / feed_file).read_bytes())
        slugs = {entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries}
        assert slugs == EXACT_DAYS, section
