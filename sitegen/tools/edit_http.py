"""The web editor's own server (`build.py edit`): the CMS's files from this project, under its
own Content-Security-Policy, and Decap's local backend behind it.

Everything the admin page loads comes from here: editor/cms/ (the page, admin.js, the generated
config.json), Decap CMS's bundle from node_modules/decap-cms/dist/, the YAML package from
node_modules/yaml/browser/, and the site's stylesheet for the preview pane. The CMS's requests
to the local backend (POST /api/v1) are passed on to decap-server, which listens on another
port of 127.0.0.1; only a request from this page's own origin is passed on (decap-server itself
answers any web page that finds its port, CORS included).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.pipeline import PROJECT_ROOT

ADMIN = "/admin/"
API = "/api/v1"
CMS_SOURCE = PROJECT_ROOT / "editor" / "cms"
DECAP_DIST = PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"
YAML_BROWSER = PROJECT_ROOT / "node_modules" / "yaml" / "browser"
SITE_CSS = Path("static") / "css" / "site.css"
OWN_FILES = ("index.html", "admin.js", "yaml-format.mjs", "manual-init.js", "config.json")
BACKEND_FILE = "backend.json"  # the production repository: not used by the local backend
MAX_BODY = 50 * 1024 * 1024  # an image upload is base64 in JSON
# The admin page's policy. Decap needs inline styles (its components are styled by emotion,
# which writes <style> elements) and data:/blob: images (previews of uploads); its bundle needs
# no eval. Scripts, the configuration and the backend come from this server only; the preview
# pane is an iframe of the same page (about:srcdoc). Nothing may frame the admin.
ADMIN_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' blob:",  # an upload is read from its blob: before it is sent
        "frame-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json",
}
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_DECAP_BUNDLE = re.compile(r"(\d+\.)?decap-cms\.js")  # the bundle and the chunks it loads


def admin_file(path: str, site_root: Path) -> Path | None:
    """The file the admin's address path (after /admin/) names, or None: only a plain name or
    path of plain names (no '..', no hidden files), inside the folders the admin is made of."""
    parts = path.split("/") if path else ["index.html"]
    if not all(_PLAIN_NAME.fullmatch(part) for part in parts):
        return None
    if len(parts) == 1 and parts[0] in OWN_FILES:
        return CMS_SOURCE / parts[0]
    if parts == ["site.css"]:
        return site_root / SITE_CSS
    if parts[:2] == ["vendor", "yaml"] and len(parts) > 2:
        return YAML_BROWSER.joinpath(*parts[2:])
    if len(parts) == 1 and _DECAP_BUNDLE.fullmatch(parts[0]):
        return DECAP_DIST / parts[0]
    return None


def admin_files(site_root: Path) -> dict[str, Path]:
    """Every file of the admin, by its path under /admin/: what `build.py edit --export` copies
    for the production CMS (with backend.json, which names the repository)."""
    files = {name: CMS_SOURCE / name for name in (*OWN_FILES, BACKEND_FILE)}
    files["site.css"] = site_root / SITE_CSS
    bundles = sorted(DECAP_DIST.glob("*decap-cms.js"))
    files.update({path.name: path for path in bundles if _DECAP_BUNDLE.fullmatch(path.name)})
    for path in sorted(YAML_BROWSER.rglob("*")):
        if path.is_file():
            files[f"vendor/yaml/{path.relative_to(YAML_BROWSER).as_posix()}"] = path
    return files


class EditServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, site_root: Path, backend_port: int, preview_url: str) -> None:
        self.site_root = site_root
        self.backend_port = backend_port
        self.preview_url = preview_url
        super().__init__(("127.0.0.1", port), EditHandler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class EditHandler(BaseHTTPRequestHandler):
    server: EditServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows the preview's and the backend's messages, not every request

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/admin"):
            self._answer(HTTPStatus.FOUND, b"", "text/plain", location=ADMIN)
            return
        if not path.startswith(ADMIN):
            self._answer(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        name = path.removeprefix(ADMIN)
        if name == "local.json":  # tells admin.js it runs locally, and where the preview is
            body = json.dumps({"preview": self.server.preview_url}).encode()
            self._answer(HTTPStatus.OK, body, MEDIA_TYPES[".json"])
            return
        found = admin_file(name, self.server.site_root)
        if found is None or not found.is_file() or found.is_symlink():
            self._answer(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        media = MEDIA_TYPES.get(found.suffix, "application/octet-stream")
        self._answer(HTTPStatus.OK, found.read_bytes(), media)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != API:
            self._answer(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        # only the admin page itself: another page the editor has open cannot write files
        if self.headers.get("Origin") != self.server.origin:
            self._answer(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain; charset=utf-8")
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, b"json only", "text/plain")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 <= length <= MAX_BODY:
            self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"too large", "text/plain")
            return
        status, body = self._pass_on(self.rfile.read(length))
        self._answer(status, body, MEDIA_TYPES[".json"])

    def _pass_on(self, body: bytes) -> tuple[HTTPStatus, bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.server.backend_port}{API}",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return HTTPStatus(response.status), response.read()
        except urllib.error.HTTPError as refused:
            return HTTPStatus(refused.code), refused.read()
        except OSError:
            message = {"error": "the local backend (decap-server) does not answer"}
            return HTTPStatus.BAD_GATEWAY, json.dumps(message).encode()

    def _answer(self, status: HTTPStatus, body: bytes, media: str, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", ADMIN_CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)
