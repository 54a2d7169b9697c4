"""The shipped site in Chromium, with its Content-Security-Policy in force: the language switch,
phones, keyboards, nothing from other hosts, no console errors, and screenshots for people."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from sitegen.model.page import PageSpec
from tests.support.addresses import SHIPPED_CONTENT, item_page, urls
from tests.support.builds import ServedSite
from tests.support.quality import DESKTOP, PHONE, PageLog, page_sample

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(__file__).parents[1] / "artifacts")


class Site:
    def __init__(self, base_url: str, pages: list[PageSpec]) -> None:
        self.base_url = base_url
        self.pages = {page.url: page for page in pages}
        self.sample = page_sample(pages)


@pytest.fixture(scope="module")
def site(shipped_site: ServedSite) -> Site:
    return Site(shipped_site.base_url, shipped_site.pages)


def new_tab(browser: Browser, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from new_tab(browser, PHONE)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from new_tab(browser, DESKTOP)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from new_tab(browser, request.param)


def path_of(page: Page) -> str:
    return "/" + page.url.split("/", 3)[-1]


def test_the_language_switch_lands_on_the_same_item_in_the_other_language(
    phone: Page, site: Site
) -> None:
    items = [spec for spec in site.sample if spec.entry is not None]
    accessibility = item_page("pages", "toegankelijkheid", "nl", SHIPPED_CONTENT)
    items.append(site.pages[accessibility])  # a page with a slug of its own in English
    switched = 0
    for spec in items:
        for lang in spec.translated - {spec.lang}:
            phone.goto(site.base_url + spec.url)
            with phone.expect_navigation():
                phone.click(f".language-switch a[hreflang={lang}]")
            target = site.pages[spec.alternates[lang]]
            assert path_of(phone) == target.url
            assert phone.locator("html").get_attribute("lang") == lang
            assert phone.locator("h1").inner_text() == target.title
            assert target.entry is spec.entry
            switched += 1
    assert switched == len(items) >= 17  # 8 kinds of item in each language, and one more


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, site: Site) -> None:
    too_wide = []
    for spec in site.sample:
        phone.goto(site.base_url + spec.url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            too_wide.append(f"{spec.url}: {width}px")
    assert len(site.sample) >= 38
    assert too_wide == []


def test_every_menu_link_is_on_screen_and_works_on_a_phone(phone: Page, site: Site) -> None:
    shipped = urls(SHIPPED_CONTENT)
    for home in (shipped.home("nl"), shipped.home("en")):
        phone.goto(site.base_url + home)
        links = phone.locator(".site-nav a")
        assert links.count() >= 8
        assert not links.first.is_visible()  # folded behind the menu button on a phone
        phone.click("summary.menu__button")
        for link in links.all():
            box = link.bounding_box()
            assert box is not None and link.is_visible()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE, link.inner_text()
            assert box["height"] >= 24, link.inner_text()  # WCAG 2.2 target size
        last = links.last
        href = last.get_attribute("href")
        with phone.expect_navigation():
            last.click()
        assert path_of(phone) == href


def test_the_phone_header_leaves_the_first_screen_to_the_content(phone: Page, site: Site) -> None:
    shipped = urls(SHIPPED_CONTENT)
    for lang in ("nl", "en"):
        phone.goto(site.base_url + shipped.section("events", lang))
        header = phone.locator("header").bounding_box()
        assert header is not None and header["height"] <= 140, (lang, header)  # was 245/290 px
        first_event = phone.locator("main .card").first.bounding_box()
        assert first_event is not None and first_event["y"] + 40 < 800, lang  # 800 px viewport


def test_tab_reaches_the_skip_link_first_and_enter_moves_focus_to_main(
    desktop: Page, site: Site
) -> None:
    for spec in site.sample:
        desktop.goto(site.base_url + spec.url)
        desktop.keyboard.press("Tab")
        focused = desktop.evaluate("document.activeElement.className")
        assert focused == "skip-link", spec.url
        box = desktop.locator(".skip-link").bounding_box()
        assert box is not None and box["width"] > 40 and box["y"] >= 0, spec.url  # visible
        desktop.keyboard.press("Enter")
        assert desktop.evaluate("document.activeElement.id") == "main", spec.url
        desktop.keyboard.press("Tab")
        assert desktop.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_the_menu_can_be_reached_and_followed_with_the_keyboard_alone(
    tab: Page, site: Site
) -> None:
    tab.goto(site.base_url + urls(SHIPPED_CONTENT).home("en"))
    menu = tab.locator(".site-nav a").evaluate_all("links => links.map(a => a.href)")
    reached = []
    for _ in range(len(menu) + 10):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.href || '', s.outlineStyle, s.outlineWidth]; }"
        )
        assert focused[1] != "none" and focused[2] != "0px", focused  # focus is visible
        if tab.evaluate("document.activeElement.matches('summary.menu__button')"):
            tab.keyboard.press("Enter")  # a phone's menu opens from its button
        if focused[0] in menu:
            reached.append(focused[0])
        if reached == menu:
            break
    assert reached == menu  # every menu link, in reading order
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url == menu[-1]


def test_pages_load_nothing_from_other_hosts_set_no_cookies_and_log_no_errors(
    desktop: Page, site: Site
) -> None:
    log = PageLog()
    log.attach(desktop)
    for spec in site.sample:
        desktop.goto(site.base_url + spec.url)
    shipped = urls(SHIPPED_CONTENT)
    for lang, words in (("nl", "water"), ("en", "hotspot")):
        desktop.goto(site.base_url + shipped.search(lang))
        desktop.fill("#search input", words)
        desktop.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    desktop.goto(site.base_url + shipped.section("events", "nl"))
    desktop.select_option("select[name=themes]", "biodiversiteit")
    assert len(log.requests) > len(site.sample)
    assert log.foreign_requests(site.base_url) == []
    assert log.console_errors == []  # CSP violations and missing files are console errors
    assert desktop.context.cookies() == []


def test_the_content_security_policy_refuses_inline_script(phone: Page, site: Site) -> None:
    log = PageLog()
    log.attach(phone)
    phone.goto(site.base_url + "/")
    ran = phone.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.head.append(s);"
        " return window.injected === true; }"
    )
    assert ran is False
    assert any("Content Security Policy" in error for error in log.console_errors)


def png_width(path: Path) -> int:
    width: int = struct.unpack(">I", path.read_bytes()[16:20])[0]
    return width


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_screenshots_of_the_home_page_are_written_for_people(
    browser: Browser, site: Site, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site.base_url + "/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"home-{width}.png"
    page.screenshot(path=target, full_page=True)
    context.close()
    assert png_width(target) == width
