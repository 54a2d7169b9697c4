"""The live preview: build, serve the site on 127.0.0.1, rebuild what changed, reload the tab.

The reload script is added to HTML responses by this server only, so it never reaches the
published site. A site whose base_url has a path (https://user.github.io/repo/) is served under
that same path (http://127.0.0.1:8000/repo/), as it will be published, so its links work here.
While the content has errors, every page shows them (the same messages as the command line) and
the server keeps running; the page comes back once the file is fixed.
"""

from __future__ import annotations

import html
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from sitegen.errors import ContentError
from sitegen.memory import BuildMemory
from sitegen.ownership import OutputFolderRefused
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build

RELOAD_PATH = "__livereload"  # the stream and its script live in the site's folder
RELOAD_SCRIPT_PATH = "__livereload.js"
CODE_DIRS = ("schemas", "sitegen")  # a change here needs a fresh process, not a rebuild


class EditorFilter(DefaultFilter):
    """Ignore the temporary and backup files editors write beside the real one."""

    ignore_entity_patterns = (
        *DefaultFilter.ignore_entity_patterns,
        r"^\.",
        r"^#.*#$",
        r"\.(tmp|bak|orig|swp|swx|part|crdownload)$",
        r"^4913$",  # vim's write test
    )


@dataclass
class PreviewState:
    """What the browser should see now, and a counter that tells open tabs to reload."""

    version: int = 0
    problems: list[ContentError] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    prefix: str = "/"  # the site's address on the server: the path of its base_url

    def publish(self, problems: list[ContentError], prefix: str) -> None:
        with self.changed:
            self.problems = problems
            self.prefix = prefix
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version


class PreviewHandler(SimpleHTTPRequestHandler):
    state: PreviewState

    def __init__(self, *args: object, state: PreviewState, directory: str) -> None:
        self.state = state
        super().__init__(*args, directory=directory)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass  # the console shows rebuilds, not every request

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        prefix = self.state.prefix
        if not path.startswith(prefix):
            return self._outside_the_site(path, prefix)
        if path == prefix + RELOAD_PATH:
            return self._stream_reloads()
        if path == prefix + RELOAD_SCRIPT_PATH:
            return self._send(HTTPStatus.OK, "text/javascript", reload_script(prefix))
        errors = [p for p in self.state.problems if p.severity == "error"]
        if errors and _is_page(path):
            page = error_page(errors, prefix)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html", page)
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            tag = reload_tag(prefix) + b"</body>"
            page = file.read_bytes().replace(b"</body>", tag, 1)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)
        return super().do_GET()

    def do_HEAD(self) -> None:
        path = self.path.split("?", 1)[0]
        if not path.startswith(self.state.prefix):
            return self._outside_the_site(path, self.state.prefix)
        return super().do_HEAD()

    def translate_path(self, path: str) -> str:
        """The file of an address: the site's prefix is its output folder."""
        prefix = self.state.prefix
        return super().translate_path(
            "/" + path[len(prefix) :] if path.startswith(prefix) else path
        )

    def _outside_the_site(self, path: str, prefix: str) -> None:
        """A folder above the site (/ for a site at /repo/) leads to it; anything else is not
        part of the site, as on the host it is published on."""
        if prefix.startswith(path.rstrip("/") + "/"):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        link = html.escape(prefix)
        body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not part of the site</title></head>
<body><p>The preview serves the site at <a href="{link}">{link}</a>.</p></body></html>"""
        return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body.encode())

    def _send(self, status: HTTPStatus, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_reloads(self) -> None:
        """Server-sent events: one 'reload' after each rebuild; a comment now and then."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.state.version
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                current = self.state.wait_for_change(seen, timeout=15)
                message = f"event: reload\ndata: {current}\n\n" if current != seen else ": idle\n\n"
                seen = current
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html"))


def reload_script(prefix: str) -> bytes:
    return f"""// Added by the preview server only: reload this tab after every rebuild.
new EventSource("{prefix}{RELOAD_PATH}").addEventListener("reload", () => location.reload());
""".encode()


def reload_tag(prefix: str) -> bytes:
    return f'<script src="{html.escape(prefix)}{RELOAD_SCRIPT_PATH}" defer></script>'.encode()


