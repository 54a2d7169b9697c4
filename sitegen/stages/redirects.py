"""Moved pages: every former address an item lists (`former_addresses:`) becomes a redirect.

A former slug stands for the item's page in every language it is written in, at the address
that page had with that file name (/agenda/oude-naam/ and /en/events/oude-naam/); a path stands
for one address, in the language of the folder it lies in. Each redirect is checked before
anything is written: it may not land on a page the build publishes, on another redirect, on a
folder of the engine or on the item's own page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.model.entry import Entry
from sitegen.model.page import PageSpec
from sitegen.model.problems import ContentError
from sitegen.model.site import Site
from sitegen.model.urls import SEARCH_BUNDLE
from sitegen.stages.addresses import STATIC_FOLDER

FIELD = "former_addresses"


@dataclass(frozen=True)
class Redirect:
    """A page that sends visitors of a former address on to the item's page now."""

    url: str  # the former address
    output_path: str
    target: str  # the address of the item's page now (in the redirect's language)
    lang: str
    source: str  # the content file that lists it


def plan_redirects(site: Site, pages: list[PageSpec]) -> tuple[list[Redirect], list[ContentError]]:
    """Every redirect of the site, and an error for each former address that cannot be one."""
    published = {page.url: page for page in pages}
    taken: dict[str, tuple[Entry, int]] = {}
    redirects: list[Redirect] = []
    problems: list[ContentError] = []
    for entry in _entries(site):
        for index, written in enumerate(entry.model.former_addresses):
            for redirect in _redirects_of(site, entry, written):
                problem = _problem(site, entry, redirect, published, taken.get(redirect.url))
                if problem is not None:
                    problems.append(_error(entry, index, written, *problem))
                else:
                    taken[redirect.url] = (entry, index)
                    redirects.append(redirect)
    return redirects, problems


def _entries(site: Site) -> Iterator[Entry]:
    for declared in site.types:
        yield from site.all(declared.name)


def _redirects_of(site: Site, entry: Entry, written: str) -> Iterator[Redirect]:
    urls = site.urls
    if written.startswith("/"):
        site_path = written.lstrip("/")
        lang = urls.language_of(urls.output_path(urls.address(site_path)))
        yield _redirect(site, entry, urls.address(site_path), lang)
        return
    for lang in entry.model.languages():
        if site.types[entry.kind].has_list_page:
            yield _redirect(site, entry, f"{urls.section(entry.kind, lang)}{written}/", lang)
        else:
            yield _redirect(site, entry, f"{urls.home(lang)}{written}/", lang)


def _redirect(site: Site, entry: Entry, url: str, lang: str) -> Redirect:
    urls = site.urls
    target = urls.nearest(entry, lang)
    return Redirect(url, urls.output_path(url), target, lang, entry.source.path)


def _problem(
    site: Site,
    entry: Entry,
    redirect: Redirect,
    published: dict[str, PageSpec],
    earlier: tuple[Entry, int] | None,
) -> tuple[str, str] | None:
    """(what is wrong, what to write instead), or None for a redirect that can be published."""
    url = redirect.url
    if url in (site.urls.item(entry, redirect.lang), redirect.target):
        return f"{url} is this item's own page now", "remove it: a page cannot redirect to itself"
    if (page := published.get(url)) is not None:
        owner = page.sources[0] if page.sources else "the site itself"
        return (
            f"{url} is a page the site publishes ({owner})",
            "a redirect there would replace that page: remove this address, or rename that page",
        )
    if earlier is not None:
        other, index = earlier
        where = f"{other.source.path} ({FIELD}.{index})"
        return f"{url} is already a former address of {where}", "keep it in one of the two files"
    first = site.urls.site_path(url).partition("/")[0]
    if first == STATIC_FOLDER or first.startswith(SEARCH_BUNDLE):
        return f"{url} lies in a folder the engine writes itself", "remove it"
    return None


def _error(entry: Entry, index: int, written: str, message: str, hint: str) -> ContentError:
    line = entry.source.line_of((FIELD, index))
    return ContentError(
        entry.source.path, line, f"{FIELD}.{index}", f"'{written}': {message}", hint
    )
