"""Time the live preview (`build.py serve`) as an editor feels it: from the moment a saved
file is closed to the `reload` event that tells the open tab to load the page again.

`measure_preview` starts the server as its own process (session), waits for its "Preview on
http://127.0.0.1:PORT/" line, opens the server-sent event stream at /__livereload with
http.client, and for each save times the file's write -> the next `event: reload` on the
stream. It also reads the server's own "N page(s) rebuilt in X ms" line for each rebuild. Used
by run.py; standard library only.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

READY = re.compile(r"Preview on http://127\.0\.0\.1:(\d+)/")
REBUILT = re.compile(r"(\d+) page\(s\) rebuilt in (\d+) ms")
RESTARTING = "restarting"  # the server execs itself again when the engine's code changes
RELOAD_PATH = "/__livereload"
CONNECT_TIMEOUT = 10.0  # seconds to connect and get the stream's first 'retry:' line
LOG_GRACE = 1.0  # seconds to wait for the rebuild's log line once the reload event came
MAX_RESTARTS = 2  # server restarts (engine code edited meanwhile) tolerated in one measurement


class PreviewFailed(RuntimeError):
    pass


class StreamEnded(PreviewFailed):
    """The event stream closed: the server restarted or died."""


@dataclass(frozen=True)
class Line:
    at: float  # time.perf_counter() when the line was read
    text: str


class LineReader(threading.Thread):
    """Reads a byte stream line by line into a queue, each line with the time it arrived;
    None marks the end of the stream."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        super().__init__(daemon=True, name=name)
        self.stream = stream
        self.lines: queue.Queue[Line | None] = queue.Queue()
        self.ended = False
        self.seen: list[str] = []  # every line so far, for error messages

    def run(self) -> None:
        try:
            for raw in iter(self.stream.readline, b""):
                text = raw.decode("utf-8", "replace").rstrip("\r\n")
                self.lines.put(Line(time.perf_counter(), text))
        except (OSError, ValueError):  # closed under us
            pass
        finally:
            self.lines.put(None)

    def next(self, deadline: float) -> Line:
        """The next line, or StreamEnded at the end, or PreviewFailed at the deadline."""
        if self.ended:
            raise StreamEnded(f"{self.name} ended")
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            raise PreviewFailed(f"{self.name}: nothing came in time") from None
        if line is None:
            self.ended = True
            raise StreamEnded(f"{self.name} ended")
        self.seen.append(line.text)
        return line

    def wait_for(self, pattern: re.Pattern[str], deadline: float) -> tuple[Line, re.Match[str]]:
        while True:
            line = self.next(deadline)
            match = pattern.search(line.text)
            if match is not None:
                return line, match

    def drain(self) -> list[Line]:
        """Every line that arrived so far, without waiting."""
        lines = []
        with contextlib.suppress(StreamEnded, PreviewFailed):
            while not self.lines.empty():
                lines.append(self.next(time.perf_counter()))
        return lines

    def tail(self, count: int = 20) -> str:
        return "\n".join(self.seen[-count:])


# -- the server process --------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: LineReader
    started: float


@contextlib.contextmanager
def running(command: Sequence[str], cwd: Path) -> Iterator[Server]:
    """The server as its own process group, unbuffered; terminated (the whole group) on exit,
    whatever happened."""
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.stdout is not None
    log = LineReader(process.stdout, "the server's output")
    log.start()
    try:
        yield Server(process, log, started)
    finally:
        stop(process)
        log.join(timeout=5)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL if it is still there after 5 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
            return


def cpu_seconds(pid: int) -> float:
    """User + system time of one process so far, from /proc (0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kb(pid: int) -> int:
    """The largest resident set the process has had (VmHWM), in KiB; 0 without /proc."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# -- the event stream ----------------------------------------------------------------------------


