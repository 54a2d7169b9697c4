"""Shared helpers: copies of the fixture site that a test may break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sitegen.model.page import PageSpec
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build
from tests.browser import CHROMIUM_FLAGS, chromium_path, serve

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
# process groups, kill signals and permission bits, which Windows does not have
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file modes")
TODAY = date(2026, 11, 25)

ContentFactory = Callable[..., Path]


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test in the repository, as `make test` does: BuildOptions' defaults
    (templates/, static/) are relative to the working folder, like the site's own."""
    monkeypatch.chdir(PROJECT_ROOT)


@dataclass(frozen=True)
class ServedSite:
    """The shipped content, built once for the whole run and served on 127.0.0.1."""

    base_url: str
    pages: list[PageSpec]


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    out = tmp_path_factory.mktemp("shipped-served") / "site"
    result = build_into(PROJECT_ROOT / "content", out)
    assert result.written, [p.format() for p in result.errors]
    with serve(out) as base_url:
        yield ServedSite(base_url, result.pages)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, one per test module (see tests/browser.py)."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


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


def build_into(
    content_dir: Path, out_dir: Path, strict: bool = False, cache_dir: Path | None = None
) -> BuildResult:
    """A build as the CLI does it; without a cache unless a test asks for one."""
    options = BuildOptions(
        content_dir=content_dir, out_dir=out_dir, today=TODAY, strict=strict, cache_dir=cache_dir
    )
    return build(options)


def a_site_folder(folder: Path) -> Path:
    """A site's folder of its own, as an editor has one: content, templates and static files."""
    shutil.copytree(FIXTURE_SITE, folder / "content")
    shutil.copytree(PROJECT_ROOT / "templates", folder / "templates")
    shutil.copytree(PROJECT_ROOT / "static", folder / "static")
    return folder


def run_cli(*arguments: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    """Run build.py as an editor would, capturing what it prints."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "build.py"), *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
