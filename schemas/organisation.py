"""An organisation or network: partners, members of the joint network, national organisations."""

from typing import Literal

from pydantic import Field

from schemas.content_type import ContentType, Listing
from schemas.fields import Address, Email, Figure, Line, Slug, Url, refs
from schemas.item import Item

OrganisationKind = Literal["network", "partner", "national", "government", "school", "company"]


class Organisation(Item):
    kind: OrganisationKind = Field(description="network, partner, national, government, ...")
    website: Url | None = None
    email: Email | None = None
    phone: Line | None = None
    address: Address | None = None
    figures: list[Figure] = Field(default_factory=list, description="key figures")
    part_of: list[Slug] = refs("organisations", "slugs of networks it belongs to")


ORGANISATIONS = ContentType(
    name="organisations",
    model=Organisation,
    link_word="organisation",
    item_template="organisation.html",
    list_template="section_organisations.html",
    schema_org="Organization",
    listing=Listing(group=lambda organisation: organisation.kind),
)
