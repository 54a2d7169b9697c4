"""The agenda's order: upcoming and past as seen on 'today', months (and periods, for events
known only to a season or a year), and filter facets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from schemas import ContentType, ContentTypes
from schemas.event import Event
from schemas.fields import SITE_TIMEZONE
from sitegen.model.entry import Entry
from sitegen.model.introspect import refers_to
from sitegen.model.times import Group

if TYPE_CHECKING:  # link indexes events by these times, so it imports this module
    from sitegen.model.site import Site


@dataclass(frozen=True)
class Facet:
    """A field of the agenda's items whose values each get an agenda page (/agenda/thema/water/)."""

    field: str  # the field of the model, as declared in the type's facets
    name: str  # in addresses and filters: the type the field refers to ('themes'), or the field
    target: str | None  # that type, whose items the values must name; None: any value counts


def agenda_type(types: ContentTypes) -> ContentType[Any] | None:
    """The type the agenda lists: the one whose items are events (with a start and an end)."""
    return types.of_model(Event)


def facets(types: ContentTypes) -> tuple[Facet, ...]:
    """The agenda's facets, from its type's declaration (sitegen/stages/declared.py checks
    that each names a field of the model)."""
    agenda = agenda_type(types)
    if agenda is None:
        return ()
    fields = agenda.model.model_fields
    found = [(name, refers_to(fields[name])) for name in agenda.facets if name in fields]
    return tuple(Facet(name, target or name, target) for name, target in found)


def agenda_events(site: Site) -> list[Entry]:
    agenda = agenda_type(site.types)
    return site.all(agenda.name) if agenda else []


def split_events(site: Site, events: list[Entry] | None = None) -> tuple[list[Entry], list[Entry]]:
    """Upcoming (soonest first) and past (newest first), as seen on the build's 'today'. An
    event known only to a month, season or year is past once that period is over; one whose
    date is to follow is never past. The whole agenda's is made once per site (the home page,
    the feeds and agenda_change each ask for it); callers do not change the lists."""
    if events is None:
        return site.derived("split_events", lambda: _split(site, agenda_events(site)))
    return _split(site, events)


def _split(site: Site, events: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    times = site.event_times
    ordered = sorted(events, key=lambda e: times[e.slug].order)
    upcoming = [e for e in ordered if not _is_past(site, e)]
    past = [e for e in reversed(ordered) if _is_past(site, e)]
    return upcoming, past


class AgendaParts(NamedTuple):
    """The agenda as a visitor reads it: a date to follow is neither upcoming nor past."""

    upcoming: list[Entry]  # on a known day or in a known period that is not over; soonest first
    to_follow: list[Entry]  # its date is still to follow
    past: list[Entry]  # newest first


def agenda_parts(site: Site, events: list[Entry] | None = None) -> AgendaParts:
    """The events as upcoming, to follow and past (split_events counts 'to follow' as
    upcoming, since it never moves to the past by itself). The whole agenda's is made once per
    site (the home page in every language)."""
    if events is None:
        return site.derived("agenda_parts", lambda: _parts(site, split_events(site)))
    return _parts(site, split_events(site, events))


def _parts(site: Site, split: tuple[list[Entry], list[Entry]]) -> AgendaParts:
    upcoming, past = split
    dated = [e for e in upcoming if site.event_times[e.slug].last_day is not None]
    to_follow = [e for e in upcoming if site.event_times[e.slug].last_day is None]
    return AgendaParts(dated, to_follow, past)


def origins(site: Site, events: list[Entry] | None = None) -> dict[str, list[Entry]]:
    """By type, the items the events refer to (their programmes, clusters, ...), by slug:
    where a visitor finds what the activities come from. The whole agenda's is made once per
    site (the home page in every language)."""
    if events is None:
        return site.derived("origins", lambda: _origins(site, agenda_events(site)))
    return _origins(site, events)


def _origins(site: Site, events: list[Entry]) -> dict[str, list[Entry]]:
    found: dict[str, dict[str, Entry]] = {}
    for event in events:
        for target in site.targets(event):
            found.setdefault(target.kind, {})[target.slug] = target
    return {kind: sorted(items.values(), key=lambda e: e.slug) for kind, items in found.items()}


def _is_past(site: Site, event: Entry) -> bool:
    last = site.event_times[event.slug].last_day
    return last is not None and last < site.today


def by_month(site: Site, events: list[Entry]) -> list[tuple[Group, list[Entry]]]:
    """The events under their headings, in their order: a month (its first day) for an exact
    day or a month, the period for a season, half or year, and one group for 'to follow'."""
    groups: dict[Group, list[Entry]] = {}
    for event in events:
        groups.setdefault(site.event_times[event.slug].group, []).append(event)
    return list(groups.items())


def facet_values(event: Entry, facet: Facet) -> list[str]:
    """The values an event has for a filter: its cluster, its themes or its audiences (found
    once per entry and field; callers do not change the list)."""

    def found() -> list[str]:
        # the field is declared by name in the type's facets, and checked against the model
        value = getattr(event.model, facet.field)
        values = value if isinstance(value, list) else [value] if value is not None else []
        return [str(v.value) if isinstance(v, Enum) else str(v) for v in values]

    return event.derived(f"facet {facet.field}", found)


def facets_in_use(site: Site) -> Iterator[tuple[str, str, list[Entry]]]:
    """(facet, value, events) for every value that at least one event has."""
    for facet in facets(site.types):
        grouped: dict[str, list[Entry]] = {}
        for event in agenda_events(site):
            for value in facet_values(event, facet):
                if facet.target is None or site.get(facet.target, value) is not None:
                    grouped.setdefault(value, []).append(event)
        for value in sorted(grouped):
            yield facet.name, value, grouped[value]


def next_change(site: Site) -> datetime | None:
    """The next moment at which the site changes by itself: an item's publish_from or
    publish_until, or the agenda's next change (agenda_change)."""
    changes = [change for change in (agenda_change(site), site.next_publication) if change]
    return min(changes, default=None)


def agenda_change(site: Site) -> datetime | None:
    """The next moment at which the agenda changes by itself: the midnight after the last day
    of the upcoming event that ends first (the last day of its month, season or year for an
    event known only to one), when it moves from upcoming to past. An event whose date is to
    follow never moves by itself."""
    upcoming, _ = split_events(site)
    ends = [last for e in upcoming if (last := site.event_times[e.slug].last_day) is not None]
    if not ends:
        return None
    first_to_end = min(ends)
    return datetime.combine(first_to_end + timedelta(days=1), time(0), SITE_TIMEZONE)
