"""The live preview (sitegen/tools/serve.py) end to end: serve on a free port, edit, break, fix
and delete content; refuse a folder it does not own."""

from __future__ import annotations

import copy
import errno
import http.client
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from sitegen import pipeline
from sitegen.pipeline import PROJECT_ROOT, BuildOptions
from sitegen.stages import render, write
from sitegen.tools import serve
from tests.support.builds import (
    FIXTURE_SITE,
    TODAY,
    ContentFactory,
    a_site_folder,
    run_cli,
)
from tests.support.files import every_file, someones_folder

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

    from tests.support.browser import CHROMIUM_FLAGS, chromium_path

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


class Live:
    """A Preview building, serving and watching in a thread of this process."""

    def __init__(self, preview: serve.Preview) -> None:
        self.preview = preview
        self.console: list[str] = []
        self.url = ""
        preview.log = self.console.append

    def fetch(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body, redirects not followed."""
        connection = http.client.HTTPConnection(self.url.removeprefix("http://"), timeout=5)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_until(self, path: str, test: Callable[[int, str], bool]) -> tuple[int, str]:
        deadline = time.monotonic() + WAIT
        while True:
            status, _, body = self.fetch(path)
            if test(status, body.decode()) or time.monotonic() > deadline:
                return status, body.decode()
            time.sleep(0.1)

    def tracebacks(self) -> int:
        return "\n".join(self.console).count("Traceback (most recent call last)")

    def failures(self) -> int:
        """How many rebuilds failed so far, as the console says."""
        return sum(line.startswith("error: the preview") for line in self.console)


@contextmanager
def running(preview: serve.Preview) -> Iterator[Live]:
    preview.restart_on_code_change = False  # an edit of the engine meanwhile: not pytest's exec
    live = Live(preview)
    thread = threading.Thread(target=preview.serve_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not live.url and time.monotonic() < deadline:
        said = [re.search(r"http://127\.0\.0\.1:\d+", line) for line in live.console]
        live.url = next((found.group(0) for found in said if found), "")
        time.sleep(0.05)
    try:
        assert live.url, live.console
        yield live
    finally:
        preview.stop.set()
        thread.join(timeout=WAIT)
        assert not thread.is_alive()


def options_for(root: Path, tmp_path: Path, **changes: object) -> BuildOptions:
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    return replace(options, **changes)  # type: ignore[arg-type]


@pytest.fixture
def live(content: ContentFactory, tmp_path: Path) -> Iterator[Live]:
    preview = serve.Preview(options_for(content(), tmp_path), port=0, fixed_today=True)
    with running(preview) as started:
        yield started


def save_theme(tmp_path: Path, summary: str) -> None:
    """An editor's save of the water theme with a new summary."""
    theme = tmp_path / "content" / "themes" / "water.yaml"
    text = re.sub(r"Water and water storage\.|Saved \d+\.", summary, theme.read_text())
    theme.write_text(text)


def raises(error: Exception) -> Callable[..., object]:
    """A function that fails as the engine would: with a new exception at each call."""

    def fail(*_: object, **__: object) -> object:
        raise copy.copy(error)

    return fail


DISK_FULL = OSError(errno.ENOSPC, "No space left on device", "site/x")


@pytest.mark.parametrize(
    ("failing", "error", "title", "traceback_shown"),
    [
        ([(pipeline, "calendar_files")], ValueError("year 10001 is out of range"),
         "The preview hit an internal error", True),
        ([(render, "structured_data")], KeyError("startDate"), "The preview hit an internal error",
         True),
        ([(pipeline, "write_site"), (write.StagedSite, "publish")], DISK_FULL,
         "The preview could not read or write a file", False),
    ],
)  # fmt: skip
def test_a_failing_rebuild_is_shown_on_the_page_and_the_next_save_brings_the_site_back(
    live: Live,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: list[tuple[object, str]],
    error: Exception,
    title: str,
    traceback_shown: bool,
) -> None:
    """A fault injected into the engine, as a far year in calendar.py was."""
    for owner, function in failing:
        monkeypatch.setattr(owner, function, raises(error))
    save_theme(tmp_path, "Saved 1.")
    status, page = live.wait_until("/en/themes/water/", lambda s, b: s == 500)
    assert status == 500 and title in page and str(error.args[-1]) in page
    assert "Traceback" not in page and "save" in page  # what to do, not how the code failed
    assert live.tracebacks() == (1 if traceback_shown else 0)
    assert live.fetch("/static/css/site.css")[0] == 200  # the error page's stylesheet
    assert live.failures() == 1
    save_theme(tmp_path, "Saved 2.")
    live.wait_until("/en/themes/water/", lambda s, b: live.failures() == 2)
    assert live.failures() == 2 and live.tracebacks() == (
        1 if traceback_shown else 0
    )  # the same error: printed once
    monkeypatch.undo()
    save_theme(tmp_path, "Saved 3.")
    status, page = live.wait_until("/en/themes/water/", lambda s, b: "Saved 3." in b)
    assert status == 200 and "Saved 3." in page


def test_the_preview_starts_even_when_its_first_build_fails(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        pipeline, "calendar_files", raises(OverflowError("date value out of range"))
    )
    preview = serve.Preview(options_for(content(), tmp_path), port=0, fixed_today=True)
    with running(preview) as started:
        status, page = started.wait_until("/", lambda s, b: s == 500)
        assert status == 500 and "OverflowError: date value out of range" in page
        assert "in sitegen/pipeline.py, line" in page  # where, for whoever fixes it
        assert started.fetch("/en/themes/water/")[0] == 500


def test_a_template_mistake_names_the_template_and_line_without_a_traceback(
    tmp_path: Path,
) -> None:
    site = a_site_folder(tmp_path / "mine")
    options = options_for(
        site / "content", tmp_path, templates_dir=site / "templates", static_dir=site / "static"
    )
    template = site / "templates" / "theme.html"
    good = template.read_text()
    with running(serve.Preview(options, port=0, fixed_today=True)) as started:
        template.write_text(good + "{% if %}\n")
        status, page = started.wait_until("/en/themes/water/", lambda s, b: s == 500)
        assert status == 500 and "templates/theme.html:2" in page
        assert "template syntax error" in page and started.tracebacks() == 0
        assert str(tmp_path) not in page
        template.write_text(good)
        status, page = started.wait_until("/en/themes/water/", lambda s, b: s == 200)
        assert status == 200 and "Water and water storage." in page


def test_the_error_page_shows_no_path_of_the_machine(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = tmp_path / "content" / "themes" / "water.yaml"
    good = theme.read_text()
    theme.write_text(good.replace("title: Water", "tilte: Water", 1))
    status, page = live.wait_until("/themas/water/", lambda s, b: s == 500)
    assert status == 500 and "content/themes/water.yaml:2" in page
    written = OSError(errno.EACCES, "Permission denied", str(tmp_path / "site" / "index.html"))
    monkeypatch.setattr(pipeline, "write_site", raises(written))
    theme.write_text(good)
    status, failed = live.wait_until("/", lambda s, b: "Permission denied" in b)
    assert "Permission denied: &#x27;site/index.html&#x27;" in failed
    monkeypatch.undo()
    (tmp_path / "site" / "notes.txt").write_text("mine")  # the build refuses the folder now
    save_theme(tmp_path, "Saved 1.")
    status, refused = live.wait_until("/", lambda s, b: "notes.txt" in b)
    assert "refusing to publish into site" in refused
    for shown in (page, failed, refused):
        assert str(tmp_path) not in shown and str(tmp_path.resolve()) not in shown
        assert "pytest-of" not in shown  # not relative to the working folder either: ../../tmp


@pytest.fixture
def served(content: ContentFactory, tmp_path: Path) -> Iterator[Live]:
    """A preview of a built site, served but not watching."""
    preview = serve.Preview(options_for(content(), tmp_path), port=0, fixed_today=True)
    preview.log = lambda _: None
    assert preview.rebuild().written
    server = preview.start_server()
    live = Live(preview)
    live.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield live
    finally:
        server.shutdown()
        server.server_close()


def test_malformed_addresses_get_an_answer_and_no_traceback(
    served: Live, capfd: pytest.CaptureFixture[str]
) -> None:
    assert served.fetch("/%00")[0] == 400
    assert served.fetch("/en/%00/x.html")[0] == 400
    assert served.fetch("/" + "a" * 300 + "/")[0] == 404
    assert served.fetch("/en/" + quote("é" * 200) + ".html")[0] == 404
    assert served.fetch("/" + "a/" * 3000)[0] == 404  # longer than any path may be
    assert served.fetch("/en/themes/water/")[0] == 200  # and it still serves
    assert "Traceback" not in capfd.readouterr().err


def test_only_the_sites_own_files_are_served_never_a_link_or_a_folder_listing(
    served: Live, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    secret = tmp_path / "secret.txt"
    secret.write_text("the machine's secret")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "inside.txt").write_text("the machine's secret")
    (out / "passwd").symlink_to(secret)
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    (out / "en" / "also-water").symlink_to(out / "en" / "themes" / "water")  # inside, still
    for path in ("/passwd", "/linked/", "/linked/inside.txt", "/en/also-water/", "/static/"):
        status, _, body = served.fetch(path)
        assert status == 404, path
        assert b"secret" not in body and b"Directory listing" not in body
        assert b"<h1" in body  # the site's own 404 page
    status, headers, _ = served.fetch("/en/themes/water")
    assert (status, headers["Location"]) == (301, "/en/themes/water/")
    assert served.fetch("/static/css/site.css")[0] == 200


def test_head_and_get_agree_on_status_and_length(served: Live) -> None:
    for path in (
        "/", "/en/themes/water/", "/static/css/site.css", "/en/no/such/page/",
        "/__livereload.js", "/en/themes/water", "/%00",
    ):  # fmt: skip
        got, got_headers, body = served.fetch(path)
        head, head_headers, nothing = served.fetch(path, "HEAD")
        assert (head, nothing) == (got, b""), path
        assert head_headers["Content-Length"] == got_headers["Content-Length"] == str(len(body))
        assert head_headers["Content-Type"] == got_headers["Content-Type"], path


@pytest.mark.parametrize("base_url", [None, "https://user.github.io/repo/sub/"])
def test_a_missing_page_gets_the_sites_own_404_page_in_its_language(
    content: ContentFactory, tmp_path: Path, base_url: str | None
) -> None:
    options = options_for(content(), tmp_path, base_url=base_url)
    preview = serve.Preview(options, port=0, fixed_today=True, log=lambda _: None)
    assert preview.rebuild().written
    server = preview.start_server()
    live = Live(preview)
    live.url = f"http://127.0.0.1:{server.server_port}"
    prefix = preview.state.prefix
    try:
        for path, page in (("en/no/such/page/", "en/404.html"), ("geen/pagina/", "404.html")):
            status, _, body = live.fetch(prefix + path)
            assert status == 404
            assert body == (tmp_path / "site" / page).read_bytes().replace(
                b"</body>", serve.reload_tag(prefix) + b"</body>", 1
            )
        english = lxml_html.fromstring(live.fetch(prefix + "en/x/")[2])
        dutch = lxml_html.fromstring(live.fetch(prefix + "x/")[2])
        assert (english.get("lang"), dutch.get("lang")) == ("en", "nl")
    finally:
        server.shutdown()
        server.server_close()


def request_bytes(path: str = "/en/themes/water/") -> bytes:
    return f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()


def test_a_hundred_clients_at_once_are_all_answered(
    content: ContentFactory, tmp_path: Path
) -> None:
    preview = serve.Preview(options_for(content(), tmp_path), port=0, log=lambda _: None)
    assert preview.rebuild().written
    with preview.bind() as server:  # listening, but busy: not answering yet
        port = server.server_port
        with ExitStack() as connected:  # each client in turn, before any is answered
            clients = [
                connected.enter_context(socket.create_connection(("127.0.0.1", port), timeout=3))
                for _ in range(100)
            ]
            preview.start_serving(server)
            try:
                for client in clients:
                    client.sendall(request_bytes())
                with ThreadPoolExecutor(max_workers=100) as pool:  # at once: seconds at most
                    answers = list(pool.map(lambda c: c.makefile("rb").readline(), clients))
                assert answers == [b"HTTP/1.0 200 OK\r\n"] * 100
                url = f"http://127.0.0.1:{port}/en/themes/water/"
                with ThreadPoolExecutor(max_workers=100) as pool:  # and 100 at the same moment
                    statuses = list(pool.map(lambda _: urlopen_status(url), range(100)))
                assert statuses == [200] * 100
            finally:
                server.shutdown()


def closed_before(client: socket.socket, deadline: float) -> bool:
    """Whether the server closes the connection, answering nothing, before the deadline."""
    client.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        return client.recv(100) == b""
    except TimeoutError:
        return False


def urlopen_status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:
        return int(response.status)


def test_clients_that_stall_are_given_up_and_hold_no_thread(
    content: ContentFactory, tmp_path: Path
) -> None:
    preview = serve.Preview(
        options_for(content(), tmp_path), port=0, log=lambda _: None, connection_timeout=0.5
    )
    assert preview.rebuild().written
    threads_before = threading.active_count()
    server = preview.start_server()
    try:
        stalled = []
        for _ in range(100):
            client = socket.create_connection(("127.0.0.1", server.server_port), timeout=5)
            client.sendall(b"GET /en/themes/water/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no end
            stalled.append(client)
        url = f"http://127.0.0.1:{server.server_port}/en/themes/water/"
        assert urllib.request.urlopen(url, timeout=5).status == 200  # meanwhile, others get in
        given_up_by = time.monotonic() + 4  # the timeout is 0.5 s: plenty on a busy machine
        closed = [closed_before(client, given_up_by) for client in stalled]
        assert closed == [True] * 100  # by the server, with nothing sent
        deadline = time.monotonic() + WAIT
        while threading.active_count() > threads_before + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert threading.active_count() <= threads_before + 1  # the server's own thread
        for client in stalled:
            client.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("port", ["99999", "-5", "65536", "eighty", "\uff18\uff10"])
def test_a_port_that_cannot_be_is_refused_before_anything_is_built(
    tmp_path: Path, port: str
) -> None:
    out = tmp_path / "site"
    result = run_cli("serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", port)
    assert result.returncode == 2
    assert "--port" in result.stderr and "expected a port from 1 to 65535" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_port_in_use_is_said_at_once_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run_cli("serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", port)
    assert result.returncode == 2
    assert f"--port {port}: cannot listen on it" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_the_preview_refuses_a_folder_it_does_not_own_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    before = someones_folder(out)
    command = ["serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", "0"]
    result = run_cli(*command)
    assert result.returncode == 2
    assert f"refusing to publish into {out}" in result.stderr and "Traceback" not in result.stderr
    assert every_file(out) == before


def test_the_preview_keeps_serving_when_a_file_appears_in_its_folder(
    content: ContentFactory, tmp_path: Path
) -> None:
    """A file saved into the preview's folder is never deleted: one in a subfolder stays
    through later rebuilds (each step that replaces or deletes checks the record); one at the
    top changes the folder, so the preview looks again and shows the refusal instead."""
    root, out = content(), tmp_path / "site"
    preview = serve.Preview(BuildOptions(content_dir=root, out_dir=out), port=0, log=print)
    assert preview.rebuild().written
    (out / "agenda" / "mine.txt").write_bytes(b"mine")
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text() + "capacity: {min: 5, max: 12}\n")
    assert preview.rebuild().written
    assert (out / "agenda" / "mine.txt").read_bytes() == b"mine"
    (out / "notes.txt").write_bytes(b"notes")
    result = preview.rebuild()
    assert not result.written and len(result.errors) == 1
    assert "holds 2 files this build did not write (agenda/mine.txt, notes.txt)" in str(
        result.errors[0].message
    )
    assert preview.state.problems == result.problems  # every page of the preview says so
    assert (out / "notes.txt").read_bytes() == b"notes"
