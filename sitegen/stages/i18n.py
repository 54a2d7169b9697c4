"""Per-language helpers for templates: interface strings, localized dates, item texts and URLs."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date as Day
from datetime import datetime
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from babel.plural import PluralRule
from markupsafe import Markup

from schemas.fields import SITE_TIMEZONE, Figure, Text
from schemas.periods import Period, When
from sitegen.model.entry import Entry
from sitegen.model.page import title_in
from sitegen.model.site import Site

# How validate_catalogs stores a plural form in the flat catalog: 'more_events#one'
_PLURAL_SEPARATOR = "#"


def plural_key(key: str, category: str) -> str:
    """The flat catalog's key of one plural form of key ('one', 'other', ...: CLDR's names)."""
    return f"{key}{_PLURAL_SEPARATOR}{category}"


@cache
def _plural_rule(language: str) -> PluralRule:
    """CLDR's plural rule of a language ('nl') or locale ('nl_NL': the same rule)."""
    try:
        return Locale.parse(language).plural_form
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"CLDR knows no language '{language}'") from error


def plural_categories(language: str) -> frozenset[str]:
    """The plural forms a language's texts need, by CLDR's rule: {'one', 'other'} for Dutch."""
    return _plural_rule(language).tags | {"other"}


class PluralMisuse(LookupError):
    """A template asked for a text with plural forms without its count, or the other way round."""


class Localizer:
    """What a template needs to speak one language; passed to templates as `L`."""

    def __init__(self, site: Site, lang: str) -> None:
        self.site = site
        self.lang = lang
        self.locale = site.language(lang).locale  # a CLDR locale, from site.yaml
        self._catalog = site.catalogs.get(lang, {})
        # partials the same on every page of the language, rendered once (render.py)
        self.rendered: dict[str, Markup] = {}
        # partials the same for an item wherever it is shown (a card), rendered once (render.py)
        self.per_item: dict[tuple[Hashable, ...], Markup] = {}

    def t(self, key: str, **values: object) -> str:
        """An interface string from templates/i18n/<lang>.yaml, with {placeholders} filled in.
        A text with plural forms needs count=: its form is the one CLDR's rule picks for it."""
        text = self._catalog.get(key)
        if text is None:
            if plural_key(key, "other") not in self._catalog:
                raise KeyError(f"'{key}' is not in {self._file}")
            forms = self.forms(key)  # a form the catalog lacks was reported: 'other' stands in
            text = forms.get(self._category(key, values.get("count")), forms.get("other", key))
        return text.format(**values) if values else text

    def forms(self, key: str) -> dict[str, str]:
        """The plural forms of a text by CLDR category, e.g. for a script's Intl.PluralRules."""
        forms = {
            category: text
            for category in sorted(plural_categories(self.lang))
            if (text := self._catalog.get(plural_key(key, category))) is not None
        }
        if not forms:
            plain = "is a plain text" if key in self._catalog else "is missing"
            raise PluralMisuse(f"'{key}' {plain} in {self._file}, but plural forms were asked for")
        return forms

    def _category(self, key: str, count: object) -> str:
        if isinstance(count, bool) or not isinstance(count, int | float):
            raise PluralMisuse(
                f"'{key}' has plural forms in {self._file}: write L.t('{key}', count=number)"
            )
        return str(_plural_rule(self.locale)(count))

    @property
    def _file(self) -> str:
        return f"templates/i18n/{self.lang}.yaml"

    def date(self, moment: Day) -> str:
        """'dinsdag 21 juni 2017' / 'Wednesday 21 June 2017'."""
        return _formatted_date(_local(moment), "EEEE d MMMM y", self.locale)

    def month(self, moment: Day) -> str:
        return _formatted_date(_local(moment), "LLLL y", self.locale)

    def time(self, moment: datetime) -> str:
        return _formatted_time(moment, self.locale)

    def period(self, period: Period) -> str:
        """'mei 2022', 'voorjaar 2022', '2022', 'datum volgt': only what is known."""
        if period.year is None:
            return self.t("date_to_follow")
        if period.part is not None:
            return self.t(f"when_{period.part.name.lower()}", year=period.year)
        if period.month is not None:
            return self.month(Day(period.year, period.month, 1))
        return str(period.year)

    def group(self, heading: Day | Period) -> str:
        """The heading of a group in the agenda: a month, a period or 'Datum volgt'."""
        if isinstance(heading, Period):
            return self.t("group_to_follow") if heading.year is None else self.period(heading)
        return self.month(heading)

    def iso(self, moment: When) -> str:
        """For <time datetime>: the day or time, '2022-05' or '2022'; '' when to follow."""
        if isinstance(moment, Period):
            return moment.iso() or ""
        return moment.isoformat()

    def when(self, start: When, end: When | None) -> str:
        """An event's date and time in words, e.g. 'dinsdag 21 juni 2017, 14:00–17:00', or
        as much as is known: 'mei 2022', 'voorjaar 2022 tot eind 2022', 'datum volgt'."""
        if isinstance(start, Period) or isinstance(end, Period):
            return self._imprecise_when(start, end)
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

    def _imprecise_when(self, start: When, end: When | None) -> str:
        text = self.period(start) if isinstance(start, Period) else self.when(start, None)
        if end is None:
            return text
        if isinstance(end, Period):
            return self.t("when_until_end_of", start=text, end=self.period(end))
        return f"{text} – {self.when(end, None)}"

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
