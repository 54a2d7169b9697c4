"""An item's image loads in Chromium under the site's CSP, and the variant the browser picks
fits the screen: a phone downloads less than a desktop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Response

from tests.support.browser import serve
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.images import with_images

pytestmark = pytest.mark.browser
NEWS_PAGE = "/nieuws/start-netwerk/"


def _image_bytes(browser: Browser, base: str, width: int) -> tuple[int, list[str]]:
    """(bytes of images downloaded, CSP complaints) for the news page at this width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    complaints: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if "Content Security" in message.text:
            complaints.append(message.text)

    def received(response: Response) -> None:
        if "/media/" in response.url and response.ok:
            sizes.append(len(response.body()))

    page.on("console", heard)
    page.on("response", received)
    page.goto(base + NEWS_PAGE)
    lead = page.locator("picture.picture-page img")
    lead.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('picture.picture-page img').complete")
    assert lead.evaluate("img => img.naturalWidth") > 0
    assert lead.evaluate("img => img.currentSrc").endswith(".webp")
    context.close()
    return sum(sizes), complaints


def test_the_lead_image_loads_under_the_csp_and_fits_the_screen(
    browser: Browser, tmp_path: Path
) -> None:
    content = with_images(Path(shutil.copytree(FIXTURE_SITE, tmp_path / "content")))
    assert build_into(content, tmp_path / "site").ok
    with serve(tmp_path / "site") as base:
        phone, phone_complaints = _image_bytes(browser, base, 375)
        desktop, desktop_complaints = _image_bytes(browser, base, 1280)
    assert not phone_complaints and not desktop_complaints
    assert 0 < phone <= desktop
    print(f"image bytes on {NEWS_PAGE}: {phone} at 375 px, {desktop} at 1280 px")
