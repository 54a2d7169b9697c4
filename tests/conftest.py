"""Shared fixtures: copies of the fixture site that a test may break on purpose, the shipped
site served once, a browser. Helpers that are not fixtures live in tests/support/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from sitegen.pipeline import PROJECT_ROOT
from tests.support.browser import CHROMIUM_FLAGS, chromium_path, serve
from tests.support.builds import (
    FIXTURE_SITE,
    TODAY,
    ContentFactory,
    ServedSite,
    a_site_folder,
    build_into,
    posix_only,
    run_cli,
)
from tests.support.sitecheck import BuiltPage, read_site

# Kept importable from here for test files written before tests/support/ existed.
__all__ = [
    "FIXTURE_SITE",
    "TODAY",
    "ContentFactory",
    "ServedSite",
    "a_site_folder",
    "build_into",
    "posix_only",
    "run_cli",
]


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test in the repository, as `make test` does: BuildOptions' defaults
    (templates/, static/) are relative to the working folder, like the site's own."""
    monkeypatch.chdir(PROJECT_ROOT)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    out = tmp_path_factory.mktemp("shipped-served") / "site"
    result = build_into(PROJECT_ROOT / "content", out)
    assert result.written, [p.format() for p in result.errors]
    with serve(out) as base_url:
        yield ServedSite(base_url, result.pages)


@pytest.fixture(scope="session")
def shipped_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltPage]:
    """The shipped content built once (strict: no warning) and read with lxml, by address."""
    out = tmp_path_factory.mktemp("shipped-read") / "site"
    result = build_into(PROJECT_ROOT / "content", out, strict=True)
    assert result.written and not result.problems, [p.format() for p in result.problems]
    return read_site(out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, one per test module (tests/support/browser.py)."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab (a context of its own: no cookies or storage from another test)."""
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once per test module, for tests that only read what was built."""
    target = tmp_path_factory.mktemp("outputs") / "site"
    assert build_into(FIXTURE_SITE, target).written
    return target


@pytest.fixture
def content(tmp_path: Path) -> ContentFactory:
    """make(**{'events/x.yaml': text}) -> a copy of the fixture site with those files written."""

    def make(**files: str | None) -> Path:
        root = tmp_path / "content"
        shutil.copytree(FIXTURE_SITE, root)
        for relative, text in files.items():
            target = root / relative
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        return root

    return make
