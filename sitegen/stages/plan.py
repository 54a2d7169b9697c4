"""Stage 4a, plan: decide which pages exist, with their URL, template, texts and context.

Pages are data before they are HTML: the renderer, the sitemap, the search index, the link
checker and the incremental rebuild all read this list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from schemas import ContentType
from schemas.event import Event
from sitegen.model.agenda import agenda_parts, agenda_type, facets, facets_in_use, origins
from sitegen.model.entry import Entry
from sitegen.model.page import Crumbs, PageSpec, home_crumb, in_list_order, section_crumb
from sitegen.model.problems import ContentError
from sitegen.model.reads import Reads, RecordingSite
from sitegen.model.site import Site
from sitegen.model.urls import HOME_PAGE, is_home
from sitegen.outputs.search import search_bundles
from sitegen.reuse.affected import NOTHING_REUSABLE, ReusablePages
from sitegen.stages.addresses import is_top_level
from sitegen.stages.lists import (
    AgendaList,
    Facets,
    Filters,
    agenda_filters,
    agenda_lists,
    agenda_pages,
    long_list_pages,
)

HOME_EVENTS = 4
HOME_NEWS = 3
__all__ = ["PageSpec", "plan_pages"]
RELATED_LIMIT = 12  # an item page shows this many events and news; the agenda has the rest


def plan_pages(
    site: Site, reusable: ReusablePages = NOTHING_REUSABLE
) -> tuple[list[PageSpec], list[ContentError]]:
    """Every page in every language; two pages wanting one URL is a content error.

    reusable (from the live preview's last build): the pages that no change reached, taken
    over as they are instead of planned again."""
    facets = list(facets_in_use(site))
    # the agenda's lists are the same in every language: made once, for _pages_in to share
    events_of = {
        declared.name: agenda_lists(site, declared, facets)
        for declared in site.types
        if issubclass(declared.model, Event)
    }
    agenda = (facets, agenda_filters(site, facets), events_of)
    related = Related(site)
    pages = [
        page for lang in site.languages for page in _pages_in(site, lang, agenda, related, reusable)
    ]
    return pages, _url_clashes(site, pages)


def _pages_in(
    site: Site,
    lang: str,
    agenda: tuple[Facets, Filters, dict[str, list[AgendaList]]],
    related: Related,
    reusable: ReusablePages,
) -> Iterator[PageSpec]:
    yield _home_page(site, lang)
    for declared in site.types:
        if issubclass(declared.model, Event):
            yield from agenda_pages(site, declared, lang, *agenda, reusable.lists)
        elif declared.listing.per_page is not None:
            yield from long_list_pages(site, declared, lang, reusable.lists)
        elif declared.has_list_page:
            yield _section_page(site, declared, lang)
    for declared in site.types:
        for entry in site.all(declared.name):
            if (page := reusable.items.get((declared.name, entry.slug, lang))) is not None:
                yield page
            elif entry.model.text(lang) is not None and not is_home(entry):
                yield _item_page(site, entry, declared, lang, related)
    bundles = [bundle.url for bundle in search_bundles(site, lang)]
    yield _fixed_page(site, lang, "search", site.urls.search, "search.html", {"bundles": bundles})
    yield _fixed_page(site, lang, "not_found", site.urls.not_found, "not_found.html")


def _home_page(site: Site, lang: str) -> PageSpec:
    home = site.get("pages", HOME_PAGE)
    text = home.model.text(lang) if home else None
    parts = agenda_parts(site)
    url = site.urls.home(lang)
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template="home.html",
        title=text.title if text else site.settings.name.get(lang),
        description=text.summary if text else site.settings.tagline.get(lang),
        alternates={other: site.urls.home(other) for other in site.languages},
        translated=frozenset(site.languages),
        context={
            "text": text,
            "upcoming": parts.upcoming[:HOME_EVENTS],
            # when nothing is upcoming: what is known of what comes, and what was
            "to_follow": parts.to_follow[:HOME_EVENTS],
            "recent": parts.past[:HOME_EVENTS],
            "origins": origins(site),
            "news": in_list_order(site, "news")[:HOME_NEWS],
            "clusters": site.all("clusters"),
            "themes": in_list_order(site, "themes"),
        },
        sources=(home.source.path,) if home else (),
        breadcrumbs=(home_crumb(site, lang),),
        uses_today=True,
    )


def _section_page(site: Site, declared: ContentType[Any], lang: str) -> PageSpec:
    catalog = site.catalogs[lang]
    kind = declared.name
    title = catalog[f"section_{kind}"]
    url = site.urls.section(kind, lang)
    assert declared.list_template is not None
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=declared.list_template,
        title=title,
        description=catalog[f"section_{kind}_intro"],
        alternates={other: site.urls.section(kind, other) for other in site.languages},
        translated=frozenset(site.languages),
        context=_section_context(site, declared, lang),
        breadcrumbs=(home_crumb(site, lang), (title, url)),
    )


def _section_context(site: Site, declared: ContentType[Any], lang: str) -> dict[str, Any]:
    """The items of a list page, in the order (or groups) the type's listing declares."""
    listing = declared.listing
    items = in_list_order(site, declared.name)
    if not listing.every_language:
        items = [e for e in items if e.model.text(lang) is not None]
    if listing.group is None:
        return {"items": items}
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(items, key=lambda e: e.slug):
        groups[str(listing.group(entry.model))].append(entry)
    order = {name: index for index, name in enumerate(listing.group_order)}
    return {"groups": sorted(groups.items(), key=lambda g: (order.get(g[0], len(order)), g[0]))}


def _fixed_page(
    site: Site,
    lang: str,
    name: str,
    url_of: Any,
    template: str,
    context: dict[str, Any] | None = None,
) -> PageSpec:
    """A page with no content file of its own: search, not found."""
    catalog = site.catalogs[lang]
    url = url_of(lang)
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=template,
        title=catalog[f"{name}_title"],
        description=catalog[f"{name}_intro"],
        alternates={other: url_of(other) for other in site.languages},
        translated=frozenset(site.languages),
        context=context or {},
        breadcrumbs=(home_crumb(site, lang), (catalog[f"{name}_title"], url)),
        listed=name != "not_found",
    )


