"""The linked site: settings, items, indexes, URLs and 'today', and queries over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from schemas import ContentTypes, SiteSettings
from schemas.event import Event
from schemas.languages import Language
from schemas.site import MenuEntry
from sitegen.model.derived import Derived
from sitegen.model.entry import Entry
from sitegen.model.images import PublishedImage
from sitegen.model.raw import FieldPath
from sitegen.model.times import EventTime
from sitegen.model.urls import Urls


@dataclass(frozen=True)
class Reference:
    field_path: FieldPath
    kind: str
    slug: str


@dataclass(frozen=True)
class Site:
    """Everything the render stage needs: settings, items, indexes, URLs and 'today'."""

    settings: SiteSettings
    catalogs: dict[str, dict[str, str]]
    entries: dict[str, dict[str, Entry]]
    urls: Urls
    today: date
    types: ContentTypes  # what each folder of items is (schemas/content_type.py)
    referrers: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)
    referred: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)
    series_members: dict[str, list[Entry]] = field(default_factory=dict)
    # by slug; the agenda's lists sort and split the events by these again and again
    event_times: dict[str, EventTime] = field(default_factory=dict)
    # the next moment an item appears or disappears by itself (publish_from, publish_until)
    next_publication: datetime | None = None
    images: dict[tuple[str, str], PublishedImage] = field(default_factory=dict)  # (kind, slug)
    # once per site: the agenda's order and the like, which the planner, the calendars and the
    # feeds each ask for (several passes over every event per build)
    derived: Derived = field(default_factory=Derived, init=False, repr=False, compare=False)

    def image(self, entry: Entry) -> PublishedImage | None:
        return self.images.get((entry.kind, entry.slug))

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the site's languages, the default language first."""
        return self.urls.codes

    def language(self, code: str) -> Language:
        """A language of the site as site.yaml declares it: its locale, name and words."""
        return self.urls.languages[code]

    def get(self, kind: str, slug: str | None) -> Entry | None:
        return self.entries.get(kind, {}).get(slug) if slug else None

    def all(self, kind: str) -> list[Entry]:
        return list(self.entries.get(kind, {}).values())

    def referring(self, target: Entry, kind: str) -> list[Entry]:
        """The items of one kind that refer to target."""
        found = self.referrers.get((target.kind, target.slug), [])
        return [entry for entry in found if entry.kind == kind]

    def targets(self, entry: Entry) -> list[Entry]:
        """The items entry refers to (its organisers, themes, ...)."""
        return self.referred.get((entry.kind, entry.slug), [])

    def series(self, event: Entry) -> list[Entry]:
        """The events of the series this event belongs to (itself included)."""
        name = event.model.series if isinstance(event.model, Event) else None
        return self.series_members.get(name, []) if name else []


def menu_entries(settings: SiteSettings) -> Iterator[tuple[str, str, int, MenuEntry]]:
    """Every link of the main menus and the footer: (field, language, position, entry)."""
    for name in ("menus", "footer_links"):
        menus = getattr(settings, name)
        for lang in settings.codes() if menus is not None else ():
            for index, menu_entry in enumerate(getattr(menus, lang)):
                yield name, lang, index, menu_entry
