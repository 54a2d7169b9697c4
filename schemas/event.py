"""An agenda event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from schemas.content_type import ContentType, Listing
from schemas.fields import (
    Audience,
    ContentModel,
    Email,
    Item,
    Line,
    Moment,
    Slug,
    Text,
    Url,
    ref,
    refs,
)


class EventText(Text):
    costs: Line | None = Field(default=None, description="what taking part costs, in words")


class Location(ContentModel):
    venue: Line | None = None
    city: Line | None = None
    online: bool = Field(default=False, description="true when the event takes place online")


class Capacity(ContentModel):
    min: int | None = Field(default=None, ge=1, description="the smallest number of participants")
    max: int = Field(ge=1, description="the largest number of participants")


class Event(Item):
    start: Moment = Field(
        description="when it starts: a day like 2030-03-12 for all day, or a day and a Dutch"
        " time like 2030-03-12 14:00 (with an offset such as +01:00 for another zone)"
    )
    end: Moment | None = Field(
        default=None,
        description="when it ends, in the same form as start (both a day, or both a time);"
        " never before start",
    )
    provisional: bool = Field(
        default=False, description="true while the date is not final; the page says so"
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
    def _end_not_before_start(
        cls, end: date | datetime | None, info: ValidationInfo
    ) -> date | datetime | None:
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise ValueError("start and end must both be dates, or both a date with a time")
        if end < start:
            raise ValueError(f"the end ({end}) lies before the start ({start})")
        return end


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