def error_page(errors: list[ContentError], prefix: str = "/") -> bytes:
    items = "\n".join(f"<li><pre>{html.escape(problem.format())}</pre></li>" for problem in errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Content errors</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{html.escape(prefix)}static/css/site.css"></head>
<body><main class="wrap"><h1>The content has {len(errors)} error(s)</h1>
<p>Nothing was published. Fix the file and save: this page reloads by itself.</p>
<ol class="build-errors">{items}</ol></main>{reload_tag(prefix).decode()}</body></html>""".encode()


@dataclass
class Preview:
    """The server and the watcher around one output folder."""

    options: BuildOptions
    port: int
    state: PreviewState = field(default_factory=PreviewState)
    memory: BuildMemory = field(default_factory=BuildMemory)
    log: Callable[[str], None] = print
    fixed_today: bool = False  # --today given: keep it; else each rebuild uses the real date
    built_for: date | None = None  # the 'today' of the last build

    def rebuild(self, workers: int = 1) -> BuildResult:
        """Build with search off; in one process (workers=1) once the server and the watcher
        run, as forking a process that runs threads is not safe."""
        started = time.perf_counter()
        today = self.options.today if self.fixed_today else date.today()
        options = replace(self.options, today=today, search=False, workers=workers)
        try:
            result = build(options, memory=self.memory)
        except OutputFolderRefused as refusal:
            if self.built_for is None:
                raise  # the first build: the command line says so and stops
            # later, someone put a file into the folder: say so, keep serving the last site
            result = BuildResult([_refused(options.out_dir, refusal)])
        self.built_for = today
        milliseconds = (time.perf_counter() - started) * 1000
        for problem in result.problems:
            self.log(problem.format())
        if result.summary is not None:
            pages = len(result.summary.rendered)
            self.log(f"{pages} page(s) rebuilt in {milliseconds:.0f} ms")
        elif result.errors:
            self.log(f"{len(result.errors)} error(s): the preview shows them")
        self.state.publish(result.problems, self.site_prefix())
        return result

    def site_prefix(self) -> str:
        """The path of the base_url of the last site built (while the content has errors, the
        one before); '/' until one is built."""
        planned = self.memory.planned
        return planned.site.urls.prefix if planned is not None else self.state.prefix

    def a_new_day(self) -> bool:
        """Whether 'today' moved on since the last build: a preview left running overnight
        moves the agenda's past events by itself, as the published site does when rebuilt."""
        return not self.fixed_today and self.built_for not in (None, date.today())

    def serve_forever(self) -> None:
        self.rebuild(workers=self.options.workers)  # no thread runs yet: all cores
        server = self.start_server()
        try:
            address = f"http://127.0.0.1:{server.server_port}{self.state.prefix}"
            self.watch(f"Preview on {address} (Ctrl+C to stop)")
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()

    def start_server(self) -> ThreadingHTTPServer:
        self.options.out_dir.mkdir(parents=True, exist_ok=True)
        handler = partial(PreviewHandler, state=self.state, directory=str(self.options.out_dir))
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def watch(self, ready_message: str) -> None:
        """Rebuild after each batch of saves; say ready_message once the watcher runs."""
        sources = [self.options.content_dir, self.options.templates_dir, self.options.static_dir]
        code = [PROJECT_ROOT / name for name in CODE_DIRS]
        batches = watch(
            *sources, *code, watch_filter=EditorFilter(), debounce=200,
            rust_timeout=300, yield_on_timeout=True,
        )  # fmt: skip
        for changes in batches:
            if ready_message:  # the first (empty) batch: the watcher is now running
                self.log(ready_message)
                ready_message = ""
            if not changes:
                if self.a_new_day():
                    self.rebuild()
                continue
            if _touches(changes, code):
                self.log("the engine's code changed: restarting")
                os.execv(sys.executable, [sys.executable, *sys.argv])
            self.rebuild()


def _refused(out_dir: Path, refusal: OutputFolderRefused) -> ContentError:
    return ContentError(str(out_dir), None, "", str(refusal), "then save any file again")


def _touches(changes: set[tuple[Change, str]], folders: list[Path]) -> bool:
    return any(Path(path).is_relative_to(folder) for _, path in changes for folder in folders)
