"""Stage 4a, plan: decide which pages exist, with their URL, template, texts and context.

Pages are data before they are HTML: the renderer, the link checker and (later) the
sitemap, search index and incremental rebuilds all read this list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from schemas.fields import LANGUAGES, SITE_TIMEZONE
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


def _is_home(entry: Entry) -> bool:
    return entry.kind == "pages" and entry.slug == HOME_PAGE


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
            "entry": home,
            "text": text,
            "upcoming": upcoming[:HOME_EVENTS],
            "news": news_newest_first(site)[:HOME_NEWS],
            "clusters": site.all("clusters"),
            "themes": themes_in_order(site),
        },
    )


def _section_page(site: Site, kind: str, lang: str) -> PageSpec:
    catalog = site.catalogs.get(lang, {})
    return PageSpec(
        url=site.urls.section(kind, lang),
        lang=lang,
        template=f"section_{kind}.html",
        title=catalog.get(f"section_{kind}", kind),
        description=catalog.get(f"section_{kind}_intro", ""),
        alternates={other: site.urls.section(kind, other) for other in LANGUAGES},
        translated=frozenset(LANGUAGES),
        context=_section_context(site, kind, lang),
    )


def _section_context(site: Site, kind: str, lang: str) -> dict[str, Any]:
    visible = [e for e in site.all(kind) if e.model.text(lang) is not None]
    if kind == "events":
        upcoming, past = split_events(site)
        return {"upcoming": by_month(upcoming), "past": by_month(past)}
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


def _item_page(site: Site, entry: Entry, template: str, lang: str) -> PageSpec:
    text = entry.model.text(lang)
    assert text is not None
    return PageSpec(
        url=site.urls.item(entry, lang),
        lang=lang,
        template=template,
        title=text.title,
        description=text.summary,
        alternates={other: site.urls.nearest(entry, other) for other in LANGUAGES},
        translated=frozenset(entry.model.languages()),
        context={"entry": entry, "text": text, **_related(site, entry)},
        sources=(entry.source.path,),
    )


def _related(site: Site, entry: Entry) -> dict[str, Any]:
    """The lists an item page shows besides its own fields."""
    events = sorted(site.referring(entry, "events"), key=start_key)
    if entry.kind == "events":
        return {"series": sorted(site.series(entry), key=start_key)}
    return {
        "events": events,
        "news": sorted(site.referring(entry, "news"), key=_news_key, reverse=True),
        "clusters": site.referring(entry, "clusters"),
        "programmes": site.referring(entry, "programmes"),
        "organisations": site.referring(entry, "organisations"),
        "pages": site.referring(entry, "pages"),
        "centres": site.referring(entry, "centres"),
    }


def start_key(event: Entry) -> datetime:
    """An event's start as a comparable moment (an all-day event starts at midnight)."""
    start = getattr(event.model, "start")  # noqa: B009 - only events reach here
    if isinstance(start, datetime):
        return start
    return datetime.combine(start, time(0), SITE_TIMEZONE)


def last_day(event: Entry) -> date:
    moment = getattr(event.model, "end", None) or getattr(event.model, "start")  # noqa: B009
    return moment.astimezone(SITE_TIMEZONE).date() if isinstance(moment, datetime) else moment


def split_events(site: Site) -> tuple[list[Entry], list[Entry]]:
    """Upcoming (soonest first) and past (newest first), as seen on the build's 'today'."""
    events = sorted(site.all("events"), key=lambda e: (start_key(e), e.slug))
    upcoming = [e for e in events if last_day(e) >= site.today]
    past = [e for e in reversed(events) if last_day(e) < site.today]
    return upcoming, past


def by_month(events: list[Entry]) -> list[tuple[date, list[Entry]]]:
    groups: dict[date, list[Entry]] = {}
    for event in events:
        month = start_key(event).astimezone(SITE_TIMEZONE).date().replace(day=1)
        groups.setdefault(month, []).append(event)
    return list(groups.items())


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
