"""Static full-text search with Pagefind: self-contained bundles per language, merged by the UI.

Pagefind holds every page it indexes in memory until it writes the index (about 160 kB per
page here), so one run over a large site needs more memory than the rest of the build, and it
indexes everything again for one changed page. Each language's pages are therefore shared out
over bundles of at most BUNDLE_ITEMS items each, by a stable hash of the page's path: /pagefind/
and, on a large site, /pagefind-2/, ... (/en/pagefind/, ... for English). Each bundle is one
Pagefind run over a folder of hard links to its pages only, up to one run per core at a time;
only a bundle with a changed page is made again. The search page loads the first bundle and
merges the others into it (Pagefind's mergeIndex), which ranks all results together.
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from schemas import CONTENT_TYPES
from schemas.fields import LANGUAGES
from sitegen.link import Site
from sitegen.urls import SEARCH_BUNDLE, language_root

BUNDLE_ITEMS = 1500  # items (and their share of the lists) per bundle: Pagefind about 0.25 GB
ENTRY_FILE = "pagefind-entry.json"
_BUNDLE_FOLDER = re.compile(rf"^(?:[a-z]{{2}}/)?{SEARCH_BUNDLE}(?:-\d+)?(?=/)")


class SearchIndexFailed(RuntimeError):
    pass


@dataclass(frozen=True, order=True)
class Bundle:
    """One search bundle: one Pagefind run over a share of one language's pages."""

    lang: str
    number: int  # 1 is the one the search page loads; the others are merged into it

    @property
    def folder(self) -> str:
        """Its folder in the site: pagefind, pagefind-2, en/pagefind, ..."""
        return self.url.strip("/")

    @property
    def url(self) -> str:
        name = SEARCH_BUNDLE if self.number == 1 else f"{SEARCH_BUNDLE}-{self.number}"
        return f"{language_root(self.lang)}{name}/"


def search_bundles(site: Site, lang: str) -> list[Bundle]:
    """The bundles of one language: enough that none holds more than BUNDLE_ITEMS items."""
    items = sum(
        1
        for kind in CONTENT_TYPES
        for entry in site.all(kind)
        if entry.model.text(lang) is not None
    )
    count = max(1, -(-items // BUNDLE_ITEMS))
    return [Bundle(lang, number) for number in range(1, count + 1)]


def bundle_of(path: str, bundles: list[Bundle]) -> Bundle:
    """The bundle that indexes the page at path; the same on every build with as many bundles."""
    hashed = int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")
    return bundles[hashed % len(bundles)]


def is_search_file(path: str) -> bool:
    """Whether an output path lies in a search bundle (of any language, any number)."""
    return _BUNDLE_FOLDER.match(path) is not None


def bundle_folders(names: Iterable[str]) -> set[str]:
    """The bundle folders that hold any of the given output paths."""
    return {match[0] for name in names if (match := _BUNDLE_FOLDER.match(name))}


def search_indexer(
    previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
) -> Callable[[Path], None]:
    """The finishing step of a build that makes the given bundles from their pages (output
    paths) in the new site, up to processes Pagefind runs at a time, and keeps the index files
    that did not change."""
    chosen = sorted(work)  # a fixed order

    def index(site_dir: Path) -> None:
        for start in range(0, len(chosen), max(1, processes)):
            batch = chosen[start : start + max(1, processes)]
            _run_together(site_dir, [(bundle, work[bundle]) for bundle in batch])
            for bundle in batch:
                keep_unchanged_files(site_dir / bundle.folder, previous_site / bundle.folder)

    return index


def build_search_index(site_dir: Path, bundle: Bundle, pages: list[str]) -> None:
    """Make one bundle of site_dir from the given pages."""
    _run_together(site_dir, [(bundle, pages)])


def _run_together(site_dir: Path, runs: list[tuple[Bundle, list[str]]]) -> None:
    """Run Pagefind (the binary shipped by the pagefind[bin] package; no network) once per
    bundle, all at the same time, each over a folder of hard links to the bundle's pages only.
    The links keep the pages' paths, so the index holds their real URLs (/en/events/x/)."""
    farms = []
    try:
        started = []
        for bundle, pages in runs:
            farm = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.search-", dir=site_dir.parent))
            farms.append(farm)
            _link_pages(site_dir, farm, pages)
            command = [sys.executable, "-m", "pagefind", "--site", str(farm), "--silent"]
            command += ["--output-path", str(site_dir / bundle.folder)]
            output = subprocess.PIPE
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True)
            started.append((bundle, process))
        for bundle, process in started:
            said, _ = process.communicate()
            if process.returncode != 0:
                name = f"{bundle.lang} {bundle.number}"
                raise SearchIndexFailed(f"pagefind failed for bundle {name}:\n{said}")
            _sort_entry_file(site_dir / bundle.folder / ENTRY_FILE)
    finally:
        for farm in farms:
            shutil.rmtree(farm, ignore_errors=True)


def _link_pages(site_dir: Path, farm: Path, pages: list[str]) -> None:
    made: set[str] = set()
    for page in pages:
        folder = os.path.dirname(page)
        if folder and folder not in made:
            os.makedirs(farm / folder, exist_ok=True)
            made.add(folder)
        os.link(site_dir / page, farm / page)


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
            new_file.unlink()
            os.link(old_file, new_file)


def _sort_entry_file(path: Path) -> None:
    """Pagefind writes the keys in no fixed order (the languages, when a bundle held several);
    sorting them keeps builds byte-identical."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")


def all_bundles(site: Site) -> list[Bundle]:
    return [bundle for lang in LANGUAGES for bundle in search_bundles(site, lang)]
