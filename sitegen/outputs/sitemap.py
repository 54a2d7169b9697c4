"""sitemap.xml with hreflang alternates for every page, and robots.txt pointing to it."""

from __future__ import annotations

from functools import partial
from xml.etree import ElementTree as ET

from sitegen.model.files import LazyFile
from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.outputs.built import Built

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap_files(built: Built) -> list[LazyFile]:
    """Both files are made again only when a page comes or goes or its translations change."""
    site, pages = built.site, built.pages
    sitemap_url = site.urls.absolute(site.urls.address("sitemap.xml"))
    robots = f"User-agent: *\nAllow: {site.urls.prefix}\n\nSitemap: {sitemap_url}\n"
    listed = [page for page in pages if page.listed]
    addresses = tuple(_addresses(page, site.languages) for page in listed)
    return [
        LazyFile("sitemap.xml", addresses, partial(_sitemap, site, listed)),
        LazyFile("robots.txt", (robots,), robots.encode),
    ]


def _sitemap(site: Site, pages: list[PageSpec]) -> bytes:
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in pages:
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = site.urls.absolute(page.url)
        for lang, href in _alternates(page, site.languages):
            attributes = {"rel": "alternate", "hreflang": lang, "href": site.urls.absolute(href)}
            ET.SubElement(url, f"{{{XHTML}}}link", attributes)
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True))


def _addresses(page: PageSpec, languages: tuple[str, ...]) -> str:
    """The page's address and its alternates, as the sitemap's fingerprint takes them."""

    def line() -> str:
        alternates = (f"{lang}={href}" for lang, href in _alternates(page, languages))
        return " ".join([page.url, *alternates])

    return page.derived(f"sitemap {languages}", line)


def _alternates(page: PageSpec, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    present = [(lang, page.alternates[lang]) for lang in languages if lang in page.translated]
    if len(present) < 2:
        return []
    return [*present, ("x-default", page.alternates[languages[0]])]
