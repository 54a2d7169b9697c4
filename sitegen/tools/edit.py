"""`build.py edit` (`make edit`): web editing of the working copy's content, in one command.

Starts three things, all on 127.0.0.1: the live preview (`build.py serve`), Decap's local
backend (decap-server from node_modules, which reads and writes the files in content/), and
the admin's own server (edit_http.py), which serves the CMS and passes its requests on to the
backend. Ctrl+C (or SIGTERM) stops all three; the files the CMS saved are in content/, ready
to commit.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools.edit_http import ADMIN, DECAP_DIST, EditServer, admin_files

DECAP_SERVER = PROJECT_ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
BUILD_PY = PROJECT_ROOT / "build.py"
STARTUP_SECONDS = 30.0
EXIT_OK, EXIT_USAGE = 0, 2


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def missing_tools() -> list[str]:
    """What `edit` needs and this machine lacks, said as what to do."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node (Node.js 20 or newer) is not installed")
    if not DECAP_SERVER.is_file() or not (DECAP_DIST / "decap-cms.js").is_file():
        missing.append("the CMS is not installed: run  npm ci --ignore-scripts")
    return missing


def start_backend(site_root: Path, port: int) -> subprocess.Popen[bytes]:
    """decap-server in its file-system mode over site_root, on 127.0.0.1 only."""
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",  # its default is every interface
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(site_root),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn"),
    }
    node = shutil.which("node") or "node"
    # cwd: decap-server reads a .env file from its working folder; the site's has none
    return subprocess.Popen([node, str(DECAP_SERVER)], env=env, cwd=site_root)


def start_preview(site_root: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(BUILD_PY), "serve", "--root", str(site_root)]
    return subprocess.Popen([*command, "--port", str(port)], cwd=site_root)


def wait_for_port(port: int, process: subprocess.Popen[Any], seconds: float) -> bool:
    """Whether something listens on port before the time is up and while process runs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ask each process to stop, and end it if it does not within a few seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def export_admin(site_root: Path, target: Path) -> int:
    """Copy the admin's files into target, a folder that must not exist yet (nothing of
    anyone else's is overwritten): the production CMS, to be served at an address of its own."""
    if problems := missing_tools():
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        target.mkdir(parents=True)
    except FileExistsError:
        print(f"error: {target} exists: name a new folder", file=sys.stderr)
        return EXIT_USAGE
    for name, source in admin_files(site_root).items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    print(f"wrote the CMS into {target}: fill in its backend.json (docs: web editing set-up)")
    return EXIT_OK


def edit(site_root: Path, port: int, preview_port: int, preview: bool = True) -> int:
    """Run the web editor until Ctrl+C; exit 2 when it cannot start."""
    if problems := missing_tools():
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    backend_port = free_port()
    preview_port = preview_port or free_port()
    processes = [start_backend(site_root, backend_port)]
    if preview:
        processes.append(start_preview(site_root, preview_port))
    preview_url = f"http://127.0.0.1:{preview_port}/"
    stopping = threading.Event()

    def _stop(_signal: int, _frame: object) -> None:
        stopping.set()

    # Ctrl+C (SIGINT) too: a process started in the background of a shell has SIGINT ignored,
    # and Python then raises no KeyboardInterrupt, so the editor would not stop on it
    previous = {number: signal.signal(number, _stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not wait_for_port(backend_port, processes[0], STARTUP_SECONDS):
            print("error: the local backend (decap-server) did not start", file=sys.stderr)
            return EXIT_USAGE
        server = EditServer(port, site_root, backend_port, preview_url)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"web editor: {server.origin}{ADMIN}", flush=True)
        if preview:
            print(f"live preview: {preview_url}", flush=True)
        print("Ctrl+C stops both.", flush=True)
        while not stopping.is_set() and all(p.poll() is None for p in processes):
            stopping.wait(0.5)
        server.shutdown()
        server.server_close()
    except KeyboardInterrupt:
        pass
    except OSError as failure:
        print(f"error: the web editor cannot listen on port {port}: {failure}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        stop(processes)
        for number, handler in previous.items():
            signal.signal(number, handler)
    return EXIT_OK
