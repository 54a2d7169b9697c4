"""Static full-text search with Pagefind: self-contained bundles per language, merged by the UI.

Only item pages are indexed (PageSpec.searchable), and of them not their lists of other items:
lists are navigation and would only repeat the items' words. Pagefind holds every page it
indexes in memory until it writes the index (about 160 kB per page here), so one run over a
large site needs more memory than the rest of the build, and it indexes everything again for
one changed page. Each language's item pages are therefore shared out over bundles of at most
BUNDLE_ITEMS pages each, by a stable hash of the page's path: /pagefind/ and, on a large site,
/pagefind-2/, ... (/en/pagefind/, ... for English). Each bundle is one Pagefind run over a
folder of hard links to its pages only, up to one run per core at a time; only a bundle whose
pages changed what the index takes from them is made again. The search page loads the first
bundle and merges the others into it (Pagefind's mergeIndex), which ranks all results together.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from sitegen.model.files import KeptFile
from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.model.urls import SEARCH_BUNDLE
from sitegen.outputs import processes
from sitegen.reuse.fingerprints import Fingerprints, combine
from sitegen.reuse.manifest import OUTDATED, OutputPlan
from sitegen.stages.write import link_or_copy

BUNDLE_ITEMS = 1500  # item pages per bundle: one Pagefind run then needs about 0.25 GB
ENTRY_FILE = "pagefind-entry.json"
_BUNDLE_FOLDER = re.compile(rf"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?{SEARCH_BUNDLE}(?:-\d+)?(?=/)")


class SearchIndexFailed(RuntimeError):
    pass


@dataclass(frozen=True, order=True)
class Bundle:
    """One search bundle: one Pagefind run over a share of one language's pages."""

    lang: str
    number: int  # 1 is the one the search page loads; the others are merged into it
    # the site's own address (Urls.prefix): '/repo/' for a site in a sub-folder of its host
    site_prefix: str = "/"
    language_folder: str = ""  # its language's prefix: '' for the default language, 'en', ...

    @property
    def folder(self) -> str:
        """Its folder in the site: pagefind, pagefind-2, en/pagefind, ..."""
        name = SEARCH_BUNDLE if self.number == 1 else f"{SEARCH_BUNDLE}-{self.number}"
        return f"{self.language_folder}/{name}" if self.language_folder else name

    @property
    def url(self) -> str:
        """Its address: /pagefind/, /en/pagefind-2/, /repo/en/pagefind/, ..."""
        return f"{self.site_prefix}{self.folder}/"


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


class SearchIndexer:
    """Makes the given bundles from their pages (output paths), up to processes Pagefind runs
    at a time, and keeps the index files that did not change since previous_site. write.py
    runs it on the new site (a write.Generator)."""

    def __init__(
        self, previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> None:
        self._previous_site = previous_site
        self._work = dict(work)
        self._processes = max(1, processes)
        self.folders = [bundle.folder for bundle in sorted(work)]

    def __call__(self, page_file: Callable[[str], Path], root: Path) -> None:
        chosen = sorted(self._work)  # a fixed order
        for start in range(0, len(chosen), self._processes):
            batch = chosen[start : start + self._processes]
            _run_together(page_file, root, [(bundle, self._work[bundle]) for bundle in batch])
            for bundle in batch:
                keep_unchanged_files(root / bundle.folder, self._previous_site / bundle.folder)


def search_indexer(
    previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
) -> SearchIndexer:
    return SearchIndexer(previous_site, work, processes)


def build_search_index(site_dir: Path, bundle: Bundle, pages: list[str]) -> None:
    """Make one bundle of site_dir from the given pages."""
    _run_together(lambda path: site_dir / path, site_dir, [(bundle, pages)])


def _run_together(
    page_file: Callable[[str], Path], root: Path, runs: list[tuple[Bundle, list[str]]]
) -> None:
    """Run Pagefind (the binary shipped by the pagefind[bin] package; no network) once per
    bundle, all at the same time, each over a folder of hard links to the bundle's pages only;
    the bundle goes to root. The links keep the pages' addresses (their paths under the site's
    prefix), so the index holds their real URLs (/en/events/x/, /repo/en/events/x/)."""
    farms: list[Path] = []
    started: list[tuple[Bundle, subprocess.Popen[str]]] = []
    try:
        for bundle, pages in runs:
            # inside root, so that the recovery after a kill removes it with the new site
            farm = Path(tempfile.mkdtemp(prefix=".search-", dir=root))
            farms.append(farm)
            site_in_farm = farm / unquote(bundle.site_prefix).strip("/")  # as folders are named
            site_in_farm.mkdir(parents=True, exist_ok=True)
            _link_pages(page_file, site_in_farm, pages)
            command = [sys.executable, "-m", "pagefind", "--site", str(farm), "--silent"]
            command += ["--output-path", str(root / bundle.folder)]
            output = subprocess.PIPE
            process = processes.start(command, stdout=output, stderr=subprocess.STDOUT)
            started.append((bundle, process))
        for bundle, process in started:
            said, _ = process.communicate()
            if process.returncode != 0:
                name = f"{bundle.lang} {bundle.number}"
                raise SearchIndexFailed(f"pagefind failed for bundle {name}:\n{said}")
            _sort_entry_file(root / bundle.folder / ENTRY_FILE)
    finally:
        for _, process in started:  # the others, when one failed
            if process.poll() is None:
                process.kill()
                process.wait()
        for farm in farms:
            shutil.rmtree(farm, ignore_errors=True)


def _link_pages(page_file: Callable[[str], Path], farm: Path, pages: list[str]) -> None:
    made = {""}
    for page in pages:
        _make_folder(farm, os.path.dirname(page), made)
        link_or_copy(page_file(page), farm / page)


def _make_folder(farm: Path, folder: str, made: set[str]) -> None:
    """farm/folder and the folders above it, each made once (mkdir is slow on some disks)."""
    if folder not in made:
        _make_folder(farm, os.path.dirname(folder), made)
        os.mkdir(farm / folder)
        made.add(folder)


def holds_only_its_language(site_dir: Path, bundle: Bundle) -> bool:
    """Whether a bundle in site_dir indexes its language alone: one made by an older build that
    indexed the whole site at once also holds the other languages, and must be made again."""
    try:
        entry = json.loads((site_dir / bundle.folder / ENTRY_FILE).read_bytes())
        return set(entry["languages"]) == {bundle.lang}
    except (OSError, ValueError, KeyError, TypeError):
        return False


def keep_unchanged_files(new_folder: Path, old_folder: Path) -> None:
    """Pagefind writes its whole index again; files whose bytes did not change are replaced by
    the previous build's file, so they keep their modification time and need no upload."""
    if not old_folder.is_dir():
        return
    for new_file in new_folder.rglob("*"):
        old_file = old_folder / new_file.relative_to(new_folder)
        if (
            new_file.is_file()
            and old_file.is_file()
            and new_file.stat().st_size == old_file.stat().st_size
            and new_file.read_bytes() == old_file.read_bytes()
        ):
            linked = new_file.with_name(f".{new_file.name}.old")
            try:
                os.link(old_file, linked)
            except OSError:  # no hard links here: the new copy stays, with a new time
                continue
            os.replace(linked, new_file)


def _sort_entry_file(path: Path) -> None:
    """Pagefind writes the keys in no fixed order (the languages, when a bundle held several);
    sorting them keeps builds byte-identical."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")


def all_bundles(site: Site) -> list[Bundle]:
    return [bundle for lang in site.languages for bundle in search_bundles(site, lang)]
