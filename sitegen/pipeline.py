"""The whole build: load -> validate -> link -> plan -> render -> write, errors collected."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pydantic import HttpUrl

from schemas import CONTENT_TYPES
from sitegen.errors import ContentError, errors_only, sorted_problems
from sitegen.link import Site, link_content
from sitegen.load import load_content
from sitegen.outputs.calendar import calendar_files
from sitegen.outputs.feeds import feed_files
from sitegen.outputs.search import build_search_index
from sitegen.outputs.sitemap import sitemap_files
from sitegen.pages import PageSpec, plan_pages
from sitegen.render import render_pages
from sitegen.validate import ValidContent, validate_content
from sitegen.write import write_site

CATALOG_FOLDER = "i18n"  # interface strings live beside the templates that use them
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = PROJECT_ROOT / "content"
    out_dir: Path = PROJECT_ROOT / "site"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    today: date = field(default_factory=date.today)
    base_url: str | None = None
    strict: bool = False
    search: bool = True


@dataclass(frozen=True)
class BuildResult:
    problems: list[ContentError]
    pages: list[PageSpec] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0

    @property
    def errors(self) -> list[ContentError]:
        return errors_only(self.problems)

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(options: BuildOptions) -> tuple[Site | None, list[PageSpec], list[ContentError]]:
    """Run every stage up to rendering; return the site, its pages and all problems."""
    raw, problems = load_content(
        options.content_dir, tuple(CONTENT_TYPES), options.templates_dir / CATALOG_FOLDER
    )
    valid, validation_problems = validate_content(raw)
    problems += validation_problems
    if options.base_url and valid.site is not None:
        valid = _with_base_url(valid, options.base_url)
    site, link_problems = link_content(valid, options.today)
    problems += link_problems
    pages: list[PageSpec] = []
    if site is not None:
        pages, page_problems = plan_pages(site)
        problems += page_problems
    if options.strict:
        problems = [p.as_error() for p in problems]
    return site, pages, sorted_problems(problems)


def build(options: BuildOptions, write: bool = True) -> BuildResult:
    """Check everything; if there is no error, render and write the site."""
    started = time.perf_counter()
    site, pages, problems = check(options)
    if site is None or errors_only(problems) or not write:
        return BuildResult(problems, pages, False, time.perf_counter() - started)
    files = render_pages(site, pages, options.templates_dir)
    files += calendar_files(site) + feed_files(site) + sitemap_files(site, pages)
    finish = build_search_index if options.search else None
    write_site(files, options.static_dir, options.out_dir, finish)
    return BuildResult(problems, pages, True, time.perf_counter() - started)


def _with_base_url(valid: ValidContent, base_url: str) -> ValidContent:
    """--base-url overrides site.yaml, e.g. for a preview published somewhere else."""
    assert valid.site is not None
    return replace(valid, site=valid.site.model_copy(update={"base_url": HttpUrl(base_url)}))
