"""An agenda event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from schemas.content_type import ContentType, Listing
from schemas.fields import (
    Audience,
    ContentModel,
    Email,
    Line,
    Slug,
    Text,
    Url,
    ref,
    refs,
)
from schemas.item import Item
from schemas.periods import NOT_AN_END, WHEN_FORMS, EventDate, Period, When


class EventText(Text):
    costs: Line | None = Field(default=None, description="what taking part costs, in words")
    recurrence: Line | None = Field(
        default=None,
        description="how often it takes place, in words, where that is known: e.g."
        " 'minstens één keer per jaar'; shown with the date",
    )


class Location(ContentModel):
    venue: Line | None = None
    city: Line | None = None
    online: bool = Field(default=False, description="true when the event takes place online")


class Capacity(ContentModel):
    min: int | None = Field(default=None, ge=1, description="the smallest number of participants")
    max: int = Field(ge=1, description="the largest number of participants")


class Event(Item):
    start: EventDate = Field(
        description="when it starts, as precisely as it is known: " + WHEN_FORMS
    )
    end: EventDate | None = Field(
        default=None,
        description="when it ends, never before start: a day or time as start (both a day, or"
        " both a time), or a month, season, half or year, meaning until the end of it",
    )
    provisional: bool = Field(
        default=False,
        description="true while a known day is not final; the page says so. A month, season"
        " or year is not provisional: it is what is known",
    )
    status: Literal["scheduled", "cancelled", "full"] = "scheduled"
    location: Location | None = Field(
        default=None, description="where: venue, city, and online: true for an online event"
    )
    cluster: Slug | None = ref("clusters", "slug of the practice cluster")
    programme: Slug | None = ref("programmes", "slug of the programme")
    themes: list[Slug] = refs("themes", "slugs of themes")
    organisers: list[Slug] = refs("organisations", "slugs of organisations")
    audience: list[Audience] = Field(default_factory=list, description="who it is for")
    capacity: Capacity | None = Field(default=None, description="how many can take part")
    registration_url: Url | None = None
    registration_email: Email | None = None
    series: Slug | None = Field(
        default=None, description="events with the same series name are linked to each other"
    )
    words_model = EventText

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: When | None, info: ValidationInfo) -> When | None:
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(start, Period) or isinstance(end, Period):
            return _period_end(start, end)
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise ValueError("start and end must both be dates, or both a date with a time")
        if end < start:
            raise ValueError(f"the end ({end}) lies before the start ({start})")
        return end

    @field_validator("provisional")
    @classmethod
    def _provisional_only_for_a_day(cls, provisional: bool, info: ValidationInfo) -> bool:
        start = info.data.get("start")
        if provisional and isinstance(start, Period):
            raise PydanticCustomError(
                "provisional_period",
                f"'{start}' is not provisional: a month, season or year is what is known",
                {"hint": "leave provisional out; say what is not final yet in the 'provisional'"
                 " notice of the nl: and en: blocks"},
            )  # fmt: skip
        return provisional

    def has_exact_days(self) -> bool:
        """Whether its start (and end) are days or times: only such an event is in calendars,
        feeds and search engines' structured data, which all need a day."""
        return not isinstance(self.start, Period) and not isinstance(self.end, Period)


def _period_end(start: When, end: When) -> When:
    """An end beside a month, season or year: 'until the end of' a later period or day."""
    if isinstance(start, Period) and start.year is None:
        raise PydanticCustomError(
            "end_of_to_follow",
            "an event whose date is to follow has no end",
            {"hint": "leave end out until the start is known"},
        )
    if isinstance(end, Period) and (end.year is None or end.part in NOT_AN_END):
        raise PydanticCustomError(
            "end_form",
            f"'{end}' cannot be an end",
            {"hint": "write the last day, or the month, season, half or year it ends in"},
        )
    first, last = _first_day(start), _last_day(end)
    if last < first:
        raise ValueError(f"the end ({end}) lies before the start ({start})")
    if start == end:
        raise PydanticCustomError(
            "end_same", f"the end ({end}) is the start", {"hint": "leave end out"}
        )
    return end


def _first_day(moment: When) -> date:
    if isinstance(moment, Period):
        first = moment.first_day()
        assert first is not None  # a start to follow has no end (checked before)
        return first
    return moment.date() if isinstance(moment, datetime) else moment


def _last_day(moment: When) -> date:
    if isinstance(moment, Period):
        last = moment.last_day()
        assert last is not None  # an end to follow is refused (checked before)
        return last
    return moment.date() if isinstance(moment, datetime) else moment


EVENTS = ContentType(
    name="events",
    model=Event,
    link_word="event",
    item_template="event.html",
    list_template="section_events.html",  # the agenda: upcoming and past, by month
    schema_org="Event",
    facets=("cluster", "themes", "audience"),
    listing=Listing(per_page=50),
)
