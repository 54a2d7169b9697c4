"""Stage 4b, render: each PageSpec through its Jinja template (autoescaped) into HTML."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Hashable, Iterator
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup

from sitegen.model.entry import Entry
from sitegen.model.files import LazyFile, OutputFile
from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.outputs.calendar import agenda_calendar_path, event_calendar_path
from sitegen.outputs.feeds import FEED_KINDS, feed_path
from sitegen.reuse.digests import engine_version
from sitegen.reuse.fragments import FragmentStore, fragment_store
from sitegen.stages.footnotes import note_words
from sitegen.stages.i18n import Localizer
from sitegen.stages.markdown import with_site_prefix
from sitegen.stages.metadata import structured_data
from sitegen.stages.picture import picture


@lru_cache(maxsize=8)
def make_environment(
    templates_dir: Path, cache_dir: Path | None = None, layers: tuple[Path, ...] = ()
) -> Environment:
    """The Jinja environment, autoescaping everything; a template in one of the layers (folders
    laid over templates_dir, the first on top) wins over one of the same name below it.

    One per templates folder and process: it notices edited templates by itself, so the live
    preview keeps its compiled templates between rebuilds; compiled templates are also kept in
    the cache folder for the next process.
    """
    # One folder per engine: compiled templates hold how each filter is called, so a template
    # compiled for other code is not to be run with this one.
    compiled = cache_dir / "jinja" / engine_version()[:16] if cache_dir else None
    bytecode = SurvivingBytecodeCache(str(compiled)) if compiled else None
    environment = Environment(
        loader=FileSystemLoader([*layers, templates_dir]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,
    )
    environment.filters["markdown"] = _markdown_filter(fragment_store(cache_dir))
    environment.globals.update(
        feed_path=feed_path,
        feed_kinds=FEED_KINDS,
        event_calendar_path=event_calendar_path,
        agenda_calendar_path=agenda_calendar_path,
        picture=picture,
        once_per_language=_once_per_language,
        once_per_item=_once_per_item,
    )
    return environment


@pass_context
def _once_per_language(context: Context, name: str) -> Markup:
    """The partial `name` as the first page of its language in this batch renders it, for a
    partial that is the same on every page of a language (the footer): `{{
    once_per_language("partials/footer.html") }}` instead of an include. Kept by the page's
    Localizer, which lives for one batch of pages of one build."""
    remembered: dict[str, Markup] = context["L"].rendered
    if (html := remembered.get(name)) is None:
        html = Markup(context.environment.get_template(name).render(context.get_all()))
        remembered[name] = html
    return html


@pass_context
def _once_per_item(context: Context, name: str, item: Entry, *key: Hashable) -> Markup:
    """The partial `name` for one item, in the page's language, as rendered the first time it
    was asked for with the same key values (a card: its heading level and whether it is in
    the directory): `{{ once_per_item("partials/card.html", item, h, directory) }}`. The
    partial sees only `item`, the key values (named by PER_ITEM[name]), `L` and `site`, so
    that it cannot depend on the page it happens to be rendered for first. Kept by the
    page's Localizer, like once_per_language."""
    localizer: Localizer = context["L"]
    remembered = localizer.per_item
    memo_key = (name, item.kind, item.slug, *key)
    if (html := remembered.get(memo_key)) is None:
        values = dict(zip(PER_ITEM[name], key, strict=True))
        template = context.environment.get_template(name)
        html = Markup(template.render(item=item, L=localizer, site=context["site"], **values))
        remembered[memo_key] = html
    return html


# the partials rendered by once_per_item, and the names under which they see its key values
PER_ITEM: dict[str, tuple[str, ...]] = {"partials/card.html": ("h", "directory")}


def _markdown_filter(fragments: FragmentStore) -> Callable[..., Markup]:
    """The Jinja filter `markdown`: a body from the fragment store, its links under the path
    of the page's site."""

    @pass_context
    def markdown(context: Context, text: str, shift: int = 0) -> Markup:
        site, lang = context["site"], context["page"].lang
        words = note_words(site.catalogs[lang])
        return with_site_prefix(fragments.markdown(text, shift, words), site.urls.prefix)

    return markdown


class SurvivingBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates on disk; .cache/ is safe to delete at any time, even while the
    preview runs, so a missing folder is made again and a failed write is only a lost cache."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


Progress = Callable[[int, int], None]  # (files done, files in all)
Job = PageSpec | LazyFile  # a page to render, or a file to make (a calendar)


def render_pages(
    site: Site,
    jobs: list[Job],
    environment: Environment,
    fragments: FragmentStore,
    workers: int = 1,
    progress: Progress | None = None,
) -> Iterator[OutputFile]:
    """Every page as an HTML file at its output path, and every lazy file made, in order, as
    they are done (so they can be written while the rest renders); on several processes when
    there are enough of them. What they rendered is in fragments once all are consumed."""
    if workers < 2 or len(jobs) < JOBS_PER_WORKER * 2 or not CAN_FORK:
        yield from _render(site, jobs, environment, fragments)
        return
    global _forked_job
    # Forked workers inherit the site as it is in memory; sending it to each of them instead
    # would cost more than rendering. The slot is filled only for the duration of the pool.
    fragments.flush()
    _forked_job = (site, jobs, environment, fragments)
    # Everything made so far is shared with the workers and lives until the pool ends: frozen,
    # the workers' collector never walks it (which would also copy every page it touches).
    gc.freeze()
    try:
        # at most RANGE_JOBS pages in a range: a range's pages are held (and pickled) whole
        # until the build process takes them, in the worker and in the build process
        size = min(RANGE_JOBS, max(JOBS_PER_WORKER, len(jobs) // (workers * 4) + 1))
        ranges = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
        done = 0
        with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
            for part in pool.imap(_render_range, ranges):  # in order, as each range is done
                yield from part
                done += len(part)
                if progress is not None:
                    progress(done, len(jobs))
    finally:
        _forked_job = None
        gc.unfreeze()


JOBS_PER_WORKER = 64
RANGE_JOBS = 256
# Windows has no fork, and macOS's is unsafe once system libraries run threads: there the
# pages render in this process (a spawned worker would have to be sent the whole site).
CAN_FORK = sys.platform.startswith("linux") or sys.platform.startswith("freebsd")
_forked_job: tuple[Site, list[Job], Environment, FragmentStore] | None = None


_worker_localizers: dict[str, Localizer] | None = None


def _start_worker() -> None:
    """A worker ends at once when the pool is done with it. It inherits the build's SIGTERM
    handler (cli.py), which raises SystemExit; a worker waiting for work could hang the
    pool's shutdown with it (seen once in the test suite). Its Localizers serve every range
    it renders, so what they remember (the footer, each card) is rendered once per worker."""
    global _worker_localizers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()
    assert _forked_job is not None
    _worker_localizers = _localizers(_forked_job[0])


def _render_range(bounds: tuple[int, int]) -> list[OutputFile]:
    assert _forked_job is not None
    site, jobs, environment, fragments = _forked_job
    return _render(site, jobs[bounds[0] : bounds[1]], environment, fragments, _worker_localizers)


def _localizers(site: Site) -> dict[str, Localizer]:
    return {lang: Localizer(site, lang) for lang in site.languages}


def _render(
    site: Site,
    jobs: list[Job],
    environment: Environment,
    fragments: FragmentStore,
    localizers: dict[str, Localizer] | None = None,
) -> list[OutputFile]:
    localizers = localizers or _localizers(site)
    rendered = []
    for job in jobs:
        if isinstance(job, LazyFile):
            rendered.append(OutputFile(job.path, job.make()))
            continue
        html = environment.get_template(job.template).render(
            page=job,
            L=localizers[job.lang],
            site=site,
            settings=site.settings,
            languages=site.languages,
            jsonld=structured_data(site, job),
            **job.context,
        )
        rendered.append(OutputFile(job.output_path, html.encode("utf-8")))
    fragments.flush()
    return rendered
