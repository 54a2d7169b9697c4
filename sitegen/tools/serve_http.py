"""The live preview's web server: GET and HEAD for the site's own files, its 404 page, the reload
stream, and the error page while the last build failed.

It serves what a host would: regular files inside the output folder, a folder's index.html, and
the site's own 404 page for anything else; never a folder listing, never through a symbolic link.
A site whose base_url has a path (https://user.github.io/repo/) is served under that same path
(http://127.0.0.1:8000/repo/), as it will be published, so its links work here."""

from __future__ import annotations

import html
import mimetypes
import re
import stat
import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from sitegen.tools.serve_errors import error_page
from sitegen.tools.serve_reload import (
    RELOAD_PATH,
    RELOAD_SCRIPT_PATH,
    PreviewState,
    reload_script,
    reload_tag,
)

NOT_FOUND_PAGE = "404.html"  # in each language's root folder, as Urls.not_found names it


# Connections waiting to be accepted: a page asks for its stylesheet, scripts and images at
# once, and a few tabs reloading together overflowed the default of 5 (clients then wait
# seconds for the retry).
LISTEN_BACKLOG = 128


CONNECTION_TIMEOUT = 10.0  # seconds a client may keep the server waiting for its next bytes


MAX_NAME_BYTES = 255  # the longest file name file systems allow: a longer one names no file


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
        self.send_header("X-Robots-Tag", "noindex")  # it shows drafts: no search engine may keep it
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
