"""The Atom feeds (sitegen/outputs/feeds.py), read back with feedparser."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from tests.support.sitecheck import read_site

BASE = "https://test.example/"


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
