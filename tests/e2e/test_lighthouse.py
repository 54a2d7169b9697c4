"""Lighthouse (from node_modules, run with Debian's Chromium) on both home pages of the shipped
site, served on 127.0.0.1: 100 for accessibility, best practices and SEO, 95 for performance."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.support.addresses import SHIPPED_CONTENT, urls
from tests.support.browser import chromium_path
from tests.support.builds import ServedSite
from tests.support.quality import NODE_MODULES

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]

LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LEAST = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def lighthouse_scores(url: str, report: Path) -> dict[str, float]:
    """Runs Lighthouse once on url and reads each category's score from its JSON report."""
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless --no-sandbox"],
        check=True, timeout=120, env={**os.environ, "CHROME_PATH": str(chromium_path())},
    )  # fmt: skip
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: float(categories[name]["score"]) for name in CATEGORIES}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_home_page_meets_the_lighthouse_levels(
    shipped_site: ServedSite, lang: str, tmp_path: Path
) -> None:
    scores = lighthouse_scores(
        shipped_site.base_url + urls(SHIPPED_CONTENT).home(lang), tmp_path / "report.json"
    )
    low = {name: score for name, score in scores.items() if score < LEAST[name]}
    assert low == {}, scores
