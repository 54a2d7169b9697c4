"""Makes search bundles with Pagefind, from the pages of the new site, once all are written.

Each bundle is made in a Pagefind service of its own, handed the part of each page Pagefind
reads (pagefind_service.indexed_part: about a third of its HTML, the same bundle); up to one
Pagefind run per core at a time, each runner taking the next bundle as soon as it has written
one. Making bundles while the rest of the site still renders was tried and measured: on two
cores it made the clean build slower (the render workers already use every core) and, on a
large site, took it over 1 GB (benchmarks/README.md, "Search").
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path

from sitegen.outputs.pagefind_service import PagefindService, indexed_part
from sitegen.outputs.search_bundle import Bundle
from sitegen.stages.write import safe_target

ENTRY_FILE = "pagefind-entry.json"
PageFile = Callable[[str], Path]


class SearchIndexer:
    """Makes the given bundles from their pages (output paths), up to processes Pagefind runs
    at a time, and keeps the index files that did not change since previous_site. write.py
    runs it on the new site (a write.Generator)."""

    def __init__(
        self, previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> None:
        self._previous_site = previous_site
        self._work = {bundle: sorted(set(pages)) for bundle, pages in work.items()}
        self._processes = max(1, processes)
        self.folders = [bundle.folder for bundle in sorted(work)]

    def __call__(self, page_file: PageFile, root: Path) -> None:
        """Each bundle from start to files written by the first of `processes` runners that
        is free, in a fixed order; raises the first failure."""
        waiting = deque(sorted(self._work))
        failures: list[BaseException] = []
        lock = threading.Lock()

        def run() -> None:
            while True:
                with lock:
                    if failures or not waiting:
                        return
                    bundle = waiting.popleft()
                try:
                    self._index(bundle, page_file, root)
                except BaseException as failure:  # raised below, in the build's thread
                    with lock:
                        failures.append(failure)
                    return

        count = min(self._processes, len(waiting))
        runners = [threading.Thread(target=run, daemon=True) for _ in range(count)]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        if failures:
            raise failures[0]

    def _index(self, bundle: Bundle, page_file: PageFile, root: Path) -> None:
        """One bundle in a Pagefind service of its own, its files written into root. Pages
        are added sorted by path (as Pagefind's own run over files does), so the index is the
        same on every build."""
        service = PagefindService(bundle.site_prefix, f"{bundle.lang} {bundle.number}")
        try:
            pages = self._work[bundle]
            service.index((page, _indexed(page_file(page))) for page in pages)
            service.ask_for_files()
            _write_bundle(root, bundle, service.files(), self._previous_site)
        finally:
            service.close()


def _indexed(page: Path) -> str:
    return indexed_part(page.read_bytes().decode("utf-8"))


def search_indexer(
    previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
) -> SearchIndexer:
    return SearchIndexer(previous_site, work, processes)


def build_search_index(site_dir: Path, bundle: Bundle, pages: list[str]) -> None:
    """Make one bundle of site_dir from the given pages."""
    SearchIndexer(site_dir, {bundle: pages})(lambda path: site_dir / path, site_dir)


def _write_bundle(
    root: Path, bundle: Bundle, files: list[tuple[str, bytes]], previous_site: Path
) -> None:
    """The bundle's files into root; one whose bytes equal the previous build's file is that
    file (a hard link), so it keeps its modification time and needs no upload."""
    made: set[Path] = set()
    for name, content in files:
        if name == ENTRY_FILE:  # the keys in a fixed order: builds stay byte-identical
            data = json.loads(content)
            content = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        relative = f"{bundle.folder}/{name}"
        target = safe_target(root, relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if not _same_as_before(safe_target(previous_site, relative), content, target):
            target.write_bytes(content)


def _same_as_before(old_file: Path, content: bytes, target: Path) -> bool:
    """Whether old_file holds content; then target becomes a link to it."""
    try:
        if old_file.stat().st_size != len(content) or old_file.read_bytes() != content:
            return False
        os.link(old_file, target)
    except OSError:  # none, or no hard links here: the new copy is written
        return False
    return True
