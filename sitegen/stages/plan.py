"""Stage 4a, plan: decide which pages exist, with their URL, template, texts and context.

Pages are data before they are HTML: the renderer, the sitemap, the search index, the link
checker and the incremental rebuild all read this list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sitegen.model.agenda import FACETS, facets_in_use, split_events
from sitegen.model.entry import Entry
from sitegen.model.page import (
    Crumbs,
    PageSpec,
    home_crumb,
    newest_first,
    news_newest_first,
    section_crumb,
    themes_in_order,
)
from sitegen.model.problems import ContentError
from sitegen.model.site import Site
from sitegen.model.times import start_key
from sitegen.model.urls import HOME_PAGE, SECTION_KINDS
from sitegen.outputs.search import search_bundles
from sitegen.reuse.affected import PlannedBuild, ReusablePages, reusable_pages
from sitegen.stages.addresses import is_top_level
from sitegen.stages.lists import Facets, Filters, agenda_filters, agenda_pages, news_pages

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
__all__ = ["PageSpec", "plan_pages"]
RELATED_LIMIT = 12  # an item page shows this many events and news; the agenda has the rest


def plan_pages(
    site: Site, previous: PlannedBuild | None = None
) -> tuple[list[PageSpec], list[ContentError]]:
    """Every page in every language; two pages wanting one URL is a content error.

    previous (the live preview's last build): its pages that no change reached are taken over
    as they are, instead of planned again."""
    facets = list(facets_in_use(site))
    agenda = (facets, agenda_filters(site, facets))
    related = Related(site)
    reusable = reusable_pages(previous, site)
    pages = [
        page for lang in site.languages for page in _pages_in(site, lang, agenda, related, reusable)
    ]
    return pages, _url_clashes(site, pages)


def _pages_in(
    site: Site,
    lang: str,
    agenda: tuple[Facets, Filters],
    related: Related,
    reusable: ReusablePages,
) -> Iterator[PageSpec]:
    yield _home_page(site, lang)
    yield from agenda_pages(site, lang, *agenda, reusable.lists)
    yield from news_pages(site, lang, reusable.lists)
    for kind in SECTION_KINDS:
        if kind not in ("events", "news"):
            yield _section_page(site, kind, lang)
    for kind, template in ITEM_TEMPLATES.items():
        for entry in site.all(kind):
            if (page := reusable.items.get((kind, entry.slug, lang))) is not None:
                yield page
            elif entry.model.text(lang) is not None and not _is_home(entry):
                yield _item_page(site, entry, template, lang, related)
    bundles = [bundle.url for bundle in search_bundles(site, lang)]
    yield _fixed_page(site, lang, "search", site.urls.search, "search.html", {"bundles": bundles})
    yield _fixed_page(site, lang, "not_found", site.urls.not_found, "not_found.html")


def _is_home(entry: Entry) -> bool:
    return entry.kind == "pages" and entry.slug == HOME_PAGE


def _home_page(site: Site, lang: str) -> PageSpec:
    home = site.get("pages", HOME_PAGE)
    text = home.model.text(lang) if home else None
    upcoming, _ = split_events(site)
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
            "upcoming": upcoming[:HOME_EVENTS],
            "news": news_newest_first(site)[:HOME_NEWS],
            "clusters": site.all("clusters"),
            "themes": themes_in_order(site),
        },
        sources=(home.source.path,) if home else (),
        breadcrumbs=(home_crumb(site, lang),),
        uses_today=True,
    )


def _section_page(site: Site, kind: str, lang: str) -> PageSpec:
    catalog = site.catalogs[lang]
    title = catalog[f"section_{kind}"]
    url = site.urls.section(kind, lang)
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=f"section_{kind}.html",
        title=title,
        description=catalog[f"section_{kind}_intro"],
        alternates={other: site.urls.section(kind, other) for other in site.languages},
        translated=frozenset(site.languages),
        context=_section_context(site, kind, lang),
        breadcrumbs=(home_crumb(site, lang), (title, url)),
    )


def _section_context(site: Site, kind: str, lang: str) -> dict[str, Any]:
    visible = [e for e in site.all(kind) if e.model.text(lang) is not None]
    if kind == "themes":
        return {"items": themes_in_order(site)}
    if kind == "organisations":
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in sorted(visible, key=lambda e: e.slug):
            groups[str(getattr(entry.model, "kind", ""))].append(entry)
        return {"groups": sorted(groups.items())}
    return {"items": visible}


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


def _item_page(site: Site, entry: Entry, template: str, lang: str, related: Related) -> PageSpec:
    text = entry.model.text(lang)
    assert text is not None
    url = site.urls.item(entry, lang)
    crumbs: Crumbs = (home_crumb(site, lang),)
    if entry.kind != "pages":
        crumbs += (section_crumb(site, entry.kind, lang),)
    return PageSpec(
        url=url,
        output_path=site.urls.output_path(url),
        lang=lang,
        template=template,
        title=text.title,
        description=text.summary,
        alternates={other: site.urls.nearest(entry, other) for other in site.languages},
        translated=frozenset(entry.model.languages()),
        context={"entry": entry, "text": text, **related.of(entry)},
        sources=(entry.source.path,),
        breadcrumbs=(*crumbs, (text.title, url)),
        entry=entry,
        uses_today=entry.kind != "events",  # its event list puts upcoming events first
    )


class Related:
    """The lists an item page shows besides its own fields, made once for both languages."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._made: dict[tuple[str, str], dict[str, Any]] = {}

    def of(self, entry: Entry) -> dict[str, Any]:
        key = (entry.kind, entry.slug)
        if key not in self._made:
            self._made[key] = _related(self._site, entry)
        return self._made[key]


def _related(site: Site, entry: Entry) -> dict[str, Any]:
    """The first few events (upcoming first) and news items that refer to entry, and every
    cluster, programme or organisation that does."""
    if entry.kind == "events":
        return {"series": sorted(site.series(entry), key=start_key)}
    upcoming, past = split_events(site, site.referring(entry, "events"))
    news = newest_first(site.referring(entry, "news"))
    return {
        "events": (upcoming + past)[:RELATED_LIMIT],
        "events_total": len(upcoming) + len(past),
        "events_facet": entry.kind if entry.kind in FACETS else None,
        "news": news[:RELATED_LIMIT],
        "news_total": len(news),
        "clusters": site.referring(entry, "clusters"),
        "programmes": site.referring(entry, "programmes"),
        "organisations": site.referring(entry, "organisations"),
        "pages": site.referring(entry, "pages"),
        "centres": site.referring(entry, "centres"),
    }


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
