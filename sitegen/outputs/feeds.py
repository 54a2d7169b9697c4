"""Atom feeds (RFC 4287): news and agenda, one of each per language."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial
from xml.etree import ElementTree as ET

from schemas.fields import SITE_TIMEZONE
from schemas.news import News
from sitegen.model.agenda import split_events
from sitegen.model.entry import Entry
from sitegen.model.files import LazyFile
from sitegen.model.page import in_list_order
from sitegen.model.site import Site
from sitegen.model.times import iso_moment, on_exact_days, start_key
from sitegen.outputs.built import Built
from sitegen.reuse.fragments import FragmentStore
from sitegen.stages.footnotes import note_words
from sitegen.stages.markdown import with_site_prefix
from sitegen.stages.picture import absolute, preview

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
FEED_KINDS = ("news", "events")
FEED_ENTRIES = 50  # feed readers want what is new, not the whole archive


def feed_path(site: Site, kind: str, lang: str) -> str:
    """Where the feed lies in the site: en/news/feed.xml (Urls.address gives its address)."""
    return f"{site.urls.site_path(site.urls.section(kind, lang))}{FEED_FILE}"


def feed_files(built: Built) -> list[LazyFile]:
    """The feeds, each made only when one of its entries (or the day) changed; their bodies
    come from the fragment store, rendered once with the pages."""
    site, fragments = built.site, built.fragments
    return [
        LazyFile(
            feed_path(site, kind, lang),
            (kind, lang, site.today.isoformat(), *_entry_inputs(site, kind, lang)),
            partial(_feed, site, fragments, kind, lang),
        )
        for lang in site.languages
        for kind in FEED_KINDS
        if kind in site.types
    ]


def _entry_inputs(site: Site, kind: str, lang: str) -> list[str]:
    return [f"{e.slug}:{e.source.digest}" for e, _ in _newest_entries(site, kind, lang)]


def _newest_entries(site: Site, kind: str, lang: str) -> list[tuple[Entry, datetime]]:
    written = [(e, moment) for e, moment in _feed_entries(site, kind) if e.model.text(lang)]
    return written[:FEED_ENTRIES]


def _feed_entries(site: Site, kind: str) -> list[tuple[Entry, datetime]]:
    """Once per site: every language's feed, and its fingerprint, start from it."""
    return site.derived(f"feed_entries {kind}", lambda: _all_feed_entries(site, kind))


def _all_feed_entries(site: Site, kind: str) -> list[tuple[Entry, datetime]]:
    if kind == "news":
        return [(item, _midnight(_published(item))) for item in in_list_order(site, "news")]
    # An event without a known day has no moment to give (Atom needs one): it is on the agenda
    # pages but not in the feed, as in the calendars.
    upcoming, past = split_events(site)
    return [(event, start_key(event)) for event in upcoming + past if on_exact_days(event)]


def _published(item: Entry) -> date:
    assert isinstance(item.model, News)
    return item.model.date


def _feed(site: Site, fragments: FragmentStore, kind: str, lang: str) -> bytes:
    ET.register_namespace("", ATOM)
    entries = _newest_entries(site, kind, lang)
    section = site.urls.absolute(site.urls.section(kind, lang))
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    name = site.settings.name.get(lang)
    _add(feed, "id", section)
    _add(feed, "title", f"{name}: {site.catalogs[lang][f'section_{kind}']}")
    _add(feed, "subtitle", site.catalogs[lang][f"section_{kind}_intro"])
    newest = max((moment for _, moment in entries), default=_midnight(site.today))
    _add(feed, "updated", iso_moment(newest))
    itself = site.urls.absolute(site.urls.address(feed_path(site, kind, lang)))
    _link(feed, itself, "self", "application/atom+xml")
    _link(feed, section, "alternate", "text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", name)
    _add(author, "uri", site.urls.absolute(site.urls.home(lang)))
    for entry, moment in entries:
        _entry(feed, site, entry, moment, lang, fragments)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def _entry(
    feed: ET.Element,
    site: Site,
    entry: Entry,
    moment: datetime,
    lang: str,
    fragments: FragmentStore,
) -> None:
    text = entry.model.text(lang)
    assert text is not None
    url = site.urls.absolute(site.urls.item(entry, lang))
    element = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _add(element, "id", url)
    _add(element, "title", text.title)
    _link(element, url, "alternate", "text/html")
    _add(element, "updated", iso_moment(moment))
    if entry.kind == "news":
        _add(element, "published", iso_moment(moment))
    _add(element, "summary", text.summary)
    if (found := preview(site, entry, lang)) is not None:
        largest = found[0].largest
        attributes = {"href": absolute(site, largest), "rel": "enclosure"}
        ET.SubElement(element, f"{{{ATOM}}}link", {**attributes, "type": largest.media_type})
    if text.body:
        words = note_words(site.catalogs[lang])
        body = with_site_prefix(fragments.markdown(text.body, words=words), site.urls.prefix)
        _add(element, "content", str(body), type="html")


def _add(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": media_type})


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), SITE_TIMEZONE)
