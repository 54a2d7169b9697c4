"""Long lists as numbered pages: the agenda, its filter pages and the news index.

Each list is cut into pages of a fixed size, so no page grows with the size of the site and a
change to one event re-renders only the pages it appears on (and the filter counts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from schemas import ContentType
from sitegen.model.agenda import AgendaParts, agenda_parts, by_month, origins
from sitegen.model.entry import Entry
from sitegen.model.page import Crumbs, PageSpec, home_crumb, in_list_order, section_crumb, title_in
from sitegen.model.site import Site

PER_PAGE = 50  # for a type whose listing does not say (Listing.per_page)
FilterChoice = tuple[str, int, Entry | None]
Filters = list[tuple[str, list[FilterChoice]]]
ListName = tuple[object, ...]  # a list and everything it is planned from (PageSpec.group)
Lists = Mapping[ListName, list[PageSpec]]


@dataclass(frozen=True)
class Pagination:
    """Where one page of a list stands: its number, the number of pages, every page's URL."""

    number: int
    urls: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def list_pages(
    site: Site,
    lang: str,
    base_url: Callable[[str], str],
    chunks: list[list[Any]],
    page_spec: Callable[[str, Pagination, list[Any]], PageSpec],
) -> Iterator[PageSpec]:
    """One PageSpec per chunk; page 1 at the list's own URL, page n at .../page/n/."""
    urls = tuple(site.urls.page_of(base_url(lang), n, lang) for n in range(1, len(chunks) + 1))
    for number, chunk in enumerate(chunks, start=1):
        yield page_spec(urls[number - 1], Pagination(number, urls), chunk)


Facets = list[tuple[str, str, list[Entry]]]  # (facet, value, its events), from facets_in_use


def agenda_filters(site: Site, facets: Facets) -> Filters:
    """For the agenda's filter links: per facet, each value in use, its number of events and
    the theme or cluster it names (None for an audience)."""
    grouped: dict[str, list[FilterChoice]] = defaultdict(list)
    for facet, value, events in facets:
        grouped[facet].append((value, len(events), site.get(facet, value)))
    return list(grouped.items())


def agenda_pages(
    site: Site,
    agenda: ContentType[Any],
    lang: str,
    facets: Facets,
    filters: Filters,
    events_of: Mapping[str, list[AgendaList]],
    known: Lists,
) -> Iterator[PageSpec]:
    """The agenda and one agenda per cluster, theme and audience, each in numbered pages;
    a list in known (the preview's previous build) under the same name is taken over.
    events_of: by agenda type, its agenda_lists for these facets."""
    catalog = site.catalogs[lang]
    agenda_url = partial(site.urls.section, agenda.name)
    per_page = agenda.listing.per_page or PER_PAGE
    shared = ("agenda", lang, site.today, per_page, _filters_name(filters))
    lists = [(catalog[f"section_{agenda.name}"], agenda_url)]
    for facet, value, _ in facets:
        target = site.get(facet, value)
        name = title_in(target, lang) if target else catalog[f"{facet}_{value}"]
        title = catalog["agenda_for"].format(name=name)
        lists.append((title, partial(site.urls.agenda_filter, facet, value)))
    for (title, base_url), events in zip(lists, events_of[agenda.name], strict=True):
        list_name = (*shared, title, base_url(lang), *events.items_name)
        if (pages := known.get(list_name)) is not None:
            yield from pages
        else:
            yield from _agenda_list(site, agenda, lang, filters, events, title, base_url,
                                    list_name)  # fmt: skip


@dataclass(frozen=True)
class AgendaList:
    """The events of one agenda list and what is made of them alone, the same in every
    language (so made once per site, not once per language)."""

    site: Site
    events: list[Entry]

    @cached_property  # a pass over the list's events and their targets
    def origins(self) -> dict[str, list[Entry]]:
        """The empty agenda links to its events' programmes and clusters, by title."""
        return origins(self.site, self.events)

    @cached_property
    def items_name(self) -> tuple[tuple[str, str], ...]:
        where_from = [item for items in self.origins.values() for item in items]
        return tuple(_items_name(self.events + where_from))

    @cached_property
    def parts(self) -> AgendaParts:
        return agenda_parts(self.site, self.events)


