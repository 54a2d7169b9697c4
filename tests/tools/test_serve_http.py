"""The preview's web server (sitegen/tools/serve_http.py): only the site's own files, an answer
to any address, HEAD like GET, the site's 404 page, and many or stalling clients."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from sitegen.tools import serve
from sitegen.tools.serve_reload import reload_tag
from tests.support.addresses import home, item_page, not_found_page, site_path
from tests.support.builds import (
    ContentFactory,
)
from tests.support.preview import WAIT, Live, options_for


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
    assert served.fetch(item_page("themes", "water", "en"))[0] == 200  # and it still serves
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
    water = item_page("themes", "water", "en")
    (out / site_path(home("en")) / "also-water").symlink_to(out / site_path(water))  # inside
    also_water = home("en") + "also-water/"
    for path in ("/passwd", "/linked/", "/linked/inside.txt", also_water, "/static/"):
        status, _, body = served.fetch(path)
        assert status == 404, path
        assert b"secret" not in body and b"Directory listing" not in body
        assert b"<h1" in body  # the site's own 404 page
    status, headers, _ = served.fetch(water.rstrip("/"))
    assert (status, headers["Location"]) == (301, water)
    assert served.fetch("/static/css/site.css")[0] == 200


def test_head_and_get_agree_on_status_and_length(served: Live) -> None:
    for path in (
        "/", item_page("themes", "water", "en"), "/static/css/site.css", "/en/no/such/page/",
        "/__livereload.js", item_page("themes", "water", "en").rstrip("/"), "/%00",
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
        english, dutch = site_path(home("en")), site_path(home("nl"))  # language folders
        missing = {"en": english + "no/such/page/", "nl": dutch + "geen/pagina/"}
        for lang, path in missing.items():
            status, _, body = live.fetch(prefix + path)
            assert status == 404
            page = site_path(not_found_page(lang))
            assert body == (tmp_path / "site" / page).read_bytes().replace(
                b"</body>", reload_tag(prefix) + b"</body>", 1
            )
        in_english = lxml_html.fromstring(live.fetch(prefix + english + "x/")[2])
        in_dutch = lxml_html.fromstring(live.fetch(prefix + dutch + "x/")[2])
        assert (in_english.get("lang"), in_dutch.get("lang")) == ("en", "nl")
    finally:
        server.shutdown()
        server.server_close()


def request_bytes() -> bytes:
    """A request for the English water page, as a client sends it."""
    path = item_page("themes", "water", "en")
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
