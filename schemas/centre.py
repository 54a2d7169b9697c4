"""Facts about a kind of partnership, such as Katapult's centres."""

from pydantic import Field

from schemas.content_type import ContentType
from schemas.fields import Figure, Slug, ref
from schemas.item import Item


class Centre(Item):
    organisation: Slug | None = ref("organisations", "slug of the organisation")
    started_from: int | None = Field(default=None, ge=1900, le=2100, description="first year")
    started_until: int | None = Field(default=None, ge=1900, le=2100, description="last year")
    figures: list[Figure] = Field(default_factory=list, description="key figures")


CENTRES = ContentType(
    name="centres",
    model=Centre,
    link_word="centre",
    item_template="centre.html",
    list_template="section_centres.html",
)
