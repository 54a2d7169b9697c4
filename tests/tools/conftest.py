"""Fixtures of the live preview's tests: a preview started by build.py, and one running in a
thread of this process."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools import serve
from tests.support.builds import ContentFactory
from tests.support.preview import WAIT, Live, Preview, options_for, running


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


@pytest.fixture
def live(content: ContentFactory, tmp_path: Path) -> Iterator[Live]:
    preview = serve.Preview(options_for(content(), tmp_path), port=0, fixed_today=True)
    with running(preview) as started:
        yield started
