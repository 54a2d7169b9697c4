"""Makes search bundles with Pagefind, while the rest of the site is still being rendered.

A build that writes a new site hands every page to the indexer as it writes it (start, take).
A bundle whose pages are all in goes to a Pagefind service of its own at once: in a clean
build the first language's bundles are indexed while the second language's pages and the
calendars render. Each page is handed over as the part of it that Pagefind reads
(pagefind_service.indexed_part), about a third of its HTML; the bundle is the same. At the end
(the write stage calls the indexer) the bundles not yet made are made from the pages in the
new site, up to one Pagefind run per core at a time.
"""

from __future__ import annotations

import json
import os
import queue
import threading
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
    runs it on the new site (a generators.FedGenerator)."""

    def __init__(
        self, previous_site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> None:
        self._previous_site = previous_site
        self._work = {bundle: sorted(set(pages)) for bundle, pages in work.items()}
        self._processes = max(1, processes)
        self.folders = [bundle.folder for bundle in sorted(work)]
        self._bundle_of = {page: b for b, pages in self._work.items() for page in pages}
        self._waiting_for = {bundle: len(pages) for bundle, pages in self._work.items()}
        self._taken: dict[str, str | None] = {}  # page -> what Pagefind reads (None: its file)
        self._ready: queue.SimpleQueue[Bundle | None] = queue.SimpleQueue()
        self._queued: set[Bundle] = set()
        self._runners: list[threading.Thread] = []
        self._services: set[PagefindService] = set()
        self._failures: list[BaseException] = []
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._site: tuple[PageFile, Path] | None = None

    def start(self, page_file: PageFile, root: Path) -> None:
        """Before the pages are written into root: from now on a bundle is made as soon as
        take() has had all its pages. One runner only, while the render workers use the
        cores (and memory); __call__ adds the others."""
        self._site = (page_file, root)
        self._add_runners(1)

    def take(self, path: str, content: bytes | None) -> None:
        """A file just written into the new site; content None: a page kept from the previous
        site, read from its file when its bundle is made."""
        bundle = self._bundle_of.get(path)
        if bundle is None or path in self._taken:
            return
        self._taken[path] = None if content is None else indexed_part(content.decode("utf-8"))
        self._waiting_for[bundle] -= 1
        if self._waiting_for[bundle] == 0:
            self._queue(bundle)

    def __call__(self, page_file: PageFile, root: Path) -> None:
        """Make every bundle not made yet from the pages in the new site (page_file), and
        wait until all are written into root; raises the first failure."""
        if self._site is None:
            self._site = (page_file, root)
        for bundle in sorted(self._work):
            if bundle not in self._queued:
                self._queue(bundle)
        self._add_runners(min(self._processes, len(self._work)) - len(self._runners))
        self._join()
        if self._failures:
            raise self._failures[0]

    @property
    def running(self) -> int:
        """How many runners and Pagefind processes are at work."""
        with self._lock:
            services = len(self._services)
        return services + sum(runner.is_alive() for runner in self._runners)

    def stop(self) -> None:
        """End every Pagefind run and runner at once (the build failed): nothing writes into
        the new site after this returns. Does nothing once the bundles are made."""
        self._stopped.set()
        with self._lock:
            for service in self._services:
                service.kill()
        self._join()

    def _queue(self, bundle: Bundle) -> None:
        self._queued.add(bundle)
        self._ready.put(bundle)

    def _add_runners(self, count: int) -> None:
        for _ in range(max(0, count)):
            runner = threading.Thread(target=self._run, daemon=True)
            self._runners.append(runner)
            runner.start()

    def _join(self) -> None:
        for _ in self._runners:
            self._ready.put(None)  # one for each runner: it ends when it takes one
        for runner in self._runners:
            runner.join()
        self._runners.clear()

    def _run(self) -> None:
        while (bundle := self._ready.get()) is not None:
            if self._stopped.is_set() or self._failures:
                continue  # the build fails: what is queued is left
            try:
                self._index(bundle)
            except BaseException as failure:  # raised by __call__, in the build's thread
                with self._lock:
                    self._failures.append(failure)

    def _index(self, bundle: Bundle) -> None:
        """One bundle in a Pagefind service of its own, its files written into the new site.
        Pages are added sorted by path (as Pagefind's own run over files does), so the index
        is the same on every build, whatever order the pages were rendered in."""
        assert self._site is not None
        page_file, root = self._site
        service = PagefindService(bundle.site_prefix, f"{bundle.lang} {bundle.number}")
        with self._lock:
            if self._stopped.is_set():
                service.close()
                return
            self._services.add(service)
        try:
            pages = self._work[bundle]
            service.index((page, self._indexed(page, page_file)) for page in pages)
            service.ask_for_files()
            files = service.files()
            if not self._stopped.is_set():
                _write_bundle(root, bundle, files, self._previous_site)
        finally:
            with self._lock:
                self._services.discard(service)
            service.close()

    def _indexed(self, page: str, page_file: PageFile) -> str:
        taken = self._taken.pop(page, None)
        if taken is not None:
            return taken
        return indexed_part(page_file(page).read_bytes().decode("utf-8"))


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
