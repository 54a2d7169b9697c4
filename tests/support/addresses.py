"""Addresses of pages and files, asked of the engine's URL function (sitegen.model.urls.Urls).

A test names a page by what it is (the English page of the event reeks-1) rather than by how its
address is spelled today ('/en/events/reeks-1/'), so that a change of the URL scheme fails only
the tests about URLs (tests/model/test_urls.py), not every test that visits a page.

The functions read the fixture site unless given another content folder (a copy a test changed);
the fixture and the shipped content are read once per run, a copy each time it is asked for.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sitegen.model.site import Site
from sitegen.model.urls import Urls
from sitegen.outputs.calendar import agenda_calendar_path, event_calendar_path
from sitegen.outputs.feeds import feed_path
from sitegen.outputs.search_bundle import Bundle
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, check
from tests.support.builds import FIXTURE_SITE, TODAY

SHIPPED_CONTENT = PROJECT_ROOT / "content"
UNCHANGING = (FIXTURE_SITE, SHIPPED_CONTENT)  # no test writes into these


def site_of(root: Path = FIXTURE_SITE) -> Site:
    """The linked site of a content folder, as the build sees it before planning its pages."""
    return _unchanging_site(root) if root in UNCHANGING else _read(root)


@cache
def _unchanging_site(root: Path) -> Site:
    return _read(root)


def _read(root: Path) -> Site:
    site, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    assert site is not None, [p.format() for p in problems]
    return site


def urls(root: Path = FIXTURE_SITE) -> Urls:
    return site_of(root).urls


def item_page(kind: str, slug: str, lang: str = "nl", root: Path = FIXTURE_SITE) -> str:
    """The address of an item's page: item_page('events', 'reeks-1', 'en')."""
    site = site_of(root)
    entry = site.get(kind, slug)
    assert entry is not None, f"no {kind}/{slug} in {root}"
    return site.urls.item(entry, lang)


def section(kind: str, lang: str = "nl", root: Path = FIXTURE_SITE) -> str:
    """The address of a section's list: section('events', 'en') is the English agenda."""
    return urls(root).section(kind, lang)


def home(lang: str = "nl") -> str:
    return urls().home(lang)


def search_page(lang: str = "nl") -> str:
    return urls().search(lang)


def not_found_page(lang: str = "nl") -> str:
    return urls().not_found(lang)


def agenda_filter(facet: str, value: str, lang: str = "nl") -> str:
    """The static agenda page of one theme, cluster or audience."""
    return urls().agenda_filter(facet, value, lang)


def list_page(list_address: str, number: int, lang: str = "nl") -> str:
    """Page `number` of a long list (page 1 is the list itself)."""
    return urls().page_of(list_address, number, lang)


def site_path(address: str) -> str:
    """Where an address lies in the built folder: a folder ('en/events/') or a file."""
    return urls().site_path(address)


def output_file(address: str) -> str:
    """The file a page at this address is written to, inside the built folder."""
    return urls().output_path(address)


def item_file(kind: str, slug: str, lang: str = "nl") -> str:
    """The file an item's page is written to: item_file('themes', 'water', 'en')."""
    return output_file(item_page(kind, slug, lang))


def absolute(address: str) -> str:
    """The full URL of an address, as feeds, calendars and the sitemap write it."""
    return urls().absolute(address)


def address_of(site_path: str) -> str:
    """The address of a file of the site: the site's prefix in front of its path."""
    return urls().address(site_path)


def event_calendar(slug: str, lang: str = "nl", root: Path = FIXTURE_SITE) -> str:
    """Where an event's own .ics file lies in the built folder."""
    site = site_of(root)
    event = site.get("events", slug)
    assert event is not None, f"no event {slug} in {root}"
    return event_calendar_path(site, event, lang)


def agenda_calendar(lang: str = "nl") -> str:
    """Where a language's subscribable calendar of the whole agenda lies in the built folder."""
    return agenda_calendar_path(site_of(), lang)


def feed(kind: str, lang: str = "nl") -> str:
    """Where a section's Atom feed lies in the built folder."""
    return feed_path(site_of(), kind, lang)


def language_at(address: str, root: Path = FIXTURE_SITE) -> str:
    """The language of the page at an address, by the folder it lies in."""
    site_urls = urls(root)
    return site_urls.language_of(site_urls.output_path(address))


def search_bundle(lang: str, number: int = 1, root: Path = FIXTURE_SITE) -> Bundle:
    """A language's search bundle, in the folder of its language as the site declares it."""
    return Bundle(lang, number, language_folder=urls(root).languages[lang].prefix)
