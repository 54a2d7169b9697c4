"""Child processes of a build (sitegen/outputs/processes.py): a killed build leaves no Pagefind
running and nothing beside the site."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import (
    FIXTURE_SITE,
    TODAY,
    build_into,
    large_content,
)


def pagefind_children(parent: int) -> list[int]:
    """The Pagefind processes that parent started (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = (entry / "comm").read_text().strip()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and "pagefind" in name:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PDEATHSIG")
def test_a_killed_build_leaves_no_pagefind_running_and_nothing_beside_the_site(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    content = large_content(tmp_path, 600)
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--no-cache"]
    command += ["--content", str(content), "--out", str(out), "--today", TODAY.isoformat()]
    build_process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 120
    while build_process.poll() is None and not children and time.monotonic() < deadline:
        children = pagefind_children(build_process.pid)
        time.sleep(0.01)
    assert children, "the build ended before Pagefind started"
    build_process.send_signal(signal.SIGKILL)  # the build only, not its process group
    build_process.wait(timeout=30)
    deadline = time.monotonic() + 1  # far less than Pagefind takes over these pages
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if alive(pid)], "Pagefind outlived the build"
    assert build_into(FIXTURE_SITE, out).written
    beside = sorted(p.name for p in tmp_path.iterdir())
    assert beside == [".site.lock", "content", "site"]
