"""Interface strings that scripts show, in a real browser: in the page's language, and counts in
the right grammatical number."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from lxml import html as lxml_html
from playwright.sync_api import Page

from sitegen.model.page import PageSpec
from tests.support.browser import serve
from tests.support.builds import FIXTURE_SITE, build_into

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[PageSpec]]]:
    out = tmp_path_factory.mktemp("i18n-browser") / "site"
    result = build_into(FIXTURE_SITE, out)
    assert result.written, [p.format() for p in result.errors]
    with serve(out) as base_url:
        yield base_url, result.pages


def url_of(pages: list[PageSpec], template: str, lang: str) -> str:
    return next(p.url for p in pages if p.template == template and p.lang == lang)


def english_words(pages: list[PageSpec], base_url: str, page: Page) -> dict[str, str]:
    """What the English search page gives Pagefind, read from its HTML (not from the catalog)."""
    page.goto(base_url + url_of(pages, "search.html", "en"))
    box = lxml_html.fromstring(page.content()).get_element_by_id("search")
    words: dict[str, str] = json.loads(box.get("data-translations"))
    return words


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_search_box_speaks_the_pages_language(
    built: tuple[str, list[PageSpec]], page: Page, lang: str
) -> None:
    """Pagefind's own Dutch translation labels its clear button 'Reset'; the site's words for
    the box come from its catalog in the page's language."""
    base_url, pages = built
    english = english_words(pages, base_url, page)
    page.goto(base_url + url_of(pages, "search.html", lang))
    page.fill("#search input", "netwerk")
    clear = page.locator(".pagefind-ui__search-clear")
    clear.wait_for(state="visible", timeout=15_000)
    shown = {
        "clear_search": clear.inner_text().strip(),
        "placeholder": page.get_attribute("#search input", "placeholder") or "",
        "search_label": page.get_attribute("#search form", "aria-label") or "",
    }
    tree = lxml_html.fromstring(page.content())
    given: dict[str, str] = json.loads(tree.get_element_by_id("search").get("data-translations"))
    assert shown == {key: given[key] for key in shown}
    assert ("Reset" in shown.values()) is False
    if lang != "en":
        assert not set(shown.values()) & set(english.values())  # not English on a Dutch page


@pytest.mark.parametrize(
    ("lang", "one", "several"),
    [
        ("nl", "1 activiteit getoond", "{} activiteiten getoond"),
        ("en", "1 event shown", "{} events shown"),
    ],
)
def test_the_agenda_filter_counts_what_it_shows_in_the_right_number(
    built: tuple[str, list[PageSpec]], page: Page, lang: str, one: str, several: str
) -> None:
    base_url, pages = built
    page.goto(base_url + url_of(pages, "section_events.html", lang))
    status = page.locator(".agenda-filter-form [role=status]")
    shown = page.locator(".event-card:visible")
    assert shown.count() > 1
    assert status.inner_text() == several.format(shown.count())
    choices = page.locator("select[name=themes] option")
    for value in [choices.nth(n).get_attribute("value") for n in range(choices.count())]:
        page.select_option("select[name=themes]", value or "")
        if shown.count() == 1:
            assert status.inner_text() == one
            return
    pytest.fail("no theme shows exactly one event")
