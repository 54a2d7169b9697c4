"""A page before it is rendered, and the small helpers every list of pages shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.model.derived import Derived
from sitegen.model.entry import Entry
from sitegen.model.reads import NOTHING_READ, Reads
from sitegen.model.site import Site

Crumbs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PageSpec:
    """One page of the site before rendering."""

    url: str  # its address (urls.py)
    output_path: str  # where it is written, relative to the site root (Urls.output_path)
    lang: str
    template: str
    title: str
    description: str
    alternates: dict[str, str]
    translated: frozenset[str]
    context: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    breadcrumbs: Crumbs = ()
    entry: Entry | None = None
    listed: bool = True
    uses_today: bool = False  # lists split into upcoming and past change as days pass
    # the list this page is one page of, named by everything the list was planned from: the
    # preview takes over the pages of a list whose name did not change (lists.py)
    group: tuple[object, ...] | None = None
    # what it reads besides the items in its context, recorded while it was planned (reads.py)
    reads: Reads = NOTHING_READ
    # once per page: what an output derives from the page alone (its sitemap entry); the
    # preview takes over the pages no change reached, with it
    derived: Derived = field(default_factory=Derived, init=False, repr=False, compare=False)

    @property
    def searchable(self) -> bool:
        """Whether the page is in the search index: item pages are; the agenda's and other
        lists, the home page, search and 404 are navigation, and would only repeat the items'
        words."""
        return self.entry is not None


def title_in(entry: Entry, lang: str) -> str:
    """The item's title in lang, else in the first language it is written in: a missing
    translation is a warning, so the pages that name the item still need a name."""
    if (text := entry.model.text(lang)) is not None:  # nearly always: asked for on every card
        return text.title
    languages = entry.model.languages()
    return next(text.title for text in map(entry.model.text, languages) if text is not None)


def home_crumb(site: Site, lang: str) -> tuple[str, str]:
    return (site.catalogs[lang]["home"], site.urls.home(lang))


def section_crumb(site: Site, kind: str, lang: str) -> tuple[str, str]:
    return (site.catalogs[lang][f"section_{kind}"], site.urls.section(kind, lang))


def in_list_order(site: Site, kind: str, entries: list[Entry] | None = None) -> list[Entry]:
    """Items of a type (all, or those given) in the order its lists show them: by the key its
    declaration's listing gives, then by slug; without a key, by file name."""
    if kind not in site.types:  # a site without this type (the home page asks for news)
        return []
    listing = site.types[kind].listing
    items = site.all(kind) if entries is None else entries
    order = listing.order
    if order is None:
        return list(reversed(items)) if listing.newest_first else list(items)
    return sorted(items, key=lambda e: (order(e.model), e.slug), reverse=listing.newest_first)
