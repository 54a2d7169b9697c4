"""One Pagefind process in service mode, spoken to directly: the engine hands it each page's
HTML from memory and writes the bundle's files itself (sitegen/outputs/search.py decides which
bundles to make and writes them)."""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from sitegen.outputs import processes


class SearchIndexFailed(RuntimeError):
    pass


class PagefindService:
    """One Pagefind process in service mode holding one index: pages go in on its standard
    input, its answers and at last the bundle's files come back on its standard output
    (base64 of JSON, each message ended by a comma). The pagefind package's own client
    (pagefind.index) waits 0.1 s before reading each answer, 150 s for 1,500 pages; this one
    reads them as they come, on a thread of its own while the pages are written."""

    def __init__(self, site_prefix: str, name: str) -> None:
        self.site_prefix = site_prefix  # the site's own address: '/repo/' in a sub-folder
        self.name = name  # the bundle's, for a failure: 'en 2'
        # imported here: it brings asyncio, which a check or a build without search never needs
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise SearchIndexFailed("pagefind is not installed (pip install pagefind[bin])")
        # what it writes to stderr, for a failure; closed by close()
        self._said = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = processes.start([str(executable), "--service"], self._said)
        self._unread = b""
        self._sent = 0
        self._failure: str | None = None
        self._index = self._call({"type": "NewIndex", "config": None})["index_id"]

    def index(self, pages: Iterable[tuple[str, str]]) -> None:
        """Add every page: (output path, the HTML Pagefind reads of it)."""
        pages = list(pages)
        reading = threading.Thread(target=self._read_answers, args=(len(pages),), daemon=True)
        reading.start()
        try:
            for page, html in pages:
                self._send({"type": "AddFile", "index_id": self._index, "url": self._url(page),
                            "file_path": None, "file_contents": html})  # fmt: skip
        except OSError as failure:  # it ended early: its answers say why
            self._failure = self._failure or f"{failure}"
        reading.join()

    def ask_for_files(self) -> None:
        """Ask for the bundle's files, once every page is in: it builds the index then."""
        if self._failure is None:
            try:
                self._send({"type": "GetFiles", "index_id": self._index})
            except OSError as failure:
                self._failure = f"{failure}"

    def files(self) -> list[tuple[str, bytes]]:
        """The bundle's files, after ask_for_files: (path in the bundle's folder, bytes),
        sorted."""
        if self._failure is not None:
            raise self._failed(self._failure)
        try:
            answer = self._answer()
        except OSError as failure:
            raise self._failed(f"{failure}") from failure
        files = [(f["path"], base64.b64decode(f["content"])) for f in answer["files"]]
        return sorted(files)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()
        self._said.close()

    def _url(self, page: str) -> str:
        folder, name = os.path.split(page)
        address = f"{folder}/" if name == "index.html" else page
        return f"{self.site_prefix}{address.lstrip('/')}"

    def _call(self, payload: dict[str, object]) -> dict[str, Any]:
        try:
            self._send(payload)
            return self._answer()
        except OSError as failure:
            raise self._failed(f"{failure}") from failure

    def _send(self, payload: Mapping[str, object]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload})
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        self._process.stdin.flush()

    def _read_answers(self, count: int) -> None:
        try:
            for _ in range(count):
                self._answer()
        except (OSError, SearchIndexFailed) as failure:
            self._failure = self._failure or f"{failure}"
            self._process.kill()  # the writer stops at once

    def _answer(self) -> dict[str, Any]:
        stream = self._process.stdout
        assert stream is not None
        while (end := self._unread.find(b",")) < 0:
            chunk = os.read(stream.fileno(), 1 << 20)
            if not chunk:
                raise self._failed("it ended before it answered")
            self._unread += chunk
        message, self._unread = self._unread[:end], self._unread[end + 1 :]
        payload: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise self._failed(str(payload.get("message")))
        return payload

    def _failed(self, reason: str) -> SearchIndexFailed:
        self._said.seek(0)
        said = self._said.read().decode("utf-8", "replace").strip()
        failed = f"pagefind failed for bundle {self.name}: {reason}\n{said}"
        return SearchIndexFailed(failed.strip())


_START_TAG = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*>")
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def indexed_part(html: str) -> str:
    """The part of a page Pagefind reads: its <html> tag (the page's language) and its
    data-pagefind-body element without the data-pagefind-ignore elements in it. Pagefind makes
    the same bundle from it (tests/outputs/test_search_indexer.py compares them) from about a
    third of the HTML. A page this cannot take apart is handed over whole."""
    body = _start_tag(html, " data-pagefind-body", 0, len(html))
    html_tag = _HTML_TAG.search(html)
    end = _element_end(html, body) if body is not None else None
    if body is None or html_tag is None or end is None:
        return html
    kept, position = [], body.start()
    while (ignored := _start_tag(html, " data-pagefind-ignore", position, end)) is not None:
        ignored_end = _element_end(html, ignored)
        if ignored_end is None or ignored_end > end:
            return html
        kept.append(html[position : ignored.start()])
        position = ignored_end
    kept.append(html[position:end])
    return f"<!DOCTYPE html>{html_tag.group(0)}<body>{''.join(kept)}</body></html>"


def _start_tag(html: str, attribute: str, start: int, end: int) -> re.Match[str] | None:
    """The first start tag between start and end with the attribute (found as text first: a
    regular expression trying every tag costs ten times as much)."""
    while (found := html.find(attribute, start, end)) >= 0:
        tag = _START_TAG.match(html, html.rfind("<", start, found))
        if tag is not None and tag.end() > found:
            return tag
        start = found + len(attribute)  # in a text, not in a tag
    return None


def _element_end(html: str, start: re.Match[str]) -> int | None:
    """Where the element whose start tag start matched ends (after its end tag); None if it
    is not closed."""
    name = start.group(1)
    if name in _VOID or start.group(0).endswith("/>"):
        return start.end()
    tags = re.compile(rf"<(/?){name}[\s>/]")  # compiled once: re keeps the patterns it made
    depth, position = 1, start.end()
    while depth:
        tag = tags.search(html, position)
        if tag is None:
            return None
        depth += -1 if tag.group(1) else 1
        position = html.find(">", tag.start()) + 1
        if position == 0:
            return None
    return position
