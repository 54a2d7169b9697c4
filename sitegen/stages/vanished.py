"""Vanished addresses: pages the previous build published that this one would not, with no
redirect (stages/redirects.py) in their place. Links and bookmarks to them would break.

The previous build's pages are the HTML files named in the output folder's ownership record
(stages/ownership.py), which travels with the site, so this holds after a fresh checkout with no
cache too. Without a record (a first build) nothing is compared. Each vanished page is a
warning (an error with --strict) naming its likely new address: the page with the same title
(a renamed file keeps its title), else the page of the same language with the most similar
file name. A page removed on purpose warns once: the next build's record no longer holds it.
"""

from __future__ import annotations

import difflib
import re
from html import unescape
from pathlib import Path

from sitegen.model.page import PageSpec
from sitegen.model.problems import ContentError
from sitegen.model.site import Site
from sitegen.model.urls import SEARCH_BUNDLE
from sitegen.stages.addresses import STATIC_FOLDER
from sitegen.stages.ownership import read_record
from sitegen.stages.redirects import FIELD, Redirect

_ENGINE_FOLDER = re.compile(rf"^(?:{STATIC_FOLDER}|{SEARCH_BUNDLE}(?:-\d+)?)$")
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
# difflib's ratio from which two file names are taken for one page's: water-2030 and water-2031
# are, jaar and maart are not
SIMILAR = 0.75
MOST_FOLDERS = 2  # /agenda/water/: the deepest page whose address an editor chose


def vanished_pages(
    out_dir: Path, site: Site, pages: list[PageSpec], redirects: list[Redirect]
) -> list[ContentError]:
    """A warning for every page of the previous build in out_dir that is gone without a redirect."""
    previous = read_record(out_dir)
    if previous is None:
        return []
    published = {page.output_path for page in pages} | {r.output_path for r in redirects}
    # the cheap test first: most names are this build's pages too (18,000 tests at N = 5,000)
    gone = sorted(name for name in previous if name not in published and _is_page(site, name))
    return [_warning(site, name, _likely_new_page(out_dir, site, name, pages)) for name in gone]


def _is_page(site: Site, name: str) -> bool:
    """Whether name was a page an editor gave its address: an item, section or search page, at
    most two folders deep in its language. Deeper pages (a list's page 2, an agenda filter)
    come and go with the content by themselves, and a link to them breaking is no news."""
    folders = name.split("/")[:-1]
    if not name.endswith(".html") or any(map(_ENGINE_FOLDER.match, folders)):
        return False
    prefix = site.urls.languages[site.urls.language_of(name)].prefix
    in_language = folders[1:] if prefix and folders[:1] == [prefix] else folders
    return 0 < len(in_language) <= MOST_FOLDERS


def _likely_new_page(
    out_dir: Path, site: Site, name: str, pages: list[PageSpec]
) -> PageSpec | None:
    lang = site.urls.language_of(name)
    items = [page for page in pages if page.entry is not None and page.lang == lang]
    title = _title_of(out_dir / name)
    name_of_site = site.settings.name.get(lang)
    for page in items:
        if title in (page.title, f"{page.title} · {name_of_site}"):
            return page
    by_slug = {_last_folder(page.url): page for page in items}
    old_slug = _last_folder(_address(site, name))
    close = difflib.get_close_matches(old_slug, list(by_slug), n=1, cutoff=SIMILAR)
    return by_slug[close[0]] if close else None


def _last_folder(address: str) -> str:
    """'/agenda/water-2030/' -> 'water-2030': the name an editor gave the file."""
    return address.rstrip("/").rpartition("/")[2].removesuffix(".html")


def _title_of(path: Path) -> str | None:
    try:
        found = _TITLE.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return unescape(found[1]).strip() if found else None


def _address(site: Site, name: str) -> str:
    folder = name.removesuffix("index.html")
    return site.urls.address(folder)


def _warning(site: Site, name: str, new_page: PageSpec | None) -> ContentError:
    old = _address(site, name)
    silence = (
        "if the page was removed on purpose, nothing needs doing: this warning shows once, as"
        " the next build no longer has the page to compare (with --strict, build once without"
        " it)"
    )
    gone = f"{old} was published by the previous build and is gone, with no redirect"
    if new_page is None or new_page.entry is None:
        written = "/" + site.urls.site_path(old)
        return ContentError(
            "content/",
            None,
            FIELD,
            f"{gone}; no likely new address",
            f'if it moved, add former_addresses: ["{written}"] to the file of the item whose'
            f" page it is now; {silence}",
            "warning",
        )
    entry = new_page.entry
    written = _former_form(site, old, new_page)
    line = entry.source.line_of((FIELD,)) if entry.model.former_addresses else None
    if line:
        add = f'add "{written}" to its former_addresses (line {line})'
    else:
        add = f'add the line  former_addresses: ["{written}"]  at the top'
    return ContentError(
        entry.source.path,
        line,
        FIELD,
        f"{gone}; likely new address: {new_page.url}",
        f"if it moved there, {add} of {entry.source.path}; {silence}",
        "warning",
    )


def _former_form(site: Site, old: str, new_page: PageSpec) -> str:
    """What the editor writes: the former file name when the page only changed its name (it
    then moves every language's page), else the former address itself."""
    assert new_page.entry is not None
    folder, _, _ = new_page.url.rstrip("/").rpartition("/")
    old_folder, _, old_slug = old.rstrip("/").rpartition("/")
    if folder == old_folder and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", old_slug):
        return old_slug
    return "/" + site.urls.site_path(old)
