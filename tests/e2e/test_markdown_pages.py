"""Pages built from Markdown written as on GitHub (issue 13), read back with lxml and axe.

The fixture's cluster body uses # headings, a task list, an aligned table, a footnote,
~~strike~~, a bare link and fenced code right after a paragraph; the HTML checker gate
(test_html_validity.py) reads the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.model.page import PageSpec
from tests.support.browser import serve
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.quality import AXE_SCRIPT, WCAG_TAGS, needed
from tests.support.sitecheck import read_site


def built_cluster_page(out: Path) -> PageSpec:
    """Build the fixture; the Dutch page of the cluster whose body is written in GFM."""
    result = build_into(FIXTURE_SITE, out)
    (spec,) = [p for p in result.pages if p.entry and p.entry.slug == "groen" and p.lang == "nl"]
    return spec


def test_a_built_page_shows_what_gfm_writes(tmp_path: Path) -> None:
    spec = built_cluster_page(tmp_path / "site")
    page = read_site(tmp_path / "site")[spec.url]
    body = page.tree.xpath("//div[@class='prose']")[0]
    assert [(h.tag, h.text) for h in body.xpath(".//h2|.//h3")] == [
        ("h2", "Aanpak"),
        ("h3", "Zo doe je mee"),
        (
            "h2",
            "Voetnoten",
        ),  # the notes' heading, for screen readers (tests/stages/test_footnotes.py)
    ]
    assert page.tree.xpath("//h1")[0].text_content() == spec.title
    boxes = body.xpath(".//ul/li/label/input[@type='checkbox'][@disabled]")
    assert [box.get("checked") is not None for box in boxes] == [True, False]
    assert body.xpath(".//td[@class='align-right']")[0].text == "40"
    assert body.xpath(".//del")[0].text == "Vorig jaar"
    assert "http://www.example.org" in body.xpath(".//p/a/@href")
    assert body.xpath(".//pre/code")[0].text == "themes: [water]\n"
    (reference,) = body.xpath(".//sup/a")
    assert reference.get("href").lstrip("#") in page.ids()
    anchors = [href for href in page.tree.xpath("//a/@href") if href.startswith("#")]
    assert len(anchors) >= 3  # the note and back (and the skip link)
    assert [href for href in anchors if href[1:] not in page.ids()] == []


@pytest.mark.browser
def test_a_page_with_every_gfm_feature_has_no_axe_violations(
    browser: Browser, tmp_path: Path
) -> None:
    """GitHub's bare task-list checkbox fails WCAG's 'label' rule; ours is labelled."""
    spec = built_cluster_page(tmp_path / "site")
    context = browser.new_context(bypass_csp=True)  # the CSP rightly refuses the inline axe
    context.add_init_script(path=needed(AXE_SCRIPT))
    with serve(tmp_path / "site") as base_url:
        page = context.new_page()
        page.goto(base_url + spec.url)
        assert page.locator("input[type=checkbox]").count() == 2
        found = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(result => result.violations.map(v => v.id))",
            WCAG_TAGS,
        )
    context.close()
    assert found == []
