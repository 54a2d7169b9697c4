"""A news article."""

from pydantic import Field

from schemas.content_type import ContentType, Listing
from schemas.fields import Day, Slug, refs
from schemas.item import Item


class News(Item):
    date: Day = Field(description="the publication date, like 2030-03-12")
    themes: list[Slug] = refs("themes", "slugs of themes")
    organisations: list[Slug] = refs("organisations", "slugs of organisations")
    events: list[Slug] = refs("events", "slugs of related events")


NEWS = ContentType(
    name="news",
    model=News,
    link_word="news",
    item_template="news_item.html",
    list_template="section_news.html",
    schema_org="NewsArticle",
    listing=Listing(
        order=lambda news: news.date, newest_first=True, per_page=30, every_language=True
    ),
)
