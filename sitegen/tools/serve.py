"""The live preview: build, serve the site on 127.0.0.1, rebuild what changed, reload the tab.

The reload script is added to HTML responses by this server only, so it never reaches the
published site. A site whose base_url has a path (https://user.github.io/repo/) is served under
that same path (http://127.0.0.1:8000/repo/), as it will be published, so its links work here.
While the content has errors, every page shows them (the same messages as the command line) and
the server keeps running; the page comes back once the file is fixed. A rebuild that fails in
any other way (a template, a full disk, a fault in the engine) is shown the same way: the server
outlives every failure of a build.

It serves what a host would: regular files inside the output folder, a folder's index.html, and
the site's own 404 page for anything else; never a folder listing, never through a symbolic link.
"""

from __future__ import annotations

import html
import mimetypes
import os
import re
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import TemplateError, TemplateSyntaxError
from watchfiles import Change, DefaultFilter, watch

from sitegen.model.problems import ContentError, errors_only
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build
from sitegen.reuse.memory import BuildMemory
from sitegen.stages.load import display_path
from sitegen.stages.ownership import OutputFolderRefused

RELOAD_PATH = "__livereload"  # the stream and its script live in the site's folder
RELOAD_SCRIPT_PATH = "__livereload.js"
CODE_DIRS = ("schemas", "sitegen")  # a change here needs a fresh process, not a rebuild
NOT_FOUND_PAGE = "404.html"  # in each language's root folder, as Urls.not_found names it
# Connections waiting to be accepted: a page asks for its stylesheet, scripts and images at
# once, and a few tabs reloading together overflowed the default of 5 (clients then wait
# seconds for the retry).
LISTEN_BACKLOG = 128
CONNECTION_TIMEOUT = 10.0  # seconds a client may keep the server waiting for its next bytes
MAX_NAME_BYTES = 255  # the longest file name file systems allow: a longer one names no file


class EditorFilter(DefaultFilter):
    """Ignore the temporary and backup files editors write beside the real one."""

    ignore_entity_patterns = (
        *DefaultFilter.ignore_entity_patterns,
        r"^\.",
        r"^#.*#$",
        r"\.(tmp|bak|orig|swp|swx|part|crdownload)$",
        r"^4913$",  # vim's write test
    )


@dataclass(frozen=True)
class BuildFailure:
    """A rebuild stopped by an exception rather than by content errors: what the page says."""

    title: str
    detail: str  # the exception in one line
    advice: str  # what to do


