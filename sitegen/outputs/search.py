"""Static full-text search with Pagefind: self-contained bundles per language, merged by the UI.

Only item pages are indexed (PageSpec.searchable), and of them not their lists of other items:
lists are navigation and would only repeat the items' words. Pagefind holds every page it
indexes in memory until it writes the index (about 160 kB per page here), so one run over a
large site needs more memory than the rest of the build, and it indexes everything again for
one changed page. Each language's item pages are therefore shared out over bundles of at most
BUNDLE_ITEMS pages each, by a stable hash of the page's path: /pagefind/ and, on a large site,
/pagefind-2/, ... (/en/pagefind/, ... for English). Each bundle is one Pagefind process in
service mode (sitegen/outputs/search_indexer.py), handed the part of its pages Pagefind reads,
which gives the bundle's files back to be written into the new site. Only a bundle whose pages
changed what the index takes from them is made again. The search page loads the first bundle
and merges the others into it (Pagefind's mergeIndex), which ranks all results together.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from sitegen.model.files import KeptFile
from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.model.urls import SEARCH_BUNDLE
from sitegen.outputs.search_bundle import Bundle
from sitegen.outputs.search_indexer import ENTRY_FILE, SearchIndexer, search_indexer
from sitegen.reuse.digests import combine
from sitegen.reuse.fingerprints import Fingerprints
from sitegen.reuse.manifest import OUTDATED, OutputPlan

BUNDLE_ITEMS = 1500  # item pages per bundle: one Pagefind service then needs about 0.25 GB
_BUNDLE_FOLDER = re.compile(rf"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?{SEARCH_BUNDLE}(?:-\d+)?(?=/)")


def search_bundles(site: Site, lang: str) -> list[Bundle]:
    """The bundles of one language: enough that none holds more than BUNDLE_ITEMS items."""
    items = sum(
        1
        for kind in site.types.names
        for entry in site.all(kind)
        if entry.model.text(lang) is not None
    )
    count = max(1, -(-items // BUNDLE_ITEMS))
    folder = site.urls.languages[lang].prefix
    return [Bundle(lang, number, site.urls.prefix, folder) for number in range(1, count + 1)]


def bundle_of(path: str, bundles: list[Bundle]) -> Bundle:
    """The bundle that indexes the page at path; the same on every build with as many bundles."""
    hashed = int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")
    return bundles[hashed % len(bundles)]


def is_search_file(path: str) -> bool:
    """Whether an output path lies in a search bundle (of any language, any number)."""
    return _BUNDLE_FOLDER.match(path) is not None


@dataclass
class SearchStep:
    """Which search bundles a build makes again, and which it carries over.

    With search on, a bundle is made again when its fingerprint (of what the index takes from
    each of its pages, see Fingerprints.search) differs from the one recorded for its files.
    With search off (the preview) every bundle is carried over, and marked outdated where one
    of its pages changed, so that the next build with search makes it again."""

    plan: OutputPlan
    out_dir: Path
    bundles: list[Bundle]
    pages: list[PageSpec]
    fingerprints: Fingerprints
    search: bool
    processes: int
    _made: dict[Bundle, str] = field(default_factory=dict, init=False)  # bundle -> fingerprint

    def decide(self) -> tuple[SearchIndexer | None, list[KeptFile]]:
        """The indexer of the bundles to make again (or None), and the files of every other
        bundle, carried over. Call it after every page is decided."""
        carried: list[KeptFile] = []
        wanted = self._fingerprints() if self.search else {}
        changed = set() if self.search else self._changed()
        for bundle in self.bundles:
            had = self.plan.folder_fingerprint(bundle.folder)
            if not self.search:
                mark = OUTDATED if bundle in changed else had or ""
                carried += self.plan.keep_folder(bundle.folder, mark) or []
            elif (
                had != wanted[bundle]
                or not holds_only_its_language(self.out_dir, bundle)
                or (kept := self.plan.keep_folder(bundle.folder, had)) is None  # carries over
            ):
                self._made[bundle] = wanted[bundle]
            else:
                carried += kept
        if not self._made:
            return None, carried
        work = {bundle: self._pages_by_bundle[bundle] for bundle in self._made}
        return search_indexer(self.out_dir, work, self.processes), carried

    def made_files(self, site_dir: Path) -> dict[str, str]:
        """Every file of the bundles made, with the fingerprint to record for it."""
        return {
            path.relative_to(site_dir).as_posix(): fingerprint
            for bundle, fingerprint in self._made.items()
            for path in (site_dir / bundle.folder).rglob("*")
            if path.is_file()
        }

    def _fingerprints(self) -> dict[Bundle, str]:
        pages = self._pages_by_bundle
        return {
            bundle: combine(
                [bundle.folder, str(len(self._by_language[bundle.lang]))]
                + [f"{page}:{self._searched[page]}" for page in sorted(pages[bundle])]
            )
            for bundle in self.bundles
        }

    @cached_property
    def _searched(self) -> dict[str, str]:
        return {
            page.output_path: self.fingerprints.search(page)
            for page in self.pages
            if page.searchable
        }

    def _changed(self) -> set[Bundle]:
        """The bundles with a page that is new, changed or gone since the previous build, and
        every bundle of a language whose pages are shared out over other bundles than then."""
        changed: set[Bundle] = set()
        for bundles in self._by_language.values():
            beyond = replace(bundles[0], number=len(bundles) + 1)  # when it had more bundles
            missing = [b for b in bundles if self.plan.folder_fingerprint(b.folder) is None]
            if missing or self.plan.folder_fingerprint(beyond.folder) is not None:
                changed.update(bundles)
        searched = {page.output_path for page in self.pages if page.searchable}
        new = [name for name in self.plan.new_paths if name in searched]
        gone = [name for name in self.plan.removed() if name.endswith(".html")]
        for name in new + gone:
            changed.add(bundle_of(name, self._bundles_of_page(name)))
        return changed

    @cached_property
    def _pages_by_bundle(self) -> dict[Bundle, list[str]]:
        shares: dict[Bundle, list[str]] = {bundle: [] for bundle in self.bundles}
        for page in self.pages:
            if page.searchable:
                bundles = self._by_language[page.lang]
                shares[bundle_of(page.output_path, bundles)].append(page.output_path)
        return shares

    def _bundles_of_page(self, path: str) -> list[Bundle]:
        """The bundles of the language whose folder a page lies in (en/news/ -> en's)."""
        folder = path.partition("/")[0] if "/" in path else ""
        for bundles in self._by_language.values():
            if bundles[0].language_folder == folder:
                return bundles
        return next(b for b in self._by_language.values() if not b[0].language_folder)

    @cached_property
    def _by_language(self) -> dict[str, list[Bundle]]:
        grouped: dict[str, list[Bundle]] = {}
        for bundle in self.bundles:
            grouped.setdefault(bundle.lang, []).append(bundle)
        return grouped


def holds_only_its_language(site_dir: Path, bundle: Bundle) -> bool:
    """Whether a bundle in site_dir indexes its language alone: one made by an older build that
    indexed the whole site at once also holds the other languages, and must be made again."""
    try:
        entry = json.loads((site_dir / bundle.folder / ENTRY_FILE).read_bytes())
        return set(entry["languages"]) == {bundle.lang}
    except (OSError, ValueError, KeyError, TypeError):
        return False


def all_bundles(site: Site) -> list[Bundle]:
    return [bundle for lang in site.languages for bundle in search_bundles(site, lang)]
