"""Site settings (content/site.yaml): languages, addresses, menus and contact details."""

from pydantic import Field

from schemas.fields import Address, ContentModel, Email, Hostname, Line, Localized, Url


class MenuEntry(ContentModel):
    label: Line
    link: Line = Field(
        description="a section ('events', 'news', ...) or TYPE:SLUG such as 'page:contact'"
    )


class Menus(ContentModel):
    nl: list[MenuEntry]
    en: list[MenuEntry]


class Sections(ContentModel):
    """The first part of each section's address, per language (e.g. /agenda/, /en/events/)."""

    events: Localized
    news: Localized
    clusters: Localized
    themes: Localized
    organisations: Localized
    programmes: Localized
    centres: Localized
    search: Localized


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
    base_url: Url = Field(description="where the site is published, e.g. https://example.nl/")
    sections: Sections
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
