"""A programme, with its communities of practice."""

from pydantic import Field

from schemas.content_type import ContentType
from schemas.fields import (
    Audience,
    ContentModel,
    Email,
    Line,
    Localized,
    Slug,
    Text,
    Words,
    ref,
    refs,
)
from schemas.item import Item


class Person(ContentModel):
    name: Line
    role: Localized | None = None
    organisation: Slug | None = ref("organisations", "slug of their organisation")
    email: Email | None = None


class CommunityText(Text):
    costs: Line | None = Field(default=None, description="what taking part costs, in words")


class Community(Words):
    """A community of practice or a track within a programme."""

    slug: Slug = Field(description="the community's own name in addresses and anchors")
    audience: list[Audience] = Field(default_factory=list)
    facilitators: list[Person] = Field(default_factory=list)
    capacity_min: int | None = Field(default=None, ge=1)
    capacity_max: int | None = Field(default=None, ge=1)
    events: list[Slug] = refs("events", "slugs of its meetings")
    words_model = CommunityText


class Programme(Item):
    part_of: Slug | None = ref("programmes", "slug of the parent programme")
    organisations: list[Slug] = refs("organisations", "slugs of its partners")
    lead: Slug | None = ref("organisations", "slug of the organisation that runs it")
    themes: list[Slug] = refs("themes", "slugs of themes")
    contacts: list[Person] = Field(default_factory=list)
    communities: list[Community] = Field(default_factory=list)
    events: list[Slug] = refs("events", "slugs of its events")


PROGRAMMES = ContentType(
    name="programmes",
    model=Programme,
    link_word="programme",
    item_template="programme.html",
    list_template="section_programmes.html",
)
