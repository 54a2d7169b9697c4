"""Metadata (sitegen/stages/metadata.py): JSON-LD and Open Graph from the content, safe in a
script element."""

from __future__ import annotations

from pathlib import Path

from tests.support.builds import ContentFactory, build_into
from tests.support.sitecheck import json_ld, read_site

BASE = "https://test.example/"


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
