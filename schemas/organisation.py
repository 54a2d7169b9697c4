"""An organisation or network: partners, members of the joint network, national organisations."""

from typing import Literal, get_args

from pydantic import Field

from schemas.content_type import ContentType, Listing
from schemas.fields import Address, Email, Figure, Line, Slug, Url, refs
from schemas.item import Item

OrganisationKind = Literal["network", "partner", "national", "government", "school", "company"]
# Its role in the sources, the group the directory lists it under, in the directory's order:
# the joint network and the four networks that founded it; partners of a programme (Circular
# Skills); national organisations to turn to (the 'Ontmoeten' page); government; the framework
# a practice cluster works within (Groenpact). The group names are role_<value> in the catalogs.
OrganisationRole = Literal["founder", "programme_partner", "national", "government", "framework"]
NO_ROLE = "other"  # the directory's last group: organisations whose role is not given


class Organisation(Item):
    kind: OrganisationKind = Field(description="network, partner, national, government, ...")
    role: OrganisationRole | None = Field(
        default=None,
        description="its role in the sources, the directory's group: founder (the joint network"
        " and its four founding networks), programme_partner, national (a national organisation"
        " to turn to), government, framework (what a practice cluster works within)",
    )
    summary_on_cards: bool = Field(
        default=True,
        description="false: its card in lists shows its name (and kind) but not the summary,"
        " for an organisation the sources name without saying more than its role (the"
        " directory's group already says that); its own page still shows the summary",
    )
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
    listing=Listing(
        group=lambda organisation: organisation.role or NO_ROLE,
        group_order=(*get_args(OrganisationRole), NO_ROLE),
    ),
)
