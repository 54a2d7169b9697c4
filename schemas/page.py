"""A plain page (about, meet, contact). The page with slug 'home' is the home page."""

from pydantic import Field

from schemas.fields import Item, Slug, Text, refs


class PageText(Text):
    slug: Slug | None = Field(
        default=None, description="the address of the page in this language, if not the file name"
    )


class Page(Item):
    organisations: list[Slug] = refs("organisations", "slugs of organisations listed on the page")
    words_model = PageText
