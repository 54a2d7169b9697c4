"""Calendars, feeds, sitemap and metadata, each read back with an independent parser."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree

from schemas.fields import SITE_TIMEZONE
from sitegen.outputs.search import Bundle, SearchIndexFailed, build_search_index
from tests.conftest import FIXTURE_SITE, ContentFactory, build_into
from tests.sitecheck import read_site

BASE = "https://test.example/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("outputs") / "site"
    assert build_into(FIXTURE_SITE, target).written
    return target


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def vevents(calendar: Calendar) -> dict[str, Any]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_each_event_has_a_calendar_file_with_every_field(out: Path) -> None:
    calendar = read_calendar(out / "agenda" / "reeks-1" / "reeks-1.ics")
    event: Any = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == "reeks-1@test.example"
    assert str(event["summary"]) == "Reeks, deel 1"
    assert str(event["description"]) == "Eerste bijeenkomst."
    assert str(event["url"]) == BASE + "agenda/reeks-1/"
    assert event["dtstamp"].dt.tzinfo is not None
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    assert str(event["status"]) == "CONFIRMED"


def test_offsets_are_right_on_both_sides_of_the_summer_time_change(out: Path) -> None:
    events = vevents(read_calendar(out / "agenda" / "agenda.ics"))
    winter = events["reeks-1@test.example"]["dtstart"].dt
    summer = events["afgelast@test.example"]["dtstart"].dt
    # 2030-03-31 is the change: 28 March 14:00 is CET (+1), 2 April 10:00 is CEST (+2)
    assert winter.astimezone(UTC) == datetime(2030, 3, 28, 13, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2030, 4, 2, 8, 0, tzinfo=UTC)


def test_provisional_is_tentative_cancelled_is_cancelled_and_all_day_uses_dates(out: Path) -> None:
    events = vevents(read_calendar(out / "en" / "events" / "events.ics"))
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
    first = set(vevents(read_calendar(out / "agenda" / "agenda.ics")))
    second = set(vevents(read_calendar(again / "agenda" / "agenda.ics")))
    assert first == second and len(first) == 4


def test_event_pages_link_to_their_calendar_and_the_agenda_to_subscribe(out: Path) -> None:
    pages = read_site(out)
    assert "/agenda/reeks-1/reeks-1.ics" in pages["/agenda/reeks-1/"].tree.xpath("//a/@href")
    links = pages["/en/events/"].tree.xpath("//p[@class='subscribe']/a/@href")
    assert "webcal://test.example/en/events/events.ics" in links


@pytest.mark.parametrize(
    "path", ["nieuws/feed.xml", "en/news/feed.xml", "agenda/feed.xml", "en/events/feed.xml"]
)
def test_feeds_are_valid_atom_with_absolute_links_and_stable_ids(out: Path, path: str) -> None:
    feed = feedparser.parse((out / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith(BASE) and feed.feed.updated
    assert any(link.rel == "self" and link.href == BASE + path for link in feed.feed.links)
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith(BASE) and entry.link.startswith(BASE) and entry.updated


def test_every_page_head_links_to_the_feeds(out: Path) -> None:
    for url, page in read_site(out).items():
        feeds = page.tree.xpath("//head/link[@type='application/atom+xml']/@href")
        assert len(feeds) == 2 and all((out / f.lstrip("/")).is_file() for f in feeds), url


def test_sitemap_lists_every_page_with_reciprocal_hreflang(out: Path) -> None:
    tree = etree.parse(str(out / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed = {loc.replace(BASE, "/") for loc in tree.xpath("//s:loc/text()", namespaces=ns)}
    assert listed == set(read_site(out))
    reeks = tree.xpath("//s:url[s:loc='https://test.example/agenda/reeks-1/']", namespaces=ns)[0]
    alternates = {a.get("hreflang"): a.get("href") for a in reeks.xpath("x:link", namespaces=ns)}
    assert alternates == {
        "nl": BASE + "agenda/reeks-1/",
        "en": BASE + "en/events/reeks-1/",
        "x-default": BASE + "agenda/reeks-1/",
    }
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text()


def json_ld(page_tree: Any) -> list[dict[str, Any]]:
    scripts = page_tree.xpath("//script[@type='application/ld+json']/text()")
    return [json.loads(text) for text in scripts]


def test_json_ld_describes_events_organisations_news_and_breadcrumbs(out: Path) -> None:
    pages = read_site(out)
    for url, page in pages.items():
        assert any(d["@type"] == "BreadcrumbList" for d in json_ld(page.tree)), url
    event = next(d for d in json_ld(pages["/en/events/afgelast/"].tree) if d["@type"] == "Event")
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["startDate"] == "2030-04-02T10:00:00+02:00"
    assert [o["name"] for o in event["organizer"]] == ["Test network", "Partner"]
    paid = next(d for d in json_ld(pages["/agenda/reeks-1/"].tree) if d["@type"] == "Event")
    assert paid["offers"] == {
        "@type": "Offer",
        "description": "€500 per deelnemer",
        "url": "https://testnet.example/aanmelden",
    }
    types = {d["@type"] for d in json_ld(pages["/organisaties/testnet/"].tree)}
    assert "Organization" in types
    news = next(
        d for d in json_ld(pages["/nieuws/start-netwerk/"].tree) if d["@type"] == "NewsArticle"
    )
    assert news["datePublished"] == "2017-06-23"


def test_open_graph_and_twitter_tags_come_from_the_content(out: Path) -> None:
    page = read_site(out)["/en/news/start-netwerk/"].tree
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.xpath("//meta")}
    assert meta["og:title"] == "The network has started"
    assert meta["og:description"] == meta["description"] == "News about the start."
    assert meta["og:type"] == "article" and meta["og:locale"] == "en_GB"
    assert meta["og:url"] == BASE + "en/news/start-netwerk/"
    assert meta["twitter:card"] == "summary"


def test_a_title_containing_a_script_end_tag_cannot_break_out_of_json_ld(
    content: ContentFactory, tmp_path: Path
) -> None:
    hostile = "</script><script>alert(1)</script>"
    root = content(
        **{"news/kwaad.yaml": f"date: 2020-01-01\nnl: {{title: '{hostile}', summary: s}}\n"}
    )
    out = tmp_path / "site"
    assert build_into(root, out).written
    page = read_site(out)["/nieuws/kwaad/"].tree
    assert page.xpath("//script[not(@type) or @type!='application/ld+json']") == []
    headlines = [d.get("headline") for d in json_ld(page)]
    assert hostile in headlines
    assert page.xpath("//h1")[0].text == hostile


def test_a_404_page_exists_in_each_language(out: Path) -> None:
    for path, lang in (("404.html", "nl"), ("en/404.html", "en")):
        tree = etree.parse(str(out / path), etree.HTMLParser())
        assert tree.getroot().get("lang") == lang
        assert tree.xpath("//h1/text()")


def test_the_search_page_says_what_it_needs_without_javascript(out: Path) -> None:
    page = read_site(out)["/en/search/"]
    noscript = page.tree.xpath("//noscript")[0]
    text = etree.tostring(noscript, encoding="unicode")
    assert "JavaScript" in text and "/en/events/" in text


def indexed_urls(bundle: Path) -> set[str]:
    """The page URLs a Pagefind bundle holds: each fragment is gzipped JSON behind a marker."""
    urls = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


@pytest.mark.parametrize(
    ("lang", "folder", "page_url"),
    [("nl", "pagefind", "/agenda/reeks-1/"), ("en", "en/pagefind", "/en/events/reeks-1/")],
)
def test_each_language_has_its_own_search_bundle_with_its_pages_only(
    out: Path, lang: str, folder: str, page_url: str
) -> None:
    bundle = out / folder
    assert (bundle / "pagefind-ui.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [lang] and entry["languages"][lang]["page_count"] > 10
    urls = indexed_urls(bundle)
    assert page_url in urls  # the page's real address, not one relative to the bundle
    assert all(url.startswith("/en/") == (lang == "en") for url in urls)


def test_a_failed_search_index_reports_what_pagefind_said(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()  # no page to index
    with pytest.raises(SearchIndexFailed, match="did not contain any html files"):
        build_search_index(tmp_path, Bundle("en", 1, language_folder="en"), [])


def test_each_search_page_loads_the_bundle_of_its_own_language(out: Path) -> None:
    pages = read_site(out)
    for url, bundle in (("/zoeken/", "/pagefind/"), ("/en/search/", "/en/pagefind/")):
        tree = pages[url].tree
        assert tree.xpath("//link[contains(@href, 'pagefind')]/@href") == [
            f"{bundle}pagefind-ui.css"
        ]
        assert tree.xpath("//script[contains(@src, 'pagefind')]/@src") == [
            f"{bundle}pagefind-ui.js"
        ]
        assert tree.xpath("//*[@id='search']/@data-bundle") == [bundle]
        assert (out / bundle.strip("/") / "pagefind-ui.js").is_file()


def test_event_status_and_provisional_dates_are_visible(out: Path) -> None:
    pages = read_site(out)
    assert "Cancelled" in pages["/en/events/afgelast/"].text()
    full = pages["/en/events/reeks-2/"].text()
    assert "Full" in full and "Provisional" in full and "The exact date will follow." in full


def test_static_agenda_filters_exist_per_theme_cluster_and_audience(out: Path) -> None:
    pages = read_site(out)
    water = pages["/agenda/thema/water/"].tree.xpath(
        "//li[contains(@class,'event-card')]//a/text()"
    )
    assert water == ["Afgelaste webinar"]
    assert "/en/events/for/mbo/" in pages
    assert "/agenda/cluster/groen/" in pages


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
