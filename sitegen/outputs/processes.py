"""Child processes that end with the build, however it ends.

A build stopped by Ctrl+C or SIGTERM stops its children itself (search.py, render.py). One
killed outright (SIGKILL, a closed terminal) cannot, so on Linux each child asks the kernel
to kill it when its parent dies (PR_SET_PDEATHSIG); elsewhere there is no such request."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import IO

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start(command: list[str], stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    """A child that dies with this process, talked to in bytes on its standard input and
    output (a Pagefind service), its standard error into a file."""
    ending = _ending_with(os.getpid())
    pipe = subprocess.PIPE
    return subprocess.Popen(command, stdin=pipe, stdout=pipe, stderr=stderr, preexec_fn=ending)


def _ending_with(parent: int) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def end_with_parent() -> None:  # runs in the child, between fork and exec
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)

    return end_with_parent
