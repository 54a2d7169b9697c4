"""The fixture site and the ways a test builds it: in-process as the CLI does, or through
build.py as an editor would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from sitegen.model.page import PageSpec
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build

FIXTURE_SITE = Path(__file__).parents[1] / "fixtures" / "site"
# process groups, kill signals and permission bits, which Windows does not have
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file modes")
TODAY = date(2026, 11, 25)

ContentFactory = Callable[..., Path]


@dataclass(frozen=True)
class ServedSite:
    """The shipped content, built once for the whole run and served on 127.0.0.1."""

    base_url: str
    pages: list[PageSpec]


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


def large_content(tmp_path: Path, items: int) -> Path:
    """The shipped content with many news items: a build that takes a while to write."""
    root = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", root)
    body = "\n\n".join(f"Alinea {n} over duurzaam beroepsonderwijs in de regio." for n in range(20))
    for n in range(items):
        texts = {"title": f"Bericht {n}", "summary": f"Samenvatting {n}.", "body": body}
        item = {"date": f"2020-01-{n % 28 + 1:02d}", "nl": texts, "en": dict(texts)}
        (root / "news" / f"bericht-{n}.yaml").write_text(yaml.safe_dump(item))
    return root


def a_site_with_its_languages(folder: Path) -> None:
    """The editors' files are made for the site's languages, said in its content/site.yaml."""
    (folder / "content").mkdir()
    shutil.copy(FIXTURE_SITE / "site.yaml", folder / "content")