@dataclass
class PreviewState:
    """What the browser should see now, and a counter that tells open tabs to reload."""

    version: int = 0
    problems: list[ContentError] = field(default_factory=list)
    failure: BuildFailure | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)
    prefix: str = "/"  # the site's address on the server: the path of its base_url
    # the folders the error page shows paths relative to, instead of the machine's own paths
    project_folders: tuple[Path, ...] = ()

    def publish(
        self, problems: list[ContentError], prefix: str, failure: BuildFailure | None = None
    ) -> None:
        with self.changed:
            self.problems = problems
            self.failure = failure
            self.prefix = prefix
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def broken(self) -> bool:
        """Whether pages show the errors of the last build instead of the site."""
        return self.failure is not None or bool(errors_only(self.problems))


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    media_type: str
    body: bytes
    location: str = ""  # where a redirect leads


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD, answered alike (HEAD without the body, so its Content-Length is GET's)."""

    state: PreviewState

    def __init__(self, *args: object, state: PreviewState, directory: Path, timeout: float) -> None:
        self.state = state
        self.root = directory
        self.stall_timeout = timeout
        super().__init__(*args)  # type: ignore[arg-type]

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.stall_timeout)  # a stalled client is given up

    def log_message(self, format: str, *args: object) -> None:
        pass  # the console shows rebuilds, not every request (nor every client that gave up)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        path = re.split(r"[?#]", self.path, maxsplit=1)[0]
        prefix = self.state.prefix
        if path == prefix + RELOAD_PATH:
            return self._stream_reloads(with_body)
        if path.startswith(prefix):
            answer = self._answer(path, path[len(prefix) :])
        else:
            answer = outside_the_site(path, prefix)
        self._send(answer, with_body)

    def _answer(self, path: str, site_path: str) -> Answer:
        state = self.state
        if site_path == RELOAD_SCRIPT_PATH:
            return Answer(HTTPStatus.OK, "text/javascript", reload_script(state.prefix))
        names = requested_names(site_path)
        if names is None:
            return Answer(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", b"Bad request\n")
        if state.broken() and _is_page(path):
            page = error_page(state.problems, state.prefix, state.failure, state.project_folders)
            return Answer(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page)
        found = find_file(self.root, names)
        if found is None:
            return self._not_found(names)
        file, is_folder = found
        if is_folder and not path.endswith("/"):  # so that its relative links work
            location = state.prefix + "".join(f"{quote(name)}/" for name in names)
            return Answer(HTTPStatus.MOVED_PERMANENTLY, "text/plain", b"", location)
        try:
            body = file.read_bytes()
        except OSError:  # deleted meanwhile by a rebuild
            return self._not_found(names)
        if file.suffix == ".html":
            return Answer(HTTPStatus.OK, "text/html; charset=utf-8", self._with_reload(body))
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return Answer(HTTPStatus.OK, media_type, body)

    def _not_found(self, names: list[str]) -> Answer:
        """The site's own 404 page, in the language of the folder asked for, as its host
        serves it."""
        # every language's root has its 404 page: the default language's is the site's own
        found = find_file(self.root, [names[0], NOT_FOUND_PAGE]) if len(names) > 1 else None
        found = found or find_file(self.root, [NOT_FOUND_PAGE])
        try:
            page = found[0].read_bytes() if found else GENERIC_NOT_FOUND
        except OSError:
            page = GENERIC_NOT_FOUND
        return Answer(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", self._with_reload(page))

    def _with_reload(self, page: bytes) -> bytes:
        return page.replace(b"</body>", reload_tag(self.state.prefix) + b"</body>", 1)

    def _send(self, answer: Answer, with_body: bool) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.media_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Cache-Control", "no-store")
        if answer.location:
            self.send_header("Location", answer.location)
        self.end_headers()
        if with_body:
            self.wfile.write(answer.body)

    def _stream_reloads(self, with_body: bool) -> None:
        """Server-sent events: one 'reload' after each rebuild; a comment now and then."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not with_body:
            return
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
        except OSError:  # the tab was closed, or stopped reading
            return


class PreviewServer(ThreadingHTTPServer):
    """A thread per connection, each given up once its client stalls (the handler's timeout).
    Not a fixed pool of threads: every open tab holds one for its reload stream, and a pool
    filled by them, or by stalled clients, would leave the next page waiting."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the client went away or stalled: nothing anyone needs to read about
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def requested_names(site_path: str) -> list[str] | None:
    """The names along an address inside the site ('en/events/' -> ['en', 'events']); None
    when the address is malformed (a NUL byte)."""
    text = unquote(site_path, errors="surrogateescape")
    if "\0" in text:
        return None
    return [name for name in text.split("/") if name not in ("", ".")]


def find_file(root: Path, names: list[str]) -> tuple[Path, bool] | None:
    """The regular file the names lead to inside root, and whether they name a folder (whose
    index.html it is). None if there is none, or the way to it passes a symbolic link or
    leaves root: the preview serves the site that was built, not what a link points to."""
    if any(name == ".." or _too_long(name) for name in names):
        return None
    path = root.joinpath(*names)
    try:
        if any(folder.is_symlink() for folder in (path, *path.parents[: len(names)])):
            return None
        is_folder = stat.S_ISDIR(path.lstat().st_mode)
        if is_folder:
            path = path / "index.html"
        regular = stat.S_ISREG(path.lstat().st_mode)  # not a link, a pipe or a device
        if not regular or not path.resolve().is_relative_to(root):
            return None
    except (OSError, ValueError):  # no such file, a file where a folder was asked for, ...
        return None
    return path, is_folder


def _too_long(name: str) -> bool:
    """Longer than any file system allows: no file has the name (asking would fail)."""
    return len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES


def outside_the_site(path: str, prefix: str) -> Answer:
    """A folder above the site (/ for a site at /repo/) leads to it; anything else is not part
    of the site, as on the host it is published on."""
    if prefix.startswith(path.rstrip("/") + "/"):
        return Answer(HTTPStatus.FOUND, "text/plain", b"", prefix)
    link = html.escape(prefix)
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not part of the site</title></head>
<body><p>The preview serves the site at <a href="{link}">{link}</a>.</p></body></html>"""
    return Answer(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body.encode())


GENERIC_NOT_FOUND = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><p>There is no page at this address (and the site has no 404 page yet).</p></body></html>"""


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html"))


def reload_script(prefix: str) -> bytes:
    return f"""// Added by the preview server only: reload this tab after every rebuild.
new EventSource("{prefix}{RELOAD_PATH}").addEventListener("reload", () => location.reload());
""".encode()


def reload_tag(prefix: str) -> bytes:
    return f'<script src="{html.escape(prefix)}{RELOAD_SCRIPT_PATH}" defer></script>'.encode()


def error_page(
    problems: list[ContentError],
    prefix: str = "/",
    failure: BuildFailure | None = None,
    project_folders: Iterable[Path] = (),
) -> bytes:
    """The page shown at every address while the last build failed: its errors, or what
    stopped it, with paths relative to the site's folder rather than the machine's."""
    folders = tuple(project_folders)

    def shown(text: str) -> str:
        return html.escape(without_machine_paths(text, folders))

    if failure is not None:
        title = failure.title
        body = f"<p>{shown(failure.advice)}</p>\n<pre>{shown(failure.detail)}</pre>"
    else:
        errors = errors_only(problems)
        title = f"The site has {len(errors)} error(s)"
        items = "\n".join(f"<li><pre>{shown(problem.format())}</pre></li>" for problem in errors)
        body = f"""<p>Nothing was published. Fix the file and save: this page reloads by itself.</p>
<ol class="build-errors">{items}</ol>"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{html.escape(prefix)}static/css/site.css"></head>
<body><main class="wrap"><h1>{html.escape(title)}</h1>
{body}</main>{reload_tag(prefix).decode()}</body></html>""".encode()


def project_folders(options: BuildOptions) -> tuple[Path, ...]:
    """The working folder, and the site's folders: those that hold its content, templates,
    static files and output (one folder, unless options name others)."""
    folders = (options.content_dir, options.templates_dir, options.static_dir, options.out_dir)
    return (Path.cwd(), *(folder.absolute().parent for folder in folders))


def without_machine_paths(text: str, folders: Iterable[Path]) -> str:
    """The text with each path inside one of the folders written relative to it:
    '/home/ann/site/content/events/x.yaml' -> 'content/events/x.yaml'. The most specific
    folder first; a path that climbs out of the working folder ('../../home/...') too."""
    spellings = set()
    for folder in folders:
        if folder.parent == folder:
            continue  # the file system's root: every absolute path would lose its start
        spellings |= {str(folder.absolute()), str(folder.resolve())}
        relative = display_path(folder)
        if relative.startswith(".."):
            spellings.add(relative)
    for spelling in sorted(spellings, key=len, reverse=True):
        # a path inside it, or the folder itself; not a folder whose name merely begins so
        pattern = re.escape(spelling) + r"(?:[/\\]|(?![\w.-]))"
        text = re.sub(pattern, lambda found: "" if found[0][-1] in "/\\" else ".", text)
    return text


def template_problem(error: TemplateError, templates_dir: Path) -> ContentError:
    """A mistake in a template, where it is: the editor can fix it, so no traceback."""
    path, line = _template_location(error, templates_dir)
    if isinstance(error, TemplateSyntaxError):
        message = f"template syntax error: {error.message}"
    else:
        message = f"the template failed ({type(error).__name__}): {error.message or error}"
    return ContentError(path, line, "", message, "fix the template and save again")


def _template_location(error: TemplateError, templates_dir: Path) -> tuple[str, int | None]:
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return display_path(Path(error.filename)), error.lineno
    templates = templates_dir.resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(templates):
            return display_path(Path(frame.filename)), frame.lineno
    return display_path(templates_dir), None


def failure_from(error: Exception) -> BuildFailure:
    """What the page says about a build that stopped with an exception."""
    if isinstance(error, OSError):  # the machine's doing (a full disk, a permission), no fault
        return BuildFailure(
            "The preview could not read or write a file",
            str(error),
            "Nothing was published; the last site is kept. Free some disk space or fix the "
            "folder's permissions, then save any file again: this page reloads by itself.",
        )
    return BuildFailure(
        "The preview hit an internal error",
        f"{type(error).__name__}: {error}{_where_in_the_engine(error)}",
        "This is a fault in the site generator, not a mistake in a file, though a file you "
        "just changed may have set it off. Nothing was published; the last site is kept. Undo "
        "your last change and save: this page reloads by itself. If the error stays, report "
        "it to whoever maintains the site generator, with what the preview printed in its "
        "terminal.",
    )


def _where_in_the_engine(error: Exception) -> str:
    """' (in sitegen/outputs/calendar.py, line 42)': the innermost line of the engine's code."""
    code = [PROJECT_ROOT / name for name in CODE_DIRS]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        file = Path(frame.filename)
        if any(file.is_relative_to(folder) for folder in code):
            return f" (in {file.relative_to(PROJECT_ROOT).as_posix()}, line {frame.lineno})"
    return ""


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
    connection_timeout: float = CONNECTION_TIMEOUT
    stop: threading.Event = field(default_factory=threading.Event)  # ends serve_forever
    # restart the process when the engine's code changes (not when it runs inside another
    # program, such as a test, which would restart with it)
    restart_on_code_change: bool = True
    last_traceback: str = ""  # the one printed last: the same one is not printed again

    def __post_init__(self) -> None:
        self.state.project_folders = project_folders(self.options)

    def rebuild(self, workers: int = 1) -> BuildResult:
        """Build with search off; in one process (workers=1) once the server and the watcher
        run, as forking a process that runs threads is not safe. Whatever goes wrong, the
        preview keeps running: the page shows what happened."""
        started = time.perf_counter()
        today = self.options.today if self.fixed_today else date.today()
        options = replace(self.options, today=today, search=False, workers=workers)
        failure = None
        try:
            result = build(options, memory=self.memory)
        except OutputFolderRefused as refusal:
            if self.built_for is None:
                raise  # the first build: the command line says so and stops
            # later, someone put a file into the folder: say so, keep serving the last site
            result = BuildResult([_refused(options.out_dir, refusal)])
        except Exception as error:  # whatever it is, the preview outlives it
            self.memory = BuildMemory()  # what it held may be half updated: start afresh
            result, failure = self._failed(error)
        self.built_for = today
        milliseconds = (time.perf_counter() - started) * 1000
        for problem in result.problems:
            self.log(problem.format())
        if result.summary is not None:
            self.last_traceback = ""
            pages = len(result.summary.rendered)
            self.log(f"{pages} page(s) rebuilt in {milliseconds:.0f} ms")
        elif result.errors:
            self.log(f"{len(result.errors)} error(s): the preview shows them")
        self.state.publish(result.problems, self.site_prefix(), failure)
        return result

    def _failed(self, error: Exception) -> tuple[BuildResult, BuildFailure | None]:
        """The result of a build that raised: a template's mistake is a problem in a file;
        anything else is a failure, told in one line (a fault of the engine with its
        traceback, printed once however often it recurs)."""
        if isinstance(error, TemplateError):
            return BuildResult([template_problem(error, self.options.templates_dir)]), None
        failure = failure_from(error)
        self.log(f"error: {failure.title.lower()}: {failure.detail}")
        if not isinstance(error, OSError):
            told = "".join(traceback.format_exception(error))
            if told == self.last_traceback:
                self.log("(the same error as before: its traceback is printed above)")
            else:
                self.log(told.rstrip())
                self.last_traceback = told
        return BuildResult([]), failure

    def site_prefix(self) -> str:
        """The path of the base_url of the last site built (while the content has errors, the
        one before); '/' until one is built."""
        planned = self.memory.planned
        return planned.site.urls.prefix if planned is not None else self.state.prefix

    def a_new_day(self) -> bool:
        """Whether 'today' moved on since the last build: a preview left running overnight
        moves the agenda's past events by itself, as the published site does when rebuilt."""
        return not self.fixed_today and self.built_for not in (None, date.today())

    def serve_forever(self) -> bool:
        """Build, serve and rebuild until Ctrl+C (or stop); False, after saying why, when the
        port cannot be listened on. The port is taken before the first build, so that a busy
        one is said at once."""
        try:
            server = self.bind()
        except OSError as error:
            print(
                f"error: --port {self.port}: cannot listen on it ({error.strerror or error}); "
                "hint: another preview may be running there: stop it, or choose another port "
                "with --port (0 picks a free one)",
                file=sys.stderr,
            )
            return False
        with server:  # closed at the end, even if the first build is refused
            self.rebuild(workers=self.options.workers)  # no thread runs yet: all cores
            self.start_serving(server)
            try:
                address = f"http://127.0.0.1:{server.server_port}{self.state.prefix}"
                self.watch(f"Preview on {address} (Ctrl+C to stop)")
            except KeyboardInterrupt:
                pass
            finally:
                server.shutdown()
        return True

    def bind(self) -> PreviewServer:
        """The server, listening (so that clients queue up) but not yet answering."""
        handler = partial(
            PreviewHandler,
            state=self.state,
            directory=self.options.out_dir.resolve(),
            timeout=self.connection_timeout,
        )
        return PreviewServer(("127.0.0.1", self.port), handler)

    def start_serving(self, server: PreviewServer) -> None:
        self.options.out_dir.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def start_server(self) -> PreviewServer:
        server = self.bind()
        self.start_serving(server)
        return server

    def watch(self, ready_message: str) -> None:
        """Rebuild after each batch of saves; say ready_message once the watcher runs."""
        sources = [self.options.content_dir, self.options.templates_dir, self.options.static_dir]
        code = [PROJECT_ROOT / name for name in CODE_DIRS] if self.restart_on_code_change else []
        batches = watch(
            *sources, *code, watch_filter=EditorFilter(), debounce=200,
            rust_timeout=300, yield_on_timeout=True, stop_event=self.stop,
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
