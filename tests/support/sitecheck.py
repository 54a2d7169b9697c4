"""Reading a built site back with independent parsers (lxml for HTML and JSON-LD, icalendar for
calendars), for the tests that check what a build wrote."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from icalendar import Calendar
from lxml import etree
from lxml import html as lxml_html


@dataclass(frozen=True)
class BuiltPage:
    url: str
    tree: lxml_html.HtmlElement

    def hreflangs(self) -> dict[str, str]:
        links = self.tree.xpath('//head/link[@rel="alternate"][@hreflang]')
        return {link.get("hreflang"): urlsplit(link.get("href")).path for link in links}

    def ids(self) -> set[str]:
        return set(self.tree.xpath("//@id"))

    def text(self) -> str:
        return " ".join(self.tree.xpath("//main")[0].text_content().split())


def words(element: etree._Element) -> str:
    """An element's text as a reader sees it: its words, single-spaced."""
    return " ".join(element.xpath("string()").split())


def read_site(root: Path) -> dict[str, BuiltPage]:
    """Every index.html under root, keyed by its URL ('/', '/en/events/x/')."""
    pages = {}
    for file in sorted(root.rglob("index.html")):
        relative = file.parent.relative_to(root).as_posix()
        url = "/" if relative == "." else f"/{relative}/"
        pages[url] = BuiltPage(url, lxml_html.fromstring(file.read_bytes()))
    return pages


def internal_targets(page: BuiltPage) -> list[str]:
    """Every same-site URL the page links to or loads (anchors, stylesheets, images, scripts)."""
    found = page.tree.xpath("//a/@href | //link/@href | //img/@src | //script/@src")
    targets = []
    for target in found:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue
        targets.append(target if target.startswith(("/", "#")) else page.url + target)
    return targets


def broken_links(root: Path, pages: dict[str, BuiltPage]) -> list[str]:
    """'page -> target' for every internal link whose file or #anchor does not exist."""
    broken = []
    for page in pages.values():
        for target in internal_targets(page):
            path, anchor = urldefrag(target)
            path = path or page.url
            if path.endswith("/"):
                exists = path in pages and (not anchor or anchor in pages[path].ids())
            else:
                exists = (root / path.lstrip("/")).is_file()
            if not exists:
                broken.append(f"{page.url} -> {target}")
    return broken


# Every URL a built site names, in any of its files, for the sub-path test (test_subpath.py):
# what a browser, a feed reader, a calendar app, a search engine or Pagefind would follow.


@dataclass(frozen=True)
class Reference:
    file: str  # the file that names the URL, relative to the site root
    kind: str  # where in it: 'html', 'feed', 'sitemap', 'calendar', 'webcal', 'search', ...
    url: str  # as written: relative, root-relative or absolute


def references_in(root: Path) -> list[Reference]:
    """Every URL named by the site's pages, feeds, calendars, sitemap, robots.txt and search
    index (read with lxml, json and gzip; calendars unfolded as RFC 5545 says)."""
    readers = {".html": _html_references, ".xml": _xml_references, ".ics": _calendar_references}
    found: list[Reference] = []
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root).as_posix()
        if file.name == "robots.txt":
            found += _robots_references(relative, file.read_text(encoding="utf-8"))
        elif file.suffix == ".pf_fragment":
            found.append(Reference(relative, "search", _fragment_url(file.read_bytes())))
        elif file.suffix in readers and file.is_file():
            found += readers[file.suffix](relative, file.read_bytes())
    return found


def _html_references(file: str, content: bytes) -> list[Reference]:
    tree = lxml_html.fromstring(content)
    found = [
        Reference(file, "webcal" if url.startswith("webcal:") else "html", url)
        for url in tree.xpath("//@href | //@src | //@action | //meta[@property='og:url']/@content")
    ]
    for box in tree.xpath("//*[@data-bundle]"):
        bundles = [box.get("data-bundle"), *box.get("data-merge", "").split()]
        found += [
            Reference(file, "search", bundle + name)
            for bundle in bundles
            for name in ("pagefind.js", "pagefind-entry.json")
        ]
    for script in tree.xpath("//script[@type='application/ld+json']"):
        found += [Reference(file, "json-ld", url) for url in _urls_in(json.loads(script.text))]
    return found


def _urls_in(data: object) -> list[str]:
    """The URLs in a JSON-LD block: every string value under a key 'url', 'item' or '@id'."""
    if isinstance(data, list):
        return [url for value in data for url in _urls_in(value)]
    if not isinstance(data, dict):
        return []
    found = [v for k, v in data.items() if k in ("url", "item", "@id") and isinstance(v, str)]
    return found + [url for value in data.values() for url in _urls_in(value)]


def _xml_references(file: str, content: bytes) -> list[Reference]:
    tree = etree.fromstring(content)
    kind = "sitemap" if etree.QName(tree).localname == "urlset" else "feed"
    found = [Reference(file, kind, url) for url in tree.xpath("//@href")]
    for element in tree.iter():
        name = etree.QName(element).localname
        if name in ("loc", "id", "uri") and element.text:
            found.append(Reference(file, kind, element.text.strip()))
        elif name == "content" and element.get("type") == "html" and element.text:
            body = lxml_html.fragment_fromstring(element.text, create_parent="div")
            found += [Reference(file, kind, url) for url in body.xpath(".//@href | .//@src")]
    return found


def _calendar_references(file: str, content: bytes) -> list[Reference]:
    unfolded = content.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return [
        Reference(file, "calendar", line.split(":", 1)[1])
        for line in unfolded.split("\r\n")
        if line.split(":", 1)[0].split(";", 1)[0] == "URL"
    ]


def _robots_references(file: str, text: str) -> list[Reference]:
    found = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in ("sitemap", "allow", "disallow") and value.strip():
            found.append(Reference(file, "robots", value.strip()))
    return found


def _fragment_url(content: bytes) -> str:
    """The page URL a Pagefind fragment holds: gzipped JSON behind a marker."""
    data = gzip.decompress(content).removeprefix(b"pagefind_dcd")
    url: str = json.loads(data)["url"]
    return url


def resolved(reference: Reference, site_url: str) -> str:
    """The absolute URL a reference leads to from its file, webcal: read as http:."""
    folder = reference.file.rsplit("/", 1)[0] + "/" if "/" in reference.file else ""
    url = urljoin(site_url + folder, reference.url)
    return "http:" + url.removeprefix("webcal:") if url.startswith("webcal:") else url


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def vevents(calendar: Calendar) -> dict[str, Any]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def json_ld(page_tree: Any) -> list[dict[str, Any]]:
    scripts = page_tree.xpath("//script[@type='application/ld+json']/text()")
    return [json.loads(text) for text in scripts]
