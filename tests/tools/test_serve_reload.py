"""Reloading an open tab (sitegen/tools/serve_reload.py): after an edit, the reload stream tells
it, and a tab in a browser shows the edit by itself."""

from __future__ import annotations

import os
import queue
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.addresses import item_file, item_page
from tests.support.preview import WAIT, Preview


def listen_for_reload(preview: Preview) -> queue.Queue[str]:
    events: queue.Queue[str] = queue.Queue()

    def read() -> None:
        with urllib.request.urlopen(preview.url + "/__livereload", timeout=WAIT) as stream:
            for raw in stream:
                events.put(raw.decode().strip())

    threading.Thread(target=read, daemon=True).start()
    return events


def test_an_edit_shows_up_and_the_open_tab_is_told_to_reload(
    preview: Preview, tmp_path: Path
) -> None:
    status, page = preview.get(item_page("themes", "water", "en"))
    assert status == 200 and "Water and water storage." in page
    assert '<script src="/__livereload.js" defer></script>' in page
    events = listen_for_reload(preview)
    time.sleep(0.3)
    theme = tmp_path / "content" / "themes" / "water.yaml"
    theme.write_text(theme.read_text().replace("Water and water storage.", "Rivers and rain."))
    status, page = preview.wait_until(
        item_page("themes", "water", "en"), lambda s, b: "Rivers and rain." in b
    )
    assert "Rivers and rain." in page
    deadline = time.monotonic() + WAIT
    seen = []
    while "event: reload" not in seen and time.monotonic() < deadline:
        try:
            seen.append(events.get(timeout=1))
        except queue.Empty:
            continue
    assert "event: reload" in seen
    assert (
        "__livereload" not in (tmp_path / "site" / item_file("themes", "water", "en")).read_text()
    )


@pytest.mark.browser
def test_an_open_browser_tab_shows_the_edit_without_a_manual_reload(
    preview: Preview, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_FLAGS, chromium_path

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(preview.url + item_page("themes", "water", "en"))
        page.wait_for_timeout(500)  # let the tab connect to the reload stream
        theme = tmp_path / "content" / "themes" / "water.yaml"
        saved_by_editor = theme.with_name("water.yaml.tmp")  # saved atomically, as editors do
        saved_by_editor.write_text(theme.read_text().replace("Water and water storage.", "Dykes."))
        os.replace(saved_by_editor, theme)
        page.get_by_text("Dykes.").first.wait_for(timeout=WAIT * 1000)  # no page.reload() here
        assert "Dykes." in page.inner_text("main")
        browser.close()
