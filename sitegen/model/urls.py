"""Every address on the site comes from here: (item, language) -> URL.

An address is what a link holds: the path from the host's root, so it begins with the path of
base_url ('/' for a site at the root of its host, '/repo/' for a GitHub project site). A site
path is where a file lies in the built folder ('en/events/'); the two differ by that prefix,
which is applied here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from schemas import ContentTypes, SiteSettings
from schemas.event import Event
from schemas.languages import SEARCH_SECTION
from schemas.page import Page, PageText
from sitegen.model.entry import Entry

HOME_PAGE = "home"
# Hosts reserved for examples and tests (RFC 2606, RFC 6761): a base URL on one of them is a
# placeholder, and no link that leaves the site may point at it
PLACEHOLDER_DOMAINS = ("example", "test", "invalid", "localhost", "example.com", "example.net",
                       "example.org")  # fmt: skip
SEARCH_BUNDLE = "pagefind"  # each language's search index and Pagefind's scripts, in its root


class Urls:
    """Maps items, sections and menu links to their addresses, ending in '/'."""

    def __init__(
        self,
        settings: SiteSettings,
        entries: Mapping[str, Mapping[str, Entry]],
        types: ContentTypes,
    ) -> None:
        self._settings = settings
        self._entries = entries
        self._types = types
        self.base_url = str(settings.base_url).rstrip("/") + "/"
        parts = urlsplit(self.base_url)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path  # '/', or '/repo/' for a site published in a sub-folder
        self._sections: dict[tuple[str, str], str] = {}
        self._links: dict[tuple[str, str], str | None] = {}  # the menus' links, on every page
        self.languages = {language.code: language for language in settings.languages}
        self.codes = settings.codes()  # the default language first
        self.default_language = self.codes[0]

    def language_root(self, lang: str) -> str:
        """The folder of a language's pages in the site: '/' for the default language, '/en/'
        for one with the prefix 'en' (an address once address() puts the site's prefix in front)."""
        prefix = self.languages[lang].prefix
        return f"/{prefix}/" if prefix else "/"

    def language_of(self, output_path: str) -> str:
        """The language of an output file, from the folder it lies in: a language's prefix, or
        the default language for anything else ('en/events/index.html' -> 'en')."""
        top, _, rest = output_path.partition("/")
        found = (code for code, language in self.languages.items() if language.prefix == top)
        return next(found, self.default_language) if rest else self.default_language

    def address(self, site_path: str) -> str:
        """The address of a file or folder of the site: 'static/css/site.css' ->
        '/repo/static/css/site.css'."""
        return self.prefix + site_path.lstrip("/")

    def site_path(self, address: str) -> str:
        """Where an address lies in the built folder: '/repo/en/events/' -> 'en/events/'."""
        if not address.startswith(self.prefix):
            raise ValueError(f"{address} is not an address of the site at {self.base_url}")
        return address[len(self.prefix) :]

    def output_path(self, address: str) -> str:
        """The file a page at this address is written to: 'en/events/index.html'."""
        path = self.site_path(address)
        return path if path.endswith(".html") else f"{path}index.html"

    def home(self, lang: str) -> str:
        return self.address(self.language_root(lang))

    def section(self, kind: str, lang: str) -> str:
        if (kind, lang) not in self._sections:  # asked for on every page, many times
            path = self.languages[lang].section(kind)
            self._sections[(kind, lang)] = f"{self.home(lang)}{path}/"
        return self._sections[(kind, lang)]

    def item(self, entry: Entry, lang: str) -> str:
        if self._types[entry.kind].has_list_page:
            return f"{self.section(entry.kind, lang)}{entry.slug}/"
        if is_home(entry):
            return self.home(lang)
        text = entry.model.text(lang)
        own_slug = text.slug if isinstance(text, PageText) else None
        return f"{self.home(lang)}{own_slug or entry.slug}/"

    def exists_in(self, entry: Entry, lang: str) -> bool:
        return entry.model.text(lang) is not None

    def nearest(self, entry: Entry, lang: str) -> str:
        """The item in lang if it is written in lang, else the closest page that does exist."""
        if self.exists_in(entry, lang):
            return self.item(entry, lang)
        if not self._types[entry.kind].has_list_page:
            return self.home(lang)
        return self.section(entry.kind, lang)

    def agenda_filter(self, facet: str, value: str, lang: str) -> str:
        """A static agenda page for one theme, cluster or audience: /agenda/thema/water/."""
        agenda = self._types.of_model(Event)
        assert agenda is not None  # only a site with events has facets
        word = self.languages[lang].filter_word(facet)
        return f"{self.section(agenda.name, lang)}{word}/{value}/"

    def page_of(self, list_url: str, number: int, lang: str) -> str:
        """Page number of a long list: page 1 is the list itself, then /pagina/2/, /page/2/."""
        return list_url if number == 1 else f"{list_url}{self.languages[lang].page_word}/{number}/"

    def search(self, lang: str) -> str:
        return f"{self.home(lang)}{self.languages[lang].section(SEARCH_SECTION)}/"

    def not_found(self, lang: str) -> str:
        return f"{self.home(lang)}404.html"

    def absolute(self, address: str) -> str:
        """The full URL of an address, for feeds, calendars, the sitemap and search engines."""
        return self._origin + address

    @property
    def host_known(self) -> bool:
        """Whether the base URL is the site's real address, not a placeholder (.example)."""
        host = (urlsplit(self.base_url).hostname or "").lower().rstrip(".")
        reserved = (host == d or host.endswith(f".{d}") for d in PLACEHOLDER_DOMAINS)
        return bool(host) and not any(reserved)

    def webcal(self, address: str) -> str | None:
        """The webcal:// address a calendar app subscribes to; None while the site's real
        address is not known (a subscription to a placeholder host would fail)."""
        if not self.host_known:
            return None
        return "webcal://" + self.absolute(address).partition("://")[2]

    def link(self, target: str, lang: str) -> str | None:
        """Resolve a menu link ('events' or 'page:contact'); None when it names nothing. A
        section that holds a single item in lang links straight to it: an overview of one card
        is a detour (the section's own page stays, for breadcrumbs and addresses). Not a list
        cut into numbered pages (the news, the agenda): a stream's list is where its new items
        appear."""
        if (target, lang) not in self._links:
            self._links[(target, lang)] = self._link(target, lang)
        return self._links[(target, lang)]

    def _link(self, target: str, lang: str) -> str | None:
        if target in self._types.sections:
            return self._section_link(target, lang)
        if target == "home":
            return self.home(lang)
        word, _, slug = target.partition(":")
        declared = self._types.by_link_word(word)
        entry = self._entries.get(declared.name, {}).get(slug) if declared else None
        return self.nearest(entry, lang) if entry else None

    def _section_link(self, kind: str, lang: str) -> str:
        if self._types[kind].listing.per_page is None:
            items = [e for e in self._entries.get(kind, {}).values() if self.exists_in(e, lang)]
            if len(items) == 1:
                return self.item(items[0], lang)
        return self.section(kind, lang)


def is_home(entry: Entry) -> bool:
    """Whether the item is the home page: the page named 'home' (content/pages/home.yaml)."""
    return isinstance(entry.model, Page) and entry.slug == HOME_PAGE
