"""Shared by the quality gates: the checkers from node_modules/, a sample of every kind of page,
and a record of what a page did in the browser (requests, console errors)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request

from sitegen.model.page import PageSpec
from sitegen.pipeline import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE, DESKTOP = 375, 1280


def needed(path: Path) -> Path:
    """A checker installed by `make test` (npm ci): skipped without it, except in CI."""
    if path.is_file():
        return path
    message = f"{path.relative_to(PROJECT_ROOT)} is missing: run `make test` (npm ci)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def java() -> str:
    found = shutil.which("java")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Java is missing: the Nu HTML Checker needs it (apt-get install default-jre)")
    pytest.skip("Java is not installed")


def page_sample(pages: list[PageSpec]) -> list[PageSpec]:
    """One page of every kind in every language: per template, and per depth of breadcrumbs,
    so that the agenda and an agenda filter page are different kinds."""
    sample: dict[tuple[str, str, int], PageSpec] = {}
    for page in pages:
        sample.setdefault((page.lang, page.template, len(page.breadcrumbs)), page)
    return list(sample.values())


@dataclass
class PageLog:
    """What pages in one browser tab asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.location.get('url')}: {message.text}")

    def foreign_requests(self, base_url: str) -> list[str]:
        own = urlsplit(base_url).netloc
        inline = ("data", "blob")  # no network
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in inline and urlsplit(url).netloc != own
        ]
