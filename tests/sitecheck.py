"""Reading a built site back with an independent HTML parser (lxml), for the end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

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
