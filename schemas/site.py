"""Site settings (content/site.yaml): languages, addresses, menus and contact details.

Every per-language field (name, menus, ...) gets a field per declared language from
schemas.languages.for_languages."""

from typing import Annotated

from pydantic import AfterValidator, Field, HttpUrl

from schemas.fields import Address, ByLanguage, ContentModel, Email, Hostname, Line, Localized, Url
from schemas.languages import Language, languages_field


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


class Menus(ByLanguage):
    """A list of links in each language."""

    value_type = list[MenuEntry]
    value_description = "the links in {language}, in order"


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
    languages: list[Language] = languages_field()
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

    def codes(self) -> tuple[str, ...]:
        """The codes of the site's languages, the default language first."""
        return tuple(language.code for language in self.languages)

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)
