"""A plain page (about, meet, contact). The page with slug 'home' is the home page."""

from pydantic import Field

from schemas.content_type import ContentType
from schemas.fields import Slug, Text, refs
from schemas.item import Item


class PageText(Text):
    slug: Slug | None = Field(
        default=None, description="the address of the page in this language, if not the file name"
    )


class Page(Item):
    organisations: list[Slug] = refs("organisations", "slugs of organisations listed on the page")
    words_model = PageText


PAGES = ContentType(
    name="pages",
    model=Page,
    link_word="page",
    item_template="page.html",  # no list page: each page lies in the language's root (/contact/)
)
