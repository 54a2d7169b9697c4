"""Screenshots for review (issue 14): one page of every kind (home, each section's list, one
item of each type, an agenda filter page, search, not found) at phone and desktop width in
each language, into tests/artifacts/ (or $SCREENSHOT_DIR), with page heights in heights.json.
Each page is checked as it is shot: its h1 is there and nothing scrolls sideways."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.model.page import PageSpec
from tests.support.builds import ServedSite
from tests.support.quality import DESKTOP, PHONE

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(__file__).parents[1] / "artifacts")

pytestmark = pytest.mark.browser


def one_of_each_kind(pages: list[PageSpec]) -> dict[str, PageSpec]:
    """By a name for its file: the first page (by address) of each template in each language,
    and of the agenda's filter pages (the agenda's template, a breadcrumb below the agenda)."""
    chosen: dict[str, PageSpec] = {}
    for page in sorted(pages, key=lambda p: p.url):
        kind = page.template.removesuffix(".html")
        if kind == "section_events" and len(page.breadcrumbs) > 2:
            kind = "agenda_filter"
        chosen.setdefault(f"{kind}-{page.lang}", page)
    return {
        f"{kind}-{page.entry.slug if page.entry else ''}".rstrip("-"): page
        for kind, page in chosen.items()
    }


def test_a_page_of_every_kind_is_shot_at_both_widths_in_each_language(
    browser: Browser, shipped_site: ServedSite
) -> None:
    chosen = one_of_each_kind(shipped_site.pages)
    templates = {page.template for page in shipped_site.pages}
    assert {page.template for page in chosen.values()} == templates
    assert {page.lang for page in chosen.values()} == {"nl", "en"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    heights: dict[str, int] = {}
    problems = []
    for width in (PHONE, DESKTOP):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        for name, page in sorted(chosen.items()):
            tab.goto(shipped_site.base_url + page.url)
            sizes = tab.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            heights[f"{name}-{width}"] = sizes[1]
            if sizes[0] > width or tab.locator("h1").count() != 1:
                problems.append((name, width, sizes[0], tab.locator("h1").count()))
            tab.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        context.close()
    (SCREENSHOTS / "heights.json").write_text(json.dumps(heights, indent=1, sort_keys=True))
    assert problems == []
    assert len(heights) == 2 * len(chosen) >= 2 * 2 * len(templates)
