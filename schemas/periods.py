"""Event dates as precise as they are known (issue 13): a day (with or without a time), a month,
a part of a year, a year, or not known yet.

A day or a time is a date or datetime, read by fields.parse_moment exactly as before. Anything
less precise is a Period, so no page, calendar or search engine is ever handed a day nobody
gave. The words editors may write are declared once here; the parser, the JSON Schema for
their editor and every hint are made from them.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from babel.dates import get_month_names
from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from schemas.fields import DAY_EXAMPLE, EARLIEST, LATEST, MOMENT_FORMS, MOMENT_PATTERN, parse_moment


class Part(StrEnum):
    """A part of a year an editor can name. Winter is not one: it spans two years."""

    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    FIRST_HALF = "first half"
    SECOND_HALF = "second half"
    BEFORE_SUMMER_HOLIDAYS = "before the summer holidays"
    AFTER_SUMMER_HOLIDAYS = "after the summer holidays"


# The first and last month of each part. Seasons are the meteorological ones (as the KNMI
# counts them). The Dutch summer holidays start between early and late July, depending on the
# region, and end between mid-August and early September; 'before' therefore lasts until the
# end of July and 'after' starts in August, so no event is called past before it can be.
PART_MONTHS: dict[Part, tuple[int, int]] = {
    Part.SPRING: (3, 5),
    Part.SUMMER: (6, 8),
    Part.AUTUMN: (9, 11),
    Part.FIRST_HALF: (1, 6),
    Part.SECOND_HALF: (7, 12),
    Part.BEFORE_SUMMER_HOLIDAYS: (1, 7),
    Part.AFTER_SUMMER_HOLIDAYS: (8, 12),
}
# What editors may write before the year, in Dutch or in English (any capitals).
PART_WORDS: dict[str, Part] = {
    "voorjaar": Part.SPRING,
    "lente": Part.SPRING,
    "spring": Part.SPRING,
    "zomer": Part.SUMMER,
    "summer": Part.SUMMER,
    "najaar": Part.AUTUMN,
    "herfst": Part.AUTUMN,
    "autumn": Part.AUTUMN,
    "eerste helft": Part.FIRST_HALF,
    "first half": Part.FIRST_HALF,
    "first half of": Part.FIRST_HALF,
    "tweede helft": Part.SECOND_HALF,
    "second half": Part.SECOND_HALF,
    "second half of": Part.SECOND_HALF,
    "voor de zomervakantie": Part.BEFORE_SUMMER_HOLIDAYS,
    "vóór de zomervakantie": Part.BEFORE_SUMMER_HOLIDAYS,
    "before the summer holidays": Part.BEFORE_SUMMER_HOLIDAYS,
    "na de zomervakantie": Part.AFTER_SUMMER_HOLIDAYS,
    "after the summer holidays": Part.AFTER_SUMMER_HOLIDAYS,
}
# An end means 'until the end of': a holiday's edge is not an end anyone can show.
NOT_AN_END = (Part.BEFORE_SUMMER_HOLIDAYS, Part.AFTER_SUMMER_HOLIDAYS)
TO_FOLLOW_WORDS = ("datum volgt", "to follow", "date to follow")
WINTER_WORDS = ("winter",)

MONTH_EXAMPLE = "2030-05"
YEAR_EXAMPLE = "2030"


def _part_names() -> str:
    """'voorjaar/lente/spring, zomer/summer, ...': the words of each part, once."""
    shown = [w for w in PART_WORDS if not w.endswith(" of") and w != "voor de zomervakantie"]
    return ", ".join("/".join(w for w in shown if PART_WORDS[w] is part) for part in Part)


WHEN_FORMS = (
    f"{MOMENT_FORMS}; a month like {MONTH_EXAMPLE}; a part of a year and the year, like"
    f" 'voorjaar 2030' or 'spring 2030' ({_part_names()}); a year like {YEAR_EXAMPLE}; or"
    f" '{TO_FOLLOW_WORDS[0]}' or '{TO_FOLLOW_WORDS[1]}' while it is not known"
)
# 'mei 2030' or 'May 2030' gets a hint with the number to write
_MONTH_NAMES = {
    name.lower(): number
    for locale in ("nl", "en")
    for number, name in get_month_names("wide", locale=locale).items()
}
_MONTH_FORM = re.compile(r"(\d{4})-(\d{2})")
_YEAR_FORM = re.compile(r"\d{4}")
_PART_FORM = re.compile(r"(.+?) (\d{4})")
_DAY_OR_TIME = re.compile(MOMENT_PATTERN)


@dataclass(frozen=True)
class Period:
    """A date known only to a month, a part of a year or a year; no year: not known yet."""

    year: int | None = None
    month: int | None = None
    part: Part | None = None

    def months(self) -> tuple[int, int]:
        if self.month:
            return self.month, self.month
        return PART_MONTHS[self.part] if self.part else (1, 12)

    def first_day(self) -> date | None:
        return None if self.year is None else date(self.year, self.months()[0], 1)

    def last_day(self) -> date | None:
        if self.year is None:
            return None
        month = self.months()[1]
        return date(self.year, month, monthrange(self.year, month)[1])

    def iso(self) -> str | None:
        """ISO 8601 at the precision known: '2030-05' for a month, '2030' for a part of a year
        or a year (the narrowest ISO form that holds it); None when it is to follow."""
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def __str__(self) -> str:
        """As an editor writes it."""
        if self.year is None:
            return TO_FOLLOW_WORDS[1]
        return f"{self.part.value} {self.year}" if self.part else self.iso() or ""


When = date | datetime | Period


def parse_when(value: Any) -> When:
    """Read an event's start or end: a day or time as parse_moment does, or a Period."""
    if isinstance(value, date):  # YAML made a date or a time of it
        return parse_moment(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _year(value, str(value))
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    if _DAY_OR_TIME.fullmatch(text):
        return parse_moment(text)
    if found := _MONTH_FORM.fullmatch(text):
        return _month(int(found[1]), int(found[2]), text)
    if _YEAR_FORM.fullmatch(text):
        return _year(int(text), text)
    words = text.lower()
    if words in TO_FOLLOW_WORDS:
        return Period()
    if (found := _PART_FORM.fullmatch(words)) and found[1] in PART_WORDS:
        return Period(_year(int(found[2]), text).year, part=PART_WORDS[found[1]])
    if found and (month := _MONTH_NAMES.get(found[1])):
        raise _problem(
            "when_month_name",
            f"'{text}' names a month in words",
            f"write the year and the month's number: {found[2]}-{month:02d}",
        )
    if found and found[1] in WINTER_WORDS:
        raise _problem(
            "when_winter",
            f"'{text}' is not clear: a winter spans two years",
            f"write the month it is in, like {found[2]}-12 or {int(found[2]) + 1}-01, or the year",
        )
    raise _problem(
        "when_form",
        f"expected a date like {DAY_EXAMPLE} or a date and time like {DAY_EXAMPLE} 14:00,"
        f" or a month, part of a year, year or '{TO_FOLLOW_WORDS[0]}', not '{text or repr(value)}'",
    )


def _month(year: int, month: int, text: str) -> Period:
    if not 1 <= month <= 12:
        raise _problem(
            "when_not_real",
            f"'{text}' is not a real month",
            f"write a month from {year}-01 to {year}-12",
        )
    return Period(_year(year, text).year, month)


def _year(year: int, text: str) -> Period:
    if not EARLIEST.year <= year <= LATEST.year:
        raise _problem(
            "moment_out_of_range",
            f"'{text}' lies outside the years the site can show, {EARLIEST.year} to {LATEST.year}",
            "check the year: dates from 1900 to 2200 are allowed",
        )
    return Period(year)


def _problem(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError(kind, message, {"hint": hint or f"write {WHEN_FORMS}"})


def _any_capital(words: str) -> str:
    """'voorjaar' -> '[Vv]oorjaar': the JSON Schema's regular expressions have no flags.
    The words are letters and spaces, so nothing needs escaping (an escaped space is an
    error in the Unicode mode editors compile patterns in)."""
    assert all(c.isalpha() or c == " " for c in words), words
    return f"[{words[0].upper()}{words[0]}]{words[1:]}"


def _when_pattern() -> str:
    parts = "|".join(_any_capital(words) for words in PART_WORDS)
    to_follow = "|".join(_any_capital(words) for words in TO_FOLLOW_WORDS)
    return (
        f"{MOMENT_PATTERN}|^\\d{{4}}-(0[1-9]|1[0-2])$|^\\d{{4}}$"
        f"|^({parts}) \\d{{4}}$|^({to_follow})$"
    )


def written_when(moment: When) -> str:
    """A start or end as an editor writes it (for fingerprints and JSON)."""
    return str(moment) if isinstance(moment, Period) else moment.isoformat()


WHEN_PATTERN = _when_pattern()
EventDate = Annotated[
    When,
    PlainValidator(parse_when),
    PlainSerializer(written_when, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": WHEN_PATTERN},
                {"type": "integer", "minimum": EARLIEST.year, "maximum": LATEST.year},
            ],
            "description": WHEN_FORMS,
        }
    ),
]
