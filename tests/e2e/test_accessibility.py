"""axe-core's WCAG 2.2 A and AA rules find nothing on a page of every kind, in both languages,
at desktop and phone width, and on the pages' JavaScript states (search results, agenda filter).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from sitegen.model.page import PageSpec
from tests.support.builds import ServedSite
from tests.support.quality import AXE_SCRIPT, DESKTOP, PHONE, WCAG_TAGS, needed, page_sample

Site = tuple[str, list[PageSpec]]


@pytest.fixture(scope="module")
def site(shipped_site: ServedSite) -> Site:
    return shipped_site.base_url, page_sample(shipped_site.pages)


def tab(browser: Browser, width: int) -> Page:
    """A tab that loads axe into every page (as an inline script: the site's own CSP would
    rightly refuse it, so this tab bypasses the CSP)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.add_init_script(path=needed(AXE_SCRIPT))
    return context.new_page()


def axe_violations(page: Page) -> list[str]:
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    path = page.url.split("/", 3)[-1]
    return [
        f"/{path}: {v['id']} ({v['impact']}) at {[node['target'] for node in v['nodes']]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_of_page_has_no_axe_violations(
    browser: Browser, site: Site, lang: str, width: int
) -> None:
    base_url, sample = site
    pages = [spec for spec in sample if spec.lang == lang]
    assert len(pages) >= 19  # home, 7 lists, 8 item kinds, agenda filter, search, 404
    page = tab(browser, width)
    violations = []
    for spec in pages:
        page.goto(base_url + spec.url)
        violations += axe_violations(page)
    page.context.close()
    assert violations == []


@pytest.mark.parametrize(("url", "words"), [("/zoeken/", "water"), ("/en/search/", "water")])
def test_search_results_have_no_axe_violations(
    browser: Browser, site: Site, url: str, words: str
) -> None:
    page = tab(browser, DESKTOP)
    page.goto(site[0] + url)
    page.fill("#search input", words)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    assert axe_violations(page) == []
    page.context.close()


def test_the_agenda_filter_form_has_no_axe_violations(browser: Browser, site: Site) -> None:
    page = tab(browser, PHONE)
    page.goto(site[0] + "/agenda/")
    page.select_option("select[name=themes]", "biodiversiteit")
    assert axe_violations(page) == []
    page.context.close()
