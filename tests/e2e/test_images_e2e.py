"""Images on the built fixture site, read back with lxml and feedparser: <picture> with
srcset, sizes and dimensions, og:image, JSON-LD image and the feed's enclosure; a warm build
makes no variant again and a changed image re-renders the pages showing it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html

from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.images import photo_bytes, with_images

NEWS_PAGE = "nieuws/start-netwerk/index.html"
NEWS_PAGE_EN = "en/news/start-netwerk/index.html"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    content = with_images(Path(shutil.copytree(FIXTURE_SITE, tmp_path / "content")))
    assert build_into(content, tmp_path / "site", cache_dir=tmp_path / "cache").ok
    return tmp_path


def _page(root: Path, path: str) -> html.HtmlElement:
    return html.fromstring((root / "site" / path).read_bytes())


def test_item_page_has_an_eager_picture_with_sizes_and_alt(built: Path) -> None:
    for path, alt in ((NEWS_PAGE, "Een kas"), (NEWS_PAGE_EN, "A greenhouse")):
        page = _page(built, path)
        (picture,) = page.xpath("//picture[contains(@class, 'picture-page')]")
        (source,) = picture.xpath("source")
        assert source.get("type") == "image/webp" and source.get("sizes")
        (img,) = picture.xpath(".//img")  # libxml2 does not know <source> is empty
        assert img.get("alt") == alt and img.get("loading") == "eager"
        assert img.get("decoding") == "async"
        for candidate in [*source.get("srcset").split(","), *img.get("srcset").split(",")]:
            address, width = candidate.split()
            assert (built / "site" / address.lstrip("/")).is_file() and width.endswith("w")
        assert int(img.get("width")) > 0 and int(img.get("height")) > int(img.get("width"))


def test_cards_in_lists_are_lazy(built: Path) -> None:
    imgs = _page(built, "nieuws/index.html").xpath("//li[contains(@class,'card')]//img")
    assert imgs and all(img.get("loading") == "lazy" for img in imgs)


def test_open_graph_json_ld_and_feed_use_the_image(built: Path) -> None:
    page = _page(built, NEWS_PAGE)
    (og,) = page.xpath("//meta[@property='og:image']/@content")
    assert og.startswith("http") and og.endswith(".jpg")
    assert page.xpath("//meta[@property='og:image:alt']/@content") == ["Een kas"]
    assert page.xpath("//meta[@property='og:image:width']/@content")
    scripts = page.xpath("//script[@type='application/ld+json']/text()")
    described = [d for s in scripts for d in _as_list(json.loads(s)) if "image" in d]
    assert described and described[0]["image"]["url"] == og
    feed = feedparser.parse((built / "site" / "nieuws" / "feed.xml").read_bytes())
    enclosures = [e for entry in feed.entries for e in entry.get("enclosures", [])]
    assert [e["href"] for e in enclosures] == [og]


def _as_list(data: Any) -> list[dict[str, Any]]:
    return data if isinstance(data, list) else [data]


def test_warm_build_makes_no_variant_and_a_changed_image_re_renders_its_pages(
    built: Path,
) -> None:
    cached = {p: p.stat().st_mtime_ns for p in (built / "cache" / "images").iterdir()}
    again = build_into(built / "content", built / "site", cache_dir=built / "cache")
    assert again.ok and again.summary is not None and not again.summary.rendered
    assert {p: p.stat().st_mtime_ns for p in (built / "cache" / "images").iterdir()} == cached
    old_src = _page(built, NEWS_PAGE).xpath("//picture[contains(@class, 'picture-page')]//img/@src")
    (built / "content" / "media" / "kas.jpg").write_bytes(photo_bytes(1200, 900))
    changed = build_into(built / "content", built / "site", cache_dir=built / "cache")
    assert changed.summary is not None and NEWS_PAGE in changed.summary.rendered
    new_src = _page(built, NEWS_PAGE).xpath("//picture[contains(@class, 'picture-page')]//img/@src")
    assert new_src != old_src and (built / "site" / new_src[0].lstrip("/")).is_file()
    assert "organisaties/partner/index.html" not in changed.summary.rendered  # shows no news


def test_a_drafts_image_is_not_published(tmp_path: Path) -> None:
    content = with_images(Path(shutil.copytree(FIXTURE_SITE, tmp_path / "content")))
    news = content / "news" / "start-netwerk.yaml"
    news.write_text("draft: true\n" + news.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_into(content, tmp_path / "site", cache_dir=tmp_path / "cache").ok
    media = sorted(path.name for path in (tmp_path / "site" / "media").iterdir())
    # the organisation's logo is published; nothing of the draft news item's photo is
    assert media and all(name.endswith((".png", ".webp")) for name in media)
    assert not (tmp_path / "site" / NEWS_PAGE).exists()
