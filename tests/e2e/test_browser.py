"""The built site in a real browser: search in each language (also over the merged bundles of
a large site) and the in-page agenda filter."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page

from sitegen.outputs import search as search_output
from sitegen.outputs.search import bundle_of
from sitegen.outputs.search_bundle import Bundle
from sitegen.pipeline import PROJECT_ROOT
from tests.support.addresses import SHIPPED_CONTENT, item_page, search_bundle, urls
from tests.support.browser import serve
from tests.support.builds import ServedSite, build_into


@pytest.fixture(scope="module")
def base_url(shipped_site: ServedSite) -> str:
    return shipped_site.base_url


def search(page: Page, url: str, words: str, expected: str) -> list[str]:
    """Search, wait until the expected page is among the results (Pagefind shows them as they
    load), and return every result link."""
    page.goto(url)
    page.fill("#search input", words)
    page.locator(f".pagefind-ui__result-link[href='{expected}']").wait_for(timeout=15_000)
    links = page.locator(".pagefind-ui__result-link")
    return [link.get_attribute("href") or "" for link in links.all()]


def bundle_files(page: Page) -> list[str]:
    """The paths of every Pagefind file the page loads from now on (filled as it loads them)."""
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def only_from(bundle: str, paths: list[str]) -> bool:
    loaded = [path for path in paths if "pagefind" in path]
    return bool(loaded) and all(path.startswith(bundle) for path in loaded)


def test_dutch_search_finds_the_cluster_page_in_dutch(page: Page, base_url: str) -> None:
    shipped = urls(SHIPPED_CONTENT)
    expected = item_page("clusters", "natuur-leefomgeving", "nl", SHIPPED_CONTENT)
    loaded = bundle_files(page)
    results = search(page, base_url + shipped.search("nl"), "groenvoorziening", expected)
    assert expected in results
    assert not any(href.startswith(shipped.home("en")) for href in results)
    assert only_from(search_bundle("nl").url, loaded)  # the Dutch bundle: Dutch pages only


def test_english_search_finds_the_cluster_page_in_english(page: Page, base_url: str) -> None:
    shipped = urls(SHIPPED_CONTENT)
    expected = item_page("clusters", "natuur-leefomgeving", "en", SHIPPED_CONTENT)
    loaded = bundle_files(page)
    results = search(page, base_url + shipped.search("en"), "garden centres", expected)
    assert expected in results
    assert all(href.startswith(shipped.home("en")) for href in results)
    assert only_from(search_bundle("en").url, loaded)


def test_the_agenda_filter_hides_events_of_other_themes(page: Page, base_url: str) -> None:
    page.goto(base_url + urls(SHIPPED_CONTENT).section("events", "en"))
    all_cards = page.locator(".event-card:visible").count()
    page.select_option("select[name=themes]", "biodiversiteit")
    shown = page.locator(".event-card:visible")
    assert 0 < shown.count() < all_cards
    for card in shown.all():
        assert "biodiversiteit" in (card.get_attribute("data-themes") or "").split()


@pytest.fixture(scope="module")
def shared_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built as a large site is: three search bundles per language."""
    out = tmp_path_factory.mktemp("shared-served") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_output, "BUNDLE_ITEMS", 20)
        assert build_into(PROJECT_ROOT / "content", out).written
    return out


@pytest.mark.parametrize("number", [2, 3])
def test_search_merges_every_bundle_of_a_large_site(
    page: Page, shared_out: Path, number: int
) -> None:
    """A page indexed in a bundle other than the first is found from the search page."""
    bundles = [Bundle("en", n, language_folder="en") for n in (1, 2, 3)]
    shipped = urls(SHIPPED_CONTENT)

    def theme_page(slug: str) -> str:
        return item_page("themes", slug, "en", SHIPPED_CONTENT)

    themes = sorted((PROJECT_ROOT / "content" / "themes").glob("*.yaml"))
    slug = next(
        path.stem
        for path in themes
        if bundle_of(shipped.output_path(theme_page(path.stem)), bundles).number == number
    )
    title = yaml.safe_load((PROJECT_ROOT / "content" / "themes" / f"{slug}.yaml").read_text())
    loaded = bundle_files(page)
    with serve(shared_out) as base_url:
        expected = theme_page(slug)
        results = search(page, base_url + shipped.search("en"), title["en"]["title"], expected)
    assert expected in results
    assert any(path.startswith(bundles[number - 1].url) for path in loaded)