def _item_page(
    site: Site, entry: Entry, declared: ContentType[Any], lang: str, related: Related
) -> PageSpec:
    text = entry.model.text(lang)
    assert text is not None
    url = site.urls.item(entry, lang)
    crumbs: Crumbs = (home_crumb(site, lang),)
    if declared.has_list_page:
        crumbs += (section_crumb(site, entry.kind, lang),)
    shown, reads = related.of(entry)
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=declared.item_template,
        title=text.title,
        description=text.summary,
        alternates={other: site.urls.nearest(entry, other) for other in site.languages},
        translated=related.translated(entry),
        context={"entry": entry, "text": text, **shown},
        sources=(entry.source.path,),
        breadcrumbs=(*crumbs, (text.title, url)),
        entry=entry,
        # its list of events puts the upcoming ones first
        uses_today=not isinstance(entry.model, Event),
        reads=reads,
    )


class Related:
    """The lists an item page shows besides its own fields, made once for both languages, and
    what the page reads: what making them looked up, and what its template looks up."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._made: dict[tuple[str, str], tuple[dict[str, Any], Reads]] = {}
        self._translated: dict[tuple[str, str], frozenset[str]] = {}

    def of(self, entry: Entry) -> tuple[dict[str, Any], Reads]:
        key = (entry.kind, entry.slug)
        if key not in self._made:
            recording = RecordingSite.over(self._site)
            lists = _related(recording, entry)
            recording.targets(entry)  # the template shows the items it refers to, by name
            self._made[key] = (lists, recording.reads())
        return self._made[key]

    def translated(self, entry: Entry) -> frozenset[str]:
        """The languages the item is written in (looking costs a pass over its fields)."""
        key = (entry.kind, entry.slug)
        if key not in self._translated:
            self._translated[key] = frozenset(entry.model.languages())
        return self._translated[key]


@dataclass(frozen=True)
class Referring:
    """The items of one type that refer to an item, as its page lists them."""

    entries: list[Entry]  # the first RELATED_LIMIT, for a type whose lists are long
    total: int


def _related(site: Site, entry: Entry) -> dict[str, Any]:
    """For an event, the events of its series; for any other item, the items of every type
    that refer to it (templates/partials/related.html), and the agenda's filter for it. Its
    events are also those it names itself (a programme's meetings), each once."""
    if isinstance(entry.model, Event):
        times = site.event_times
        return {"series": sorted(site.series(entry), key=lambda e: times[e.slug].order)}
    agenda = agenda_type(site.types)
    related: dict[str, Referring] = {}
    for declared in site.types:
        referring = site.referring(entry, declared.name)
        if declared is agenda:
            named = [e for e in site.targets(entry) if e.kind == declared.name]
            referring = [e for part in agenda_parts(site, _once(referring + named)) for e in part]
        else:
            referring = in_list_order(site, declared.name, referring)
        shown = referring[:RELATED_LIMIT] if declared.listing.per_page else referring
        related[declared.name] = Referring(shown, len(referring))
    facet = next((f.name for f in facets(site.types) if f.target == entry.kind), None)
    return {"related": related, "agenda_facet": facet}


def _once(entries: list[Entry]) -> list[Entry]:
    return list({(e.kind, e.slug): e for e in entries}.values())


def _url_clashes(site: Site, pages: list[PageSpec]) -> list[ContentError]:
    owners: dict[str, PageSpec] = {}
    problems = []
    for page in pages:
        earlier = owners.setdefault(page.url, page)
        # the link stage has named both files, lines and fields of a clash in a language's root
        if earlier is not page and not is_top_level(page.url, site.urls):
            where = page.sources[0] if page.sources else "content/site.yaml"
            owner = earlier.sources[0] if earlier.sources else "a section of the site"
            problems.append(
                ContentError(
                    where,
                    None,
                    "slug",
                    f"its address {page.url} is already taken",
                    f"by {owner}; choose another slug",
                )
            )
    return problems
