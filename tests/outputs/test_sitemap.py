"""The sitemap (sitegen/outputs/sitemap.py), read back with lxml."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.support.sitecheck import read_site

BASE = "https://test.example/"


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
