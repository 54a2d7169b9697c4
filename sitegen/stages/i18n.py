"""Per-language helpers for templates: interface strings, localized dates, item texts and URLs."""

from __future__ import annotations

from datetime import date as Day
from datetime import datetime
from functools import lru_cache

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from schemas.fields import SITE_TIMEZONE, Figure, Text
from sitegen.model.entry import Entry
from sitegen.model.page import title_in
from sitegen.model.site import Site


class Localizer:
    """What a template needs to speak one language; passed to templates as `L`."""

    def __init__(self, site: Site, lang: str) -> None:
        self.site = site
        self.lang = lang
        self.locale = site.language(lang).locale  # a CLDR locale, from site.yaml
        self._catalog = site.catalogs.get(lang, {})

    def t(self, key: str, **values: object) -> str:
        """An interface string from content/i18n/<lang>.yaml, with {placeholders} filled in."""
        text = self._catalog[key]
        return text.format(**values) if values else text

    def date(self, moment: Day) -> str:
        """'dinsdag 21 juni 2017' / 'Wednesday 21 June 2017'."""
        return _formatted_date(_local(moment), "EEEE d MMMM y", self.locale)

    def month(self, moment: Day) -> str:
        return _formatted_date(_local(moment), "LLLL y", self.locale)

    def time(self, moment: datetime) -> str:
        return _formatted_time(moment, self.locale)

    def when(self, start: Day, end: Day | None) -> str:
        """An event's date and time in words, e.g. 'dinsdag 21 juni 2017, 14:00–17:00'."""
        text = self.date(start)
        if isinstance(start, datetime):
            text += f", {self.time(start)}"
        if end is None:
            return text
        same_day = _local(end) == _local(start)
        if isinstance(end, datetime):
            return (
                f"{text}–{self.time(end)}"
                if same_day
                else f"{text} – {self.date(end)}, {self.time(end)}"
            )
        return text if same_day else f"{text} – {self.date(end)}"

    def figure(self, figure: Figure) -> str:
        number = (
            format_percent(figure.value / 100, locale=self.locale)
            if figure.unit == "percent"
            else format_decimal(figure.value, locale=self.locale)
        )
        if figure.unit == "euro":
            number = f"€{number}"
        if figure.qualifier == "exact":
            return number
        return self.t(f"figure_{figure.qualifier}", number=number)

    def text(self, entry: Entry) -> Text | None:
        return entry.model.text(self.lang)

    def title(self, entry: Entry) -> str:
        return title_in(entry, self.lang)

    def url(self, entry: Entry) -> str:
        return self.site.urls.nearest(entry, self.lang)

    def section(self, kind: str) -> str:
        return self.site.urls.section(kind, self.lang)

    def link(self, target: str) -> str:
        return self.site.urls.link(target, self.lang) or self.site.urls.home(self.lang)

    def home(self) -> str:
        return self.site.urls.home(self.lang)

    def entries(self, kind: str, slugs: list[str]) -> list[Entry]:
        """The items named by slugs, in the order written (references were checked by link)."""
        return [e for e in (self.site.get(kind, slug) for slug in slugs) if e is not None]

    def entry(self, kind: str, slug: str | None) -> Entry | None:
        return self.site.get(kind, slug)


def _local(moment: Day) -> Day:
    if isinstance(moment, datetime):
        return moment.astimezone(SITE_TIMEZONE).date()
    return moment


# An event's dates appear on its page, in every list and agenda page that shows it and in both
# feeds: the same few thousand dates, formatted again and again by Babel.
@lru_cache(maxsize=65536)
def _formatted_date(day: Day, pattern: str, locale: str) -> str:
    return format_date(day, pattern, locale=locale)


@lru_cache(maxsize=65536)
def _formatted_time(moment: datetime, locale: str) -> str:
    return format_time(moment, "HH:mm", tzinfo=SITE_TIMEZONE, locale=locale)
