"""Compare the search of two builds of the same content: the same queries, in Chromium, through
Pagefind's own API with every bundle of a language merged (as static/js/search.js does), and
the top results of each side by side. Prints how many queries give the same top 5 (in the same
order), the same top 5 as a set, and the same first result. Nothing is asserted.

    .venv/bin/python benchmarks/search_quality.py SITE_A SITE_B [--queries 60] [--top 5]

The queries are words of the sites' own pages (titles' words, pairs of them, a prefix), the
same for both sites; it serves each folder on 127.0.0.1 on a free port and needs Debian's
Chromium (/usr/bin/chromium) and Playwright (the dev tools).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Any

from lxml import html
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.browser import CHROMIUM_FLAGS, serve

Found = dict[str, dict[str, Any]]  # query -> {"count": results, "urls": the top ones}
SEARCH = """async ([bundles, queries, top]) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  for (const extra of bundles.slice(1)) await pagefind.mergeIndex(extra, { baseUrl: "/" });
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
    found[query] = { count: search.results.length, urls: data.map((d) => d.url) };
  }
  return found;
}"""


def bundles(site: Path, prefix: str) -> list[str]:
    """The bundles of one language, first one first: /pagefind/, /pagefind-2/, ..."""
    root = site / prefix if prefix else site
    names = sorted((p.name for p in root.glob("pagefind*") if p.is_dir()), key=_number)
    return [f"/{prefix + '/' if prefix else ''}{name}/" for name in names]


def _number(name: str) -> int:
    return int(name.rpartition("-")[2]) if "-" in name else 1


def queries(site: Path, prefix: str, count: int) -> list[str]:
    """Words from the titles of the language's item pages, seeded: the same for both sites."""
    root = site / prefix if prefix else site
    words: set[str] = set()
    for page in sorted(root.glob("*/*/index.html"))[:3000]:
        title = html.fromstring(page.read_bytes()).findtext(".//h1") or ""
        words.update(w.lower() for w in re.findall(r"\w{4,}", title))
    pool = sorted(words)
    chosen = random.Random(1).sample(pool, min(count, len(pool)))
    pairs = [f"{a} {b}" for a, b in zip(chosen[::2], chosen[1::2], strict=False)]
    prefixes = [word[:4] for word in chosen[: count // 4]]
    return chosen + pairs + prefixes


def search(page: Page, site: Path, prefix: str, asked: list[str], top: int) -> Found:
    with serve(site) as base:
        page.goto(f"{base}/robots.txt")
        found: Found = page.evaluate(SEARCH, [bundles(site, prefix), asked, top])
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--languages", default="nl:,en:en", help="code:prefix,...")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        chromium = "/usr/bin/chromium"
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        for spec in args.languages.split(","):
            lang, _, prefix = spec.partition(":")
            asked = queries(args.site_a, prefix, args.queries)
            a = search(page, args.site_a, prefix, asked, args.top)
            b = search(page, args.site_b, prefix, asked, args.top)
            same_order = sum(a[q]["urls"] == b[q]["urls"] for q in asked)
            same_set = sum(set(a[q]["urls"]) == set(b[q]["urls"]) for q in asked)
            same_first = sum(a[q]["urls"][:1] == b[q]["urls"][:1] for q in asked)
            same_count = sum(a[q]["count"] == b[q]["count"] for q in asked)
            found = sum(bool(a[q]["count"]) for q in asked)
            print(f"{lang}: {len(asked)} queries ({found} find something in A), bundles "
                  f"A {len(bundles(args.site_a, prefix))} B {len(bundles(args.site_b, prefix))}: "
                  f"same top {args.top} in order {same_order}, as a set {same_set}, same first "
                  f"{same_first}, same number of results {same_count}")  # fmt: skip
            for q in asked:
                if a[q]["urls"] != b[q]["urls"]:
                    print(f"  {q!r}:\n    A {a[q]['count']} {a[q]['urls']}")
                    print(f"    B {b[q]['count']} {b[q]['urls']}")
        browser.close()


if __name__ == "__main__":
    main()
