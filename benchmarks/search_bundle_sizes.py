"""What the size of a search bundle trades: the editor's one-event build against the visitor's
search. Nothing is asserted; it prints figures.

Pagefind makes a bundle whole, so a build after one changed page makes that page's bundle again,
and its time grows with the pages in the bundle (sitegen/outputs/search.py, BUNDLE_ITEMS). Smaller
bundles make that build faster, but the search page merges every bundle of a language, and the
visitor's browser fetches and searches each of them. This script builds one corpus once per
bundle size, then measures, side by side:

- the editor's side: the whole `build` process after one event's Dutch title changed (the same
  edit as run.py's "one event changed"), in rounds that alternate the sizes;
- the visitor's side: the search page in Chromium (Playwright) with Lighthouse's mobile network
  (150 ms round trip, 1.6 Mbit/s down), from typing a query to the first result on screen, with
  the requests and bytes that the search fetched.

    .venv/bin/python benchmarks/search_bundle_sizes.py --items 5000 --sizes 1500 250

Needs Debian's Chromium and the dev tools (Playwright); the sites are served on 127.0.0.1 on a
free port for the measurement only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from make_corpus import generate
from playwright.sync_api import Request, sync_playwright
from run import TODAY, edit_title, run_process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.browser import CHROMIUM_FLAGS, chromium_path, serve

PROJECT = Path(__file__).resolve().parent.parent
# build.py with another bundle size: the engine's own command line, BUNDLE_ITEMS set before it runs
BUILD_WITH_SIZE = (
    "import sys; from sitegen.outputs import search; search.BUNDLE_ITEMS = int(sys.argv[1]);"
    " from sitegen.cli import main; sys.exit(main(sys.argv[2:]))"
)
QUERIES = ("circulaire", "werkplaats ondernemer", "biodiversiteit")  # words of the corpus
MOBILE_NETWORK = {  # Lighthouse's mobile throttling, as DevTools applies it
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
TIMEOUT = 1800.0


@dataclass
class Side:
    """One bundle size: its site, and what was measured."""

    size: int
    work: Path
    bundles: int = 0
    clean: float = 0.0
    one_event: list[tuple[float, float]] = field(default_factory=list)  # wall, CPU
    searches: list[tuple[str, int, int, float]] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.work / "content"

    @property
    def site(self) -> Path:
        return self.work / "site"

    def build(self) -> tuple[float, float]:
        command = [sys.executable, "-c", BUILD_WITH_SIZE, str(self.size), "build"]
        command += ["--content", str(self.content), "--out", str(self.site)]
        command += ["--cache", str(self.work / "cache"), "--today", TODAY.isoformat()]
        run = run_process(command, PROJECT, TIMEOUT)
        return run.seconds, run.cpu_seconds


def visitor_search(site: Path, query: str) -> tuple[int, int, float]:
    """Requests, bytes and seconds from typing query on the search page to the first result."""
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = browser.new_context()
        page = context.new_page()
        network = context.new_cdp_session(page)
        network.send("Network.enable")
        network.send("Network.setCacheDisabled", {"cacheDisabled": True})
        network.send("Network.emulateNetworkConditions", MOBILE_NETWORK)
        fetched: list[int] = []

        def finished(request: Request) -> None:
            sizes = request.sizes()
            fetched.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

        page.on("requestfinished", finished)
        page.goto(base + "/zoeken/", wait_until="load")
        page.wait_for_selector("#search input")
        page.wait_for_timeout(3000)  # the page is loaded and idle: what follows is the search's
        before = len(fetched)
        started = time.perf_counter()
        page.fill("#search input", query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=120_000)
        seconds = time.perf_counter() - started
        page.wait_for_timeout(2000)  # the fetches the search started, also those after the first
        browser.close()
    searched = fetched[before:]
    return len(searched), sum(searched), seconds


def measure(sides: list[Side], items: int, rounds: int) -> None:
    for side in sides:
        generate(items, side.content, force=True)
        side.clean = side.build()[0]
        side.bundles = len(list(side.site.glob("pagefind*")))
        print(f"bundles of {side.size} pages: {side.bundles} per language, clean build "
              f"{side.clean:.1f} s", flush=True)  # fmt: skip
    event = sorted((sides[0].content / "events").glob("*.yaml"))[items // 2].name
    originals = {side.size: (side.content / "events" / event).read_text("utf-8") for side in sides}
    for number in range(1, rounds + 1):
        for side in sides:  # A B A B: the machine's noise falls on both sizes alike
            path = side.content / "events" / event
            edit_title(path, originals[side.size], f"(wijziging {number})")
            side.one_event.append(side.build())
    for query in QUERIES:
        for side in sides:
            side.searches.append((query, *visitor_search(side.site, query)))


def report(sides: list[Side], items: int) -> None:
    print(f"\nN = {items} items per language; one event changed: median of "
          f"{len(sides[0].one_event)} alternating rounds")  # fmt: skip
    print("| pages per bundle | bundles per language | one-event build, wall | CPU |"
          " search: requests | KiB | first result (mobile network) |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for side in sides:
        wall = statistics.median(run[0] for run in side.one_event)
        cpu = statistics.median(run[1] for run in side.one_event)
        requests = "/".join(str(search[1]) for search in side.searches)
        kib = "/".join(f"{search[2] / 1024:.0f}" for search in side.searches)
        first = "/".join(f"{search[3]:.1f}" for search in side.searches)
        print(f"| {side.size} | {side.bundles} | {wall:.2f} s | {cpu:.2f} s | {requests} |"
              f" {kib} | {first} s |")  # fmt: skip
    print(f"queries, in the order of the figures: {', '.join(QUERIES)}")
    print("every one-event round (wall s): " + "; ".join(
        f"{side.size}: " + " ".join(f"{run[0]:.2f}" for run in side.one_event) for side in sides
    ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000, help="items per language (N)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 250],
                        help="pages per bundle, the engine's own (BUNDLE_ITEMS) first")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bundle-sizes-"))
    try:
        sides = [Side(size, work / str(size)) for size in arguments.sizes]
        measure(sides, arguments.items, arguments.rounds)
        report(sides, arguments.items)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