@dataclass
class ReloadStream:
    socket: socket.socket
    response: http.client.HTTPResponse
    events: LineReader

    @classmethod
    def open(cls, port: int) -> ReloadStream:
        """GET /__livereload, read until the first 'retry:' line, then read in a thread."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CONNECT_TIMEOUT)
        connection.request("GET", RELOAD_PATH, headers={"Accept": "text/event-stream"})
        sock = connection.sock  # an HTTP/1.0 response takes it over from the connection
        assert sock is not None
        response = connection.getresponse()
        kind = response.getheader("Content-Type", "")
        if response.status != 200 or not kind.startswith("text/event-stream"):
            raise PreviewFailed(f"GET {RELOAD_PATH}: {response.status} {kind}")
        line = b"\n"
        while line and not line.startswith(b"retry:"):
            line = response.readline()
        if not line:
            raise StreamEnded(f"GET {RELOAD_PATH}: the stream ended before 'retry:'")
        sock.settimeout(None)  # the deadlines are kept by LineReader.next
        events = LineReader(response, "the reload stream")
        events.start()
        return cls(sock, response, events)

    def next_reload(self, deadline: float) -> Line:
        while True:
            line = self.events.next(deadline)
            if line.text == "event: reload":
                return line

    def stray_reloads(self) -> int:
        """Reload events that came in since the last look (not caused by the benchmark)."""
        return sum(line.text == "event: reload" for line in self.events.drain())

    def close(self) -> None:
        """Wake the reading thread with the end of the stream, then close."""
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        self.events.join(timeout=5)
        with contextlib.suppress(OSError):
            self.response.close()


# -- the measurement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Save:
    seconds: float  # file closed -> 'event: reload' arrived
    cpu_seconds: float  # the server's CPU time meanwhile
    logged_ms: float | None  # the server's own "rebuilt in X ms" for that rebuild
    pages: int | None  # and the pages it rendered

    def describe(self) -> str:
        logged = ""
        if self.logged_ms is not None:
            logged = f"; the server: {self.pages} page(s) rebuilt in {self.logged_ms:.0f} ms"
        return f"save -> reload event {self.seconds * 1000:.0f} ms{logged}"


@dataclass
class PreviewResult:
    saves: list[Save] = field(default_factory=list)
    first_build: float = 0.0  # server start -> "Preview on" (its first, full build)
    max_rss_kb: int = 0  # the server process's peak (first build included)
    stray: int = 0  # reload events between saves, not caused by the benchmark
    restarts: int = 0  # times the server restarted itself (engine code edited meanwhile)
    ready_line: str = ""


@dataclass
class Session:
    """One running server with its event stream, doing the saves."""

    server: Server
    timeout: float
    result: PreviewResult
    stream: ReloadStream | None = None
    ready: tuple[Line, re.Match[str]] | None = None  # a "Preview on" line not yet used

    def connect(self) -> None:
        """Wait for "Preview on ...:PORT/" (the watcher runs), then open the event stream."""
        if self.stream is not None:
            self.stream.close()
        deadline = time.perf_counter() + self.timeout
        line, match = self.ready or self.server.log.wait_for(READY, deadline)
        self.ready = None
        if not self.result.ready_line:
            self.result.first_build = line.at - self.server.started
            self.result.ready_line = line.text
        self.stream = ReloadStream.open(int(match[1]))

    def save(self, edit: Callable[[], None]) -> Save:
        """Make one edit; time from the closed file to the reload event."""
        assert self.stream is not None
        self.result.stray += self.stream.stray_reloads()
        self._skip_log()
        if self.stream.events.ended:  # the server restarted: reconnect before editing
            raise StreamEnded("the reload stream ended")
        pid = self.server.process.pid
        cpu = cpu_seconds(pid)
        edit()
        started = time.perf_counter()
        reload = self.stream.next_reload(started + self.timeout)
        spent = cpu_seconds(pid) - cpu
        logged = self._rebuilt_line(reload.at + LOG_GRACE)
        if logged is None:
            return Save(reload.at - started, spent, None, None)
        return Save(reload.at - started, spent, float(logged[2]), int(logged[1]))

    def _skip_log(self) -> None:
        """Skip what the server said since the last save, but keep a new "Preview on" line
        (it restarted)."""
        for line in self.server.log.drain():
            match = READY.search(line.text)
            if match is not None:
                self.ready = (line, match)

    def _rebuilt_line(self, deadline: float) -> re.Match[str] | None:
        with contextlib.suppress(PreviewFailed):
            return self.server.log.wait_for(REBUILT, deadline)[1]
        return None

    def save_surviving_restarts(self, edit: Callable[[], None]) -> Save:
        """One save; if the server restarted meanwhile (someone edited the engine's code),
        reconnect and save again (the edit must make new text every time it is called)."""
        while True:
            try:
                return self.save(edit)
            except StreamEnded:
                if self.server.process.poll() is not None:
                    code = self.server.process.returncode
                    raise PreviewFailed(f"the server stopped ({code})") from None
                if self.result.restarts >= MAX_RESTARTS:
                    raise
                self.result.restarts += 1
                self.connect()


def measure_preview(
    command: Sequence[str],
    cwd: Path,
    edits: Sequence[Callable[[], None]],
    timeout: float,
    pause: float = 0.5,
) -> PreviewResult:
    """Start the preview server, make each edit `pause` seconds after the previous reload
    (so that one save is one batch of the watcher) and time it; the server is stopped at the
    end, also on an error or a timeout."""
    result = PreviewResult()
    with running(command, cwd) as server:
        session = Session(server, timeout, result)
        try:
            session.connect()
            for edit in edits:
                time.sleep(pause)
                result.saves.append(session.save_surviving_restarts(edit))
            result.max_rss_kb = peak_rss_kb(server.process.pid)
        except PreviewFailed as problem:
            code = server.process.poll()
            state = "running" if code is None else f"exited with {code}"
            said = server.log.tail()
            raise PreviewFailed(f"{problem} (server {state}); it said:\n{said}") from None
        finally:
            if session.stream is not None:
                session.stream.close()
    return result