def agenda_lists(site: Site, agenda: ContentType[Any], facets: Facets) -> list[AgendaList]:
    """The whole agenda's list, then each facet value's (in the order of agenda_pages)."""
    lists = [site.all(agenda.name), *(events for _, _, events in facets)]
    return [AgendaList(site, events) for events in lists]


def _items_name(items: list[Entry]) -> list[tuple[str, str]]:
    return [(item.slug, item.source.digest) for item in items]


def _filters_name(filters: Filters) -> tuple[object, ...]:
    return tuple(
        (facet, value, count, target.source.digest if target else None)
        for facet, choices in filters
        for value, count, target in choices
    )


def _agenda_list(
    site: Site,
    agenda: ContentType[Any],
    lang: str,
    filters: Filters,
    events: AgendaList,
    title: str,
    base_url: Callable[[str], str],
    list_name: ListName,
) -> Iterator[PageSpec]:
    parts = events.parts
    named = zip(parts._fields, parts, strict=True)
    sequence = [(part, e) for part, listed in named for e in listed]
    shape = ListShape(agenda, title, base_url, list_name, is_agenda=True)

    def spec(url: str, pagination: Pagination, chunk: list[tuple[str, Entry]]) -> PageSpec:
        def part(name: str) -> list[Entry]:
            return [e for in_part, e in chunk if in_part == name]

        context = {
            "upcoming": by_month(site, part("upcoming")),
            "to_follow": part("to_follow"),
            "past": by_month(site, part("past")),
            # when nothing is upcoming, the first page says so and points to these
            "nothing_upcoming": not parts.upcoming,
            "origins": events.origins,
            "filters": filters,
            "pagination": pagination,
        }
        return _list_spec(site, lang, shape, url, pagination, context)

    per_page = agenda.listing.per_page or PER_PAGE
    yield from list_pages(site, lang, base_url, _chunks(sequence, per_page), spec)


def long_list_pages(
    site: Site, declared: ContentType[Any], lang: str, known: Lists
) -> Iterator[PageSpec]:
    """The list page of a type whose listing is cut into numbered pages (the news)."""
    kind = declared.name
    title = site.catalogs[lang][f"section_{kind}"]
    items = in_list_order(site, kind)
    if not declared.listing.every_language:
        items = [e for e in items if e.model.text(lang) is not None]
    per_page = declared.listing.per_page or PER_PAGE
    list_name = (kind, lang, per_page, *_items_name(items))
    if (pages := known.get(list_name)) is not None:
        yield from pages
        return

    def base_url(other: str) -> str:
        return site.urls.section(kind, other)

    shape = ListShape(declared, title, base_url, list_name)

    def spec(url: str, pagination: Pagination, chunk: list[Entry]) -> PageSpec:
        context = {"items": chunk, "pagination": pagination}
        return _list_spec(site, lang, shape, url, pagination, context)

    yield from list_pages(site, lang, base_url, _chunks(items, per_page), spec)


@dataclass(frozen=True)
class ListShape:
    """What every page of one list shares."""

    declared: ContentType[Any]  # the type it lists (its template, section and words)
    title: str
    base_url: Callable[[str], str]
    name: ListName
    # the agenda: split into upcoming and past, it changes as days pass; its pages other than
    # its first (filters, page 2) have a breadcrumb to it
    is_agenda: bool = False


def _list_spec(
    site: Site,
    lang: str,
    shape: ListShape,
    url: str,
    pagination: Pagination,
    context: dict[str, Any],
) -> PageSpec:
    catalog = site.catalogs[lang]
    kind = shape.declared.name
    shown = shape.title
    if pagination.number > 1:
        shown = catalog["page_title"].format(title=shape.title, number=pagination.number)
    crumbs: Crumbs = (home_crumb(site, lang),)
    if shape.is_agenda and url != site.urls.section(kind, lang):
        crumbs += (section_crumb(site, kind, lang),)
    assert shape.declared.list_template is not None
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=shape.declared.list_template,
        title=shown,
        description=catalog[f"section_{kind}_intro"],
        alternates={
            other: site.urls.page_of(shape.base_url(other), pagination.number, other)
            for other in site.languages
        },
        translated=frozenset(site.languages),
        context=context,
        breadcrumbs=(*crumbs, (shown, url)),
        uses_today=shape.is_agenda,
        group=shape.name,
    )
