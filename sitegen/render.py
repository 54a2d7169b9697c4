"""Stage 4b, render: each PageSpec through its Jinja template (autoescaped) into HTML."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from schemas.fields import LANGUAGES
from sitegen.i18n import Localizer
from sitegen.link import Site
from sitegen.markdown import render_markdown
from sitegen.metadata import open_graph_locale, structured_data
from sitegen.outputs import OutputFile
from sitegen.outputs.calendar import agenda_calendar_path, event_calendar_path
from sitegen.outputs.feeds import FEED_KINDS, feed_path
from sitegen.pagespec import PageSpec


@lru_cache(maxsize=8)
def make_environment(templates_dir: Path, cache_dir: Path | None = None) -> Environment:
    """The Jinja environment, autoescaping everything.

    One per templates folder and process: it notices edited templates by itself, so the live
    preview keeps its compiled templates between rebuilds; compiled templates are also kept in
    the cache folder for the next process.
    """
    bytecode = FileSystemBytecodeCache(str(_made(cache_dir / "jinja"))) if cache_dir else None
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,
    )
    environment.filters["markdown"] = render_markdown
    environment.globals.update(
        open_graph_locale=open_graph_locale,
        feed_path=feed_path,
        feed_kinds=FEED_KINDS,
        event_calendar_path=event_calendar_path,
        agenda_calendar_path=agenda_calendar_path,
    )
    return environment


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


Progress = Callable[[int, int], None]  # (pages done, pages in all)


def render_pages(
    site: Site,
    pages: list[PageSpec],
    environment: Environment,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[OutputFile]:
    """Every page as an HTML file at its output path, on several processes when it pays."""
    if workers < 2 or len(pages) < PAGES_PER_WORKER * 2:
        return _render(site, pages, environment)
    global _forked_job
    # Forked workers inherit the site as it is in memory; sending it to each of them instead
    # would cost more than rendering. The slot is filled only for the duration of the pool.
    _forked_job = (site, pages, environment)
    try:
        size = max(PAGES_PER_WORKER, len(pages) // (workers * 4) + 1)
        ranges = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
        parts = []
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_render_range, ranges):  # in order, as each range is done
                parts.append(part)
                if progress is not None:
                    progress(sum(len(p) for p in parts), len(pages))
    finally:
        _forked_job = None
    return [file for part in parts for file in part]


PAGES_PER_WORKER = 64
_forked_job: tuple[Site, list[PageSpec], Environment] | None = None


def _render_range(bounds: tuple[int, int]) -> list[OutputFile]:
    assert _forked_job is not None
    site, pages, environment = _forked_job
    return _render(site, pages[bounds[0] : bounds[1]], environment)


def _render(site: Site, pages: list[PageSpec], environment: Environment) -> list[OutputFile]:
    localizers = {lang: Localizer(site, lang) for lang in LANGUAGES}
    rendered = []
    for page in pages:
        html = environment.get_template(page.template).render(
            page=page,
            L=localizers[page.lang],
            site=site,
            settings=site.settings,
            languages=LANGUAGES,
            jsonld=structured_data(site, page),
            **page.context,
        )
        rendered.append(OutputFile(page.output_path, html.encode("utf-8")))
    return rendered
