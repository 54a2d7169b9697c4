"""Stage 4a, plan: decide which pages exist, with their URL, template, texts and context.

Pages are data before they are HTML: the renderer, the sitemap, the search index, the link
checker and the incremental rebuild all read this list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemas.fields import LANGUAGES
from sitegen.agenda import by_month, facets_in_use, split_events, start_key
from sitegen.errors import ContentError
from sitegen.link import Site
from sitegen.urls import HOME_PAGE, SECTION_KINDS
from sitegen.validate import Entry

ITEM_TEMPLATES = {
    "events": "event.html",
    "news": "news_item.html",
    "clusters": "cluster.html",
    "themes": "theme.html",
    "organisations": "organisation.html",
    "programmes": "programme.html",
    "centres": "centre.html",
    "pages": "page.html",
}
HOME_EVENTS = 4
HOME_NEWS = 3
Crumbs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PageSpec:
    """One page of the site before rendering."""

    url: str
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
    file: str = ""
    listed: bool = True
    uses_today: bool = False  # lists split into upcoming and past change as days pass

    @property
    def output_path(self) -> str:
        """Where the page is written, relative to the site root."""
        return self.file or f"{self.url.strip('/')}/index.html".lstrip("/")


def plan_pages(site: Site) -> tuple[list[PageSpec], list[ContentError]]:
    """Every page in every language; two pages wanting one URL is a content error."""
    pages = [page for lang in LANGUAGES for page in _pages_in(site, lang)]
    return pages, _url_clashes(pages)


def _pages_in(site: Site, lang: str) -> Iterator[PageSpec]:
    yield _home_page(site, lang)
    for kind in SECTION_KINDS:
        yield _section_page(site, kind, lang)
    for kind, template in ITEM_TEMPLATES.items():
        for entry in site.all(kind):
            if entry.model.text(lang) is not None and not _is_home(entry):
                yield _item_page(site, entry, template, lang)
    yield from _agenda_filter_pages(site, lang)
    yield _fixed_page(site, lang, "search", site.urls.search, "search.html")
    yield _fixed_page(site, lang, "not_found", site.urls.not_found, "not_found.html")


def _is_home(entry: Entry) -> bool:
    return entry.kind == "pages" and entry.slug == HOME_PAGE


def _home_crumb(site: Site, lang: str) -> tuple[str, str]:
    return (site.catalogs[lang]["home"], site.urls.home(lang))


def _section_crumb(site: Site, kind: str, lang: str) -> tuple[str, str]:
    return (site.catalogs[lang][f"section_{kind}"], site.urls.section(kind, lang))


def _home_page(site: Site, lang: str) -> PageSpec:
    home = site.get("pages", HOME_PAGE)
    text = home.model.text(lang) if home else None
    upcoming, _ = split_events(site)
    return PageSpec(
        url=site.urls.home(lang),
        lang=lang,
        template="home.html",
        title=text.title if text else site.settings.name.get(lang),
        description=text.summary if text else site.settings.tagline.get(lang),
        alternates={other: site.urls.home(other) for other in LANGUAGES},
        translated=frozenset(LANGUAGES),
        context={
            "text": text,
            "upcoming": upcoming[:HOME_EVENTS],
            "news": news_newest_first(site)[:HOME_NEWS],
            "clusters": site.all("clusters"),
            "themes": themes_in_order(site),
        },
        sources=(home.source.path,) if home else (),
        breadcrumbs=(_home_crumb(site, lang),),
        uses_today=True,
    )


def _section_page(site: Site, kind: str, lang: str) -> PageSpec:
    catalog = site.catalogs[lang]
    title = catalog[f"section_{kind}"]
    return PageSpec(
        url=site.urls.section(kind, lang),
        lang=lang,
        template=f"section_{kind}.html",
        title=title,
        description=catalog[f"section_{kind}_intro"],
        alternates={other: site.urls.section(kind, other) for other in LANGUAGES},
        translated=frozenset(LANGUAGES),
        context=_section_context(site, kind, lang),
        breadcrumbs=(_home_crumb(site, lang), (title, site.urls.section(kind, lang))),
        uses_today=kind == "events",
    )


def _section_context(site: Site, kind: str, lang: str) -> dict[str, Any]:
    visible = [e for e in site.all(kind) if e.model.text(lang) is not None]
    if kind == "events":
        upcoming, past = split_events(site)
        return {"upcoming": by_month(upcoming), "past": by_month(past), "filters": _filters(site)}
    if kind == "news":
        return {"items": news_newest_first(site)}
    if kind == "themes":
        return {"items": themes_in_order(site)}
    if kind == "organisations":
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in sorted(visible, key=lambda e: e.slug):
            groups[str(getattr(entry.model, "kind", ""))].append(entry)
        return {"groups": sorted(groups.items())}
    return {"items": visible}


FilterChoice = tuple[str, int, Entry | None]


def _filters(site: Site) -> list[tuple[str, list[FilterChoice]]]:
    """For the agenda's filter links: per facet, each value in use, its number of events and
    the theme or cluster it names (None for an audience)."""
    grouped: dict[str, list[FilterChoice]] = defaultdict(list)
    for facet, value, events in facets_in_use(site):
        grouped[facet].append((value, len(events), site.get(facet, value)))
    return list(grouped.items())


def _agenda_filter_pages(site: Site, lang: str) -> Iterator[PageSpec]:
    catalog = site.catalogs[lang]
    for facet, value, events in facets_in_use(site):
        upcoming, past = split_events(site, events)
        target = site.get(facet, value)
        label = (target.model.text(lang) or target.model.text(LANGUAGES[0])) if target else None
        name = label.title if label else catalog[f"audience_{value}"]
        title = catalog["agenda_for"].format(name=name)
        yield PageSpec(
            url=site.urls.agenda_filter(facet, value, lang),
            lang=lang,
            template="section_events.html",
            title=title,
            description=catalog["section_events_intro"],
            alternates={other: site.urls.agenda_filter(facet, value, other) for other in LANGUAGES},
            translated=frozenset(LANGUAGES),
            context={
                "upcoming": by_month(upcoming),
                "past": by_month(past),
                "filters": _filters(site),
            },
            breadcrumbs=(
                _home_crumb(site, lang),
                _section_crumb(site, "events", lang),
                (title, site.urls.agenda_filter(facet, value, lang)),
            ),
            uses_today=True,
        )


def _fixed_page(site: Site, lang: str, name: str, url_of: Any, template: str) -> PageSpec:
    """A page with no content file of its own: search, not found."""
    catalog = site.catalogs[lang]
    url = url_of(lang)
    return PageSpec(
        url=url,
        lang=lang,
        template=template,
        title=catalog[f"{name}_title"],
        description=catalog[f"{name}_intro"],
        alternates={other: url_of(other) for other in LANGUAGES},
        translated=frozenset(LANGUAGES),
        breadcrumbs=(_home_crumb(site, lang), (catalog[f"{name}_title"], url)),
        file=url.lstrip("/") if url.endswith(".html") else "",
        listed=name != "not_found",
    )


def _item_page(site: Site, entry: Entry, template: str, lang: str) -> PageSpec:
    text = entry.model.text(lang)
    assert text is not None
    url = site.urls.item(entry, lang)
    crumbs: Crumbs = (_home_crumb(site, lang),)
    if entry.kind != "pages":
        crumbs += (_section_crumb(site, entry.kind, lang),)
    return PageSpec(
        url=url,
        lang=lang,
        template=template,
        title=text.title,
        description=text.summary,
        alternates={other: site.urls.nearest(entry, other) for other in LANGUAGES},
        translated=frozenset(entry.model.languages()),
        context={"entry": entry, "text": text, **_related(site, entry)},
        sources=(entry.source.path,),
        breadcrumbs=(*crumbs, (text.title, url)),
        entry=entry,
    )


def _related(site: Site, entry: Entry) -> dict[str, Any]:
    """The lists an item page shows besides its own fields."""
    if entry.kind == "events":
        return {"series": sorted(site.series(entry), key=start_key)}
    return {
        "events": sorted(site.referring(entry, "events"), key=start_key),
        "news": sorted(site.referring(entry, "news"), key=_news_key, reverse=True),
        "clusters": site.referring(entry, "clusters"),
        "programmes": site.referring(entry, "programmes"),
        "organisations": site.referring(entry, "organisations"),
        "pages": site.referring(entry, "pages"),
        "centres": site.referring(entry, "centres"),
    }


def _news_key(entry: Entry) -> tuple[date, str]:
    return (getattr(entry.model, "date"), entry.slug)  # noqa: B009


def news_newest_first(site: Site) -> list[Entry]:
    return sorted(site.all("news"), key=_news_key, reverse=True)


def themes_in_order(site: Site) -> list[Entry]:
    return sorted(site.all("themes"), key=lambda e: (getattr(e.model, "order", 0), e.slug))


def _url_clashes(pages: list[PageSpec]) -> list[ContentError]:
    owners: dict[str, PageSpec] = {}
    problems = []
    for page in pages:
        earlier = owners.setdefault(page.url, page)
        if earlier is not page:
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
