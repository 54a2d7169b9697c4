"""A theme: a subject that clusters, events, programmes and news are tagged with."""

from pydantic import Field

from schemas.fields import Item


class Theme(Item):
    order: int = Field(default=100, description="position in theme lists; lower comes first")
