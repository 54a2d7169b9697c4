"""The live preview under test: as a process started by build.py (Preview), or running in a
thread of the test's own process (Live), each with a way to wait for what a tab would see."""

from __future__ import annotations

import copy
import http.client
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sitegen.pipeline import BuildOptions
from sitegen.tools import serve
from tests.support.builds import TODAY

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


def raises(error: Exception) -> Callable[..., object]:
    """A function that fails as the engine would: with a new exception at each call."""

    def fail(*_: object, **__: object) -> object:
        raise copy.copy(error)

    return fail
