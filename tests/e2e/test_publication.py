"""Drafts and scheduled items, as visitors and editors see them: the published site has no trace
of an item it does not publish (pages, lists, feeds, calendars, sitemap, JSON-LD), the preview
shows a draft marked as one, and a published page never links to an unpublished one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import feedparser
from icalendar import Calendar, Component
from lxml import etree
from lxml import html as lxml_html

from schemas.fields import SITE_TIMEZONE
from sitegen.pipeline import BuildOptions, BuildResult, build
from tests.support.builds import TODAY, ContentFactory, run_cli

DRAFT_NEWS = """\
date: 2026-11-20
draft: true
nl:
  title: Conceptbericht Wadden
  summary: Nog niet klaar.
en:
  title: Draft news Wadden
  summary: Not ready yet.
"""
LATER_EVENT = """\
start: 2026-12-10
publish_from: 2026-12-01
nl:
  title: Later aangekondigd Eems
  summary: Pas vanaf december op de site.
en:
  title: Announced later Eems
  summary: On the site from December.
"""
EXPIRED_NEWS = """\
date: 2026-10-01
publish_until: 2026-11-01
nl:
  title: Verlopen oproep Dollard
  summary: Niet meer actueel.
en:
  title: Expired call Dollard
  summary: No longer current.
"""
HIDDEN_TITLES = ("Wadden", "Eems", "Dollard")
HIDDEN_SLUGS = ("concept-wadden", "later-eems", "verlopen-dollard")


def scheduled_content(content: ContentFactory) -> Path:
    return content(**{
        "news/concept-wadden.yaml": DRAFT_NEWS,
        "events/later-eems.yaml": LATER_EVENT,
        "news/verlopen-dollard.yaml": EXPIRED_NEWS,
    })  # fmt: skip


def built(root: Path, out: Path, **options: object) -> BuildResult:
    settings = {"today": TODAY, "cache_dir": None, "search": False, **options}
    result = build(BuildOptions(content_dir=root, out_dir=out, **settings))  # type: ignore[arg-type]
    assert result.written, [problem.format() for problem in result.errors]
    return result


def test_the_site_has_no_trace_of_a_draft_or_of_an_item_outside_its_window(
    content: ContentFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    built(scheduled_content(content), out)
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            for hidden in (*HIDDEN_TITLES, *HIDDEN_SLUGS):
                assert hidden not in text, f"{hidden} in {path.relative_to(out)}"
    feeds = [feedparser.parse(path.read_bytes()) for path in out.rglob("feed.xml")]
    assert feeds and all(feed.entries for feed in feeds)  # the other items are there
    titles = [entry.title for feed in feeds for entry in feed.entries]
    assert not [title for title in titles if any(word in title for word in HIDDEN_TITLES)]
    summaries = [str(event["SUMMARY"]) for event in _calendar_events(out)]
    assert summaries and not [s for s in summaries if "Eems" in s]
    locations = _sitemap_locations(out)
    assert locations and not [url for url in locations if any(s in url for s in HIDDEN_SLUGS)]


def test_an_item_is_published_from_its_day_and_until_the_end_of_its_last(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = scheduled_content(content)
    december = tmp_path / "december"
    built(root, december, today=date(2026, 12, 1))
    assert [e for e in _calendar_events(december) if "Eems" in str(e["SUMMARY"])]
    assert any("later-eems" in url for url in _sitemap_locations(december))
    last_day = tmp_path / "last-day"
    built(root, last_day, today=date(2026, 11, 1))
    assert any("verlopen-dollard" in url for url in _sitemap_locations(last_day))
    assert not any("later-eems" in url for url in _sitemap_locations(last_day))


def test_a_publish_time_takes_effect_at_that_time_even_in_a_warm_build(
    content: ContentFactory, tmp_path: Path
) -> None:
    at_two = LATER_EVENT.replace("publish_from: 2026-12-01", "publish_from: 2026-11-25 14:00")
    root = content(**{"events/later-eems.yaml": at_two})
    out, cache = tmp_path / "site", tmp_path / "cache"
    morning = built(
        root, out, cache_dir=cache, now=datetime(2026, 11, 25, 9, 0, tzinfo=SITE_TIMEZONE)
    )
    assert morning.next_change == datetime(2026, 11, 25, 14, 0, tzinfo=SITE_TIMEZONE)
    assert not any("later-eems" in url for url in _sitemap_locations(out))
    afternoon = datetime(2026, 11, 25, 14, 30, tzinfo=SITE_TIMEZONE)
    built(root, out, cache_dir=cache, now=afternoon)
    assert any("later-eems" in url for url in _sitemap_locations(out))


def test_the_preview_shows_a_draft_marked_in_each_language(
    content: ContentFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = built(scheduled_content(content), out, drafts=True)
    draft_pages = [
        p for p in result.pages if p.entry is not None and p.entry.slug == "concept-wadden"
    ]
    assert {page.lang for page in draft_pages} == {"nl", "en"}
    words = {"nl": "Concept", "en": "Draft"}
    for page in draft_pages:
        tree = lxml_html.fromstring((out / page.output_path).read_bytes())
        badges = tree.xpath("//*[contains(concat(' ', @class, ' '), ' badge--draft ')]")
        assert [badge.text for badge in badges] == [words[page.lang]]
    other = next(p for p in result.pages if p.entry is not None and p.entry.slug == "start-netwerk")
    assert "badge--draft" not in (out / other.output_path).read_text(encoding="utf-8")
    assert not any("later-eems" in url for url in _sitemap_locations(out))  # a draft is not early


def _calendar_events(out: Path) -> list[Component]:
    events: list[Component] = []
    for path in out.rglob("*.ics"):
        events += Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    return events


def _sitemap_locations(out: Path) -> list[str]:
    tree = etree.fromstring((out / "sitemap.xml").read_bytes())
    return [str(text) for text in tree.xpath("//*[local-name()='loc']/text()")]


def test_build_drafts_shows_them_and_says_when_a_scheduled_item_appears(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = scheduled_content(content)
    event = root / "events" / "later-eems.yaml"
    text = event.read_text(encoding="utf-8").replace("2026-12-01", "2026-11-28 10:00")
    event.write_text(text, encoding="utf-8")
    common = ("--content", str(root), "--today", TODAY.isoformat(), "--no-search", "--no-cache")
    published = run_cli("build", *common, "--out", str(tmp_path / "site"))
    assert published.returncode == 0, published.stderr
    # later-eems is published from 28 November, 10:00, before the agenda changes (1 December)
    assert "the site changes by itself at 2026-11-28T10:00:00+01:00" in published.stdout
    review = run_cli("build", *common, "--drafts", "--out", str(tmp_path / "review"))
    assert review.returncode == 0, review.stderr
    draft_pages = [
        path for path in (tmp_path / "review").rglob("index.html") if "concept-wadden" in str(path)
    ]
    assert len(draft_pages) == 2
    assert not [path for path in (tmp_path / "site").rglob("*") if "concept-wadden" in str(path)]
