"""The live preview end to end: serve on a free port, edit, break, fix and delete content."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitegen import serve
from sitegen.pipeline import PROJECT_ROOT, BuildOptions
from tests.conftest import ContentFactory

WAIT = 20.0


class Preview:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_until(self, path: str, test: Callable[[int, str], bool]) -> tuple[int, str]:
        deadline = time.monotonic() + WAIT
        while True:
            status, body = self.get(path)
            if test(status, body) or time.monotonic() > deadline:
                return status, body
            time.sleep(0.1)


@pytest.fixture
def preview(content: ContentFactory, tmp_path: Path) -> Iterator[Preview]:
    root = content()
    command = [
        sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--port", "0",
        "--content", str(root), "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "cache"),
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)
    output = process.stdout
    assert output is not None
    lines: queue.Queue[str] = queue.Queue()

    def forward() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=forward, daemon=True).start()
    url = ""
    deadline = time.monotonic() + WAIT
    while not url and time.monotonic() < deadline:
        try:
            found = re.search(r"http://127\.0\.0\.1:\d+", lines.get(timeout=1))
            url = found.group(0) if found else ""
        except queue.Empty:
            continue
    try:
        assert url, "the preview server did not say where it listens"
        yield Preview(process, url)
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    status, page = preview.get("/en/themes/water/")
    assert status == 200 and "Water and water storage." in page
    assert '<script src="/__livereload.js" defer></script>' in page
    events = listen_for_reload(preview)
    time.sleep(0.3)
    theme = tmp_path / "content" / "themes" / "water.yaml"
    theme.write_text(theme.read_text().replace("Water and water storage.", "Rivers and rain."))
    status, page = preview.wait_until("/en/themes/water/", lambda s, b: "Rivers and rain." in b)
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
        "__livereload"
        not in (tmp_path / "site" / "en" / "themes" / "water" / "index.html").read_text()
    )


def test_invalid_content_shows_the_errors_and_fixing_it_brings_the_page_back(
    preview: Preview, tmp_path: Path
) -> None:
    theme = tmp_path / "content" / "themes" / "water.yaml"
    good = theme.read_text()
    theme.write_text(good.replace("title: Water", "tilte: Water", 1))
    status, page = preview.wait_until("/themas/water/", lambda s, b: s == 500)
    assert status == 500
    assert "themes/water.yaml:2" in page and "did you mean &#x27;title&#x27;?" in page
    theme.write_text(good)
    status, page = preview.wait_until("/themas/water/", lambda s, b: s == 200)
    assert status == 200 and "<h1>Water</h1>" in page


def test_a_deleted_file_takes_its_page_away(preview: Preview, tmp_path: Path) -> None:
    assert preview.get("/centra/pps/")[0] == 200
    (tmp_path / "content" / "centres" / "pps.yaml").unlink()
    status, _ = preview.wait_until("/centra/pps/", lambda s, b: s == 404)
    assert status == 404


def test_editor_temporary_files_are_ignored_and_a_burst_of_saves_settles(
    preview: Preview, tmp_path: Path
) -> None:
    themes = tmp_path / "content" / "themes"
    (themes / ".water.yaml.swp").write_text("not yaml: [")
    (themes / "water.yaml~").write_text("not yaml: [")
    theme = themes / "water.yaml"
    original = theme.read_text()
    for number in range(10):
        theme.write_text(original.replace("Water and water storage.", f"Version {number}."))
        time.sleep(0.02)
    status, page = preview.wait_until("/en/themes/water/", lambda s, b: "Version 9." in b)
    assert status == 200 and "Version 9." in page


@pytest.mark.browser
def test_an_open_browser_tab_shows_the_edit_without_a_manual_reload(
    preview: Preview, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(preview.url + "/en/themes/water/")
        page.wait_for_timeout(500)  # let the tab connect to the reload stream
        theme = tmp_path / "content" / "themes" / "water.yaml"
        saved_by_editor = theme.with_name("water.yaml.tmp")  # saved atomically, as editors do
        saved_by_editor.write_text(theme.read_text().replace("Water and water storage.", "Dykes."))
        os.replace(saved_by_editor, theme)
        page.get_by_text("Dykes.").first.wait_for(timeout=WAIT * 1000)  # no page.reload() here
        assert "Dykes." in page.inner_text("main")
        browser.close()


def test_a_preview_left_running_overnight_builds_again_for_the_new_day(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = BuildOptions(content_dir=content(), out_dir=tmp_path / "site", cache_dir=None)
    running = serve.Preview(options, port=0, log=lambda _: None)
    running.rebuild()
    assert not running.a_new_day()
    tomorrow = date.today() + timedelta(days=1)
    monkeypatch.setattr(serve, "date", type("Tomorrow", (date,), {"today": lambda: tomorrow}))
    assert running.a_new_day()
    running.rebuild()
    assert running.built_for == tomorrow and not running.a_new_day()
    fixed = serve.Preview(options, port=0, log=lambda _: None, fixed_today=True)
    fixed.rebuild()
    assert not fixed.a_new_day()  # --today given: that day it stays
