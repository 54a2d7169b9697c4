"""A theme: a subject that clusters, events, programmes and news are tagged with."""

from pydantic import Field

from schemas.content_type import ContentType, Listing
from schemas.item import Item


class Theme(Item):
    order: int = Field(default=100, description="position in theme lists; lower comes first")


THEMES = ContentType(
    name="themes",
    model=Theme,
    link_word="theme",
    item_template="theme.html",
    list_template="section_themes.html",
    listing=Listing(order=lambda theme: theme.order, every_language=True),
)
