"""The first folder of every address in a language: no two outputs may claim the same one.

A section word (languages.0.sections.events: agenda), the search word and a page's slug (its
file name, or its own 'slug:' in a language block) each become a folder in a language's root:
/agenda/, /en/search/, /contact/. So do a few folders of the engine: the other languages' pages
in their prefix (/en/), the styles and scripts in /static/, the search index in /pagefind/.
Two of them with the same word would land on the same path, one silently replacing the other;
this finds every such pair before anything is written, and names the file, line and field of
both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from schemas import ContentTypes, SiteSettings
from schemas.languages import SEARCH_SECTION, language_name
from schemas.page import PageText
from sitegen.model.entry import Entry
from sitegen.model.problems import ContentError
from sitegen.model.raw import FieldPath, RawItem
from sitegen.model.urls import SEARCH_BUNDLE, Urls, is_home

STATIC_FOLDER = "static"  # where pipeline.static_files puts the styles and scripts
_SEARCH_FOLDER = re.compile(rf"^{SEARCH_BUNDLE}(?:-\d+)?$")  # pagefind, pagefind-2, ...


@dataclass(frozen=True)
class Claim:
    """Who wants a folder of a language's root, and where they said so."""

    word: str
    path: str  # the content file, or '' for a folder of the engine
    line: int | None
    field: str
    owner: str  # how the hint names this claimant: "languages.0.sections.news (site.yaml:12)"


def address_clashes(
    settings: SiteSettings,
    site_source: RawItem | None,
    pages: list[Entry],
    urls: Urls,
    types: ContentTypes,
) -> list[ContentError]:
    """An error for every word claimed twice in one language's root; pages are the items
    that lie in it (of a type without a list page)."""
    problems: list[ContentError] = []
    sections = (*types.sections, SEARCH_SECTION)
    for lang in urls.codes:
        taken: dict[str, Claim] = {}
        for claim in _claims(settings, site_source, pages, sections, lang):
            earlier = _engine_claim(claim.word, lang, urls) or taken.get(claim.word)
            if earlier is None:
                taken[claim.word] = claim
            else:
                problems.append(_clash(claim, earlier, f"{urls.home(lang)}{claim.word}/"))
    return problems


def is_top_level(address: str, urls: Urls) -> bool:
    """Whether an address is a language's home or a folder right in it: the ones
    address_clashes already keeps apart."""
    for lang in urls.codes:
        home = urls.home(lang)
        if address == home or (address.startswith(home) and address[len(home) :].count("/") == 1):
            return True
    return False


def _claims(
    settings: SiteSettings,
    site_source: RawItem | None,
    pages: list[Entry],
    sections: tuple[str, ...],
    lang: str,
) -> Iterator[Claim]:
    """Every folder the content asks for in lang's root: the sections first, then the pages."""
    yield from _section_claims(settings, site_source, sections, lang)
    for page in pages:
        text = page.model.text(lang)
        if not is_home(page) and text is not None:  # the home page is the root itself
            own_slug = text.slug if isinstance(text, PageText) else None
            yield _page_claim(page, own_slug, lang)


def _section_claims(
    settings: SiteSettings, site_source: RawItem | None, sections: tuple[str, ...], lang: str
) -> Iterator[Claim]:
    site_path = site_source.path if site_source else "content/site.yaml"
    index = settings.codes().index(lang)
    language = settings.languages[index]
    for kind in sections:
        location = ("languages", index, "sections", kind)
        line = site_source.line_of(location) if site_source else None
        field = ".".join(map(str, location))
        where = f"{site_path}:{line}" if line else site_path
        word = language.section(kind)
        yield Claim(word, site_path, line, field, f"{field} ({where})")


def _page_claim(page: Entry, own_slug: str | None, lang: str) -> Claim:
    """A page's folder: its own slug in lang if it has one, else its file name (line 1)."""
    if own_slug is None:
        where = f"{page.source.path}:1"
        return Claim(page.slug, page.source.path, 1, "", f"the page {where}")
    slug_field: FieldPath = (lang, "slug")
    line = page.source.line_of(slug_field)
    field = f"{lang}.slug"
    owner = f"the page {page.source.path}:{line} ({field})"
    return Claim(own_slug, page.source.path, line, field, owner)


def _engine_claim(word: str, lang: str, urls: Urls) -> Claim | None:
    """The folders the engine itself writes into a language's root."""
    default = lang == urls.default_language
    other = next((code for code, found in urls.languages.items() if found.prefix == word), None)
    if default and other is not None and other != lang:
        where = f"/{word}/ (its prefix in languages: of site.yaml)"
        return Claim(word, "", None, "", f"the {language_name(other)} pages, which lie in {where}")
    if default and word == STATIC_FOLDER:
        return Claim(word, "", None, "", f"the site's styles and scripts in /{STATIC_FOLDER}/")
    if _SEARCH_FOLDER.match(word):
        return Claim(word, "", None, "", f"the search index in /{SEARCH_BUNDLE}/")
    return None


def _clash(claim: Claim, earlier: Claim, address: str) -> ContentError:
    if earlier.path:
        advice = "both would be written to the same place: change one of the two"
    else:
        advice = "the engine needs that folder: choose another word"
    return ContentError(
        claim.path,
        claim.line,
        claim.field,
        f"'{claim.word}': its address {address} is already taken by {earlier.owner}",
        f"{advice} (lowercase letters a-z, digits and single hyphens, e.g. 'agenda-2')",
    )
