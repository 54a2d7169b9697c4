"""Site settings (content/site.yaml): languages, addresses, menus and contact details."""

from typing import Annotated

from pydantic import AfterValidator, Field, HttpUrl

from schemas.fields import Address, ContentModel, Email, Hostname, Line, Localized, Slug, Url

# A section word is the first folder of an address (/agenda/, /en/events/), so it obeys the
# rules of a slug: no '/', '.', spaces or markup can turn it into another place or a link away.
SectionWord = Annotated[
    Slug,
    Field(description="lowercase letters a-z, digits and single hyphens, e.g. 'agenda'"),
]


def _only_an_address(url: HttpUrl) -> HttpUrl:
    """Every page's address is base_url followed by its path: anything after the path would
    end up in the middle of every canonical URL."""
    if url.query is not None or url.fragment is not None:
        raise ValueError("the site's address has no ?query or #fragment: write only up to its path")
    if url.username is not None or url.password is not None:
        raise ValueError("the site's address has no user name or password in it")
    return url


BaseUrl = Annotated[
    HttpUrl,
    AfterValidator(_only_an_address),
    Field(
        description="where the site is published, e.g. https://example.nl/ or, in a folder of "
        "a host, https://user.github.io/repo/ (no ?query or #fragment)"
    ),
]


class MenuEntry(ContentModel):
    label: Line
    link: Line = Field(
        description="a section ('events', 'news', ...) or TYPE:SLUG such as 'page:contact'"
    )


class Menus(ContentModel):
    nl: list[MenuEntry]
    en: list[MenuEntry]


class SectionWords(ContentModel):
    """A section's word in each language; each language's words must differ from one another."""

    nl: SectionWord
    en: SectionWord

    def get(self, lang: str) -> str:
        return str(getattr(self, lang))


# The first part of each section's address, per language (e.g. /agenda/, /en/events/): one
# for every content type with a list page (schemas/__init__.py), and one for the search page.
# Which words are needed is checked at start-up against the site's content types
# (sitegen/stages/declared.py), so that a new type needs no change here.
Sections = dict[Slug, SectionWords]
SEARCH_SECTION = "search"


class Contact(ContentModel):
    name: Line
    about: Localized | None = None
    address: Address | None = None
    phone: Line | None = None
    email: Email | None = None
    website: Url | None = None


class SiteSettings(ContentModel):
    name: Localized
    tagline: Localized
    base_url: BaseUrl
    sections: Sections = Field(
        description="the first part of each section's address per language, e.g."
        " events: {nl: agenda, en: events}; one for each content type with a list page, and"
        " search"
    )
    menus: Menus = Field(description="the main menu in each language")
    footer_links: Menus | None = Field(
        default=None, description="links in the foot of every page, e.g. the accessibility page"
    )
    contact: list[Contact] = Field(default_factory=list, description="shown on every page's foot")
    cname: Hostname | None = Field(
        default=None,
        description="the custom domain GitHub Pages serves the site at: written to /CNAME "
        "(needed when Pages publishes from a branch), e.g. www.example.nl",
    )
    nojekyll: bool = Field(
        default=False,
        description="write an empty /.nojekyll, so that GitHub Pages publishing from a branch "
        "serves every file as it is instead of running Jekyll on it",
    )
