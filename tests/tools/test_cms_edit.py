"""`build.py edit` (sitegen/tools/edit.py, edit_http.py): the CMS, its local backend and the
live preview start on 127.0.0.1 and stop together; the admin's server serves only the CMS's
files, under its own policy, and passes on only its own page's requests."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools.edit import (
    export_admin,
    free_port,
    missing_tools,
    start_backend,
    stop,
    wait_for_port,
)
from sitegen.tools.edit_http import ADMIN, EditServer, admin_file
from tests.support.builds import a_site_folder

STARTUP = 60.0


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def get(
    url: str, headers: dict[str, str] | None = None, data: bytes | None = None
) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read(), dict(refused.headers)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return a_site_folder(tmp_path / "site")


@contextmanager
def backend_of(site: Path) -> Iterator[int]:
    """decap-server over site while the block runs: its port."""
    if missing_tools():
        pytest.skip("; ".join(missing_tools()))
    port = free_port()
    backend = start_backend(site, port)
    try:
        assert wait_for_port(port, backend, STARTUP)
        yield port
    finally:
        stop([backend])


@pytest.fixture
def server(site: Path) -> Iterator[EditServer]:
    with backend_of(site) as port:
        made = EditServer(0, site, port, "http://127.0.0.1:1/")
        threading.Thread(target=made.serve_forever, daemon=True).start()
        yield made
        made.shutdown()
        made.server_close()


def test_build_py_edit_starts_both_on_127_0_0_1_and_ctrl_c_stops_them(site: Path) -> None:
    if missing_tools():
        pytest.skip("; ".join(missing_tools()))
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "edit", "--root", str(site),
               "--port", "0", "--preview-port", "0"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        said = [process.stdout.readline() for _ in range(3)]
        editor = re.search(r"web editor: (http://127\.0\.0\.1:(\d+)/admin/)", said[0])
        preview = re.search(r"live preview: http://127\.0\.0\.1:(\d+)/", said[1])
        assert editor and preview, said
        status, page, _ = get(editor[1])
        assert status == 200 and b"decap-cms.js" in page
        ports = [int(editor[2]), int(preview[1])]
        assert wait_for_port(ports[1], process, STARTUP)  # the preview's first build
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert not any(listening(port) for port in ports)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_admin_serves_the_cms_under_its_own_policy(server: EditServer) -> None:
    status, body, headers = get(f"{server.origin}{ADMIN}config.json")
    assert status == 200 and json.loads(body)["publish_mode"] == "editorial_workflow"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, body, _ = get(f"{server.origin}{ADMIN}decap-cms.js")
    assert status == 200 and len(body) > 1_000_000
    status, body, _ = get(f"{server.origin}{ADMIN}site.css")
    assert status == 200 and body == (PROJECT_ROOT / "static" / "css" / "site.css").read_bytes()


@pytest.mark.parametrize(
    "name",
    ["../content/site.yaml", "..%2Fbuild.py", ".env", "vendor/yaml/../../package.json", "x.py"],
)
def test_the_admin_serves_nothing_else(server: EditServer, name: str) -> None:
    status, _, _ = get(f"{server.origin}{ADMIN}{name}")
    assert status == 404


def test_admin_file_keeps_to_its_folders(tmp_path: Path) -> None:
    assert admin_file("", tmp_path) == PROJECT_ROOT / "editor" / "cms" / "index.html"
    assert admin_file("../x.js", tmp_path) is None
    assert admin_file("vendor/yaml/dist/index.js", tmp_path) is not None
    assert admin_file("backend.json", tmp_path) is None  # the production repository's


def test_the_backend_answers_the_admin_page_only(server: EditServer, site: Path) -> None:
    ask = json.dumps({"action": "info", "params": {}}).encode()
    own = {"Origin": server.origin, "Content-Type": "application/json"}
    status, body, _ = get(f"http://127.0.0.1:{server.server_address[1]}/api/v1", own, ask)
    assert status == 200 and json.loads(body)["type"] == "local_fs"
    other = {**own, "Origin": "https://elsewhere.example"}
    assert get(f"{server.origin}/api/v1", other, ask)[0] == 403
    no_origin = {"Content-Type": "application/json"}
    assert get(f"{server.origin}/api/v1", no_origin, ask)[0] == 403


def test_the_backend_listens_on_127_0_0_1_only(site: Path) -> None:
    with backend_of(site) as port:
        found = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if found.returncode != 0:
            pytest.skip("ss is not available")
        assert [line.split()[3] for line in found.stdout.splitlines()] == [f"127.0.0.1:{port}"]


def test_export_copies_the_cms_into_a_new_folder_only(site: Path, tmp_path: Path) -> None:
    if missing_tools():
        pytest.skip("; ".join(missing_tools()))
    target = tmp_path / "admin"
    assert export_admin(site, target) == 0
    for name in ("index.html", "admin.js", "config.json", "backend.json", "decap-cms.js"):
        assert (target / name).is_file(), name
    assert (target / "vendor" / "yaml" / "index.js").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    assert export_admin(site, mine) == 2
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
