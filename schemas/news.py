"""A news article."""

from pydantic import Field

from schemas.fields import Day, Item, Slug, refs


class News(Item):
    date: Day = Field(description="the publication date, like 2030-03-12")
    themes: list[Slug] = refs("themes", "slugs of themes")
    organisations: list[Slug] = refs("organisations", "slugs of organisations")
    events: list[Slug] = refs("events", "slugs of related events")
