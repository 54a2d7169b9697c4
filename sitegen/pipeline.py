"""The whole build: load -> validate -> link -> plan -> render -> write, errors collected."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import schemas
from sitegen.model.files import KeptFile, OutputFile
from sitegen.model.problems import ContentError, errors_only, sorted_problems
from sitegen.model.publication import Publication, build_moment, next_publication_change
from sitegen.reuse.cache import BuildCache, Report, Work
from sitegen.stages.ownership import RECORD, refuse_unsafe_location
from sitegen.stages.write import StagedSite, WriteReport, few_changes, output_lock, write_site

# The stages that read, render and index are imported where they are used: a build that repeats
# the previous one needs none of them, nor the models, Jinja or Pillow (half a second of start-up).
if TYPE_CHECKING:
    from schemas import ContentTypes
    from sitegen.model.entry import ValidContent
    from sitegen.model.page import PageSpec
    from sitegen.model.site import Site
    from sitegen.outputs.search import SearchStep
    from sitegen.reuse.memory import BuildMemory
    from sitegen.stages.render import Progress

CATALOG_FOLDER = "i18n"  # interface strings live beside the templates that use them
# The repository, for its own tools and tests; an installed sitegen has none (see BuildOptions).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildOptions:
    # Relative, so in the working folder: the site's, wherever the package is installed.
    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    templates_dir: Path = Path("templates")
    static_dir: Path = Path("static")
    cache_dir: Path | None = Path(".cache")
    today: date = field(default_factory=date.today)
    # the build's clock, for publish_from and publish_until with a time; None: the start of
    # 'today' (see sitegen/model/publication.py build_moment)
    now: datetime | None = None
    drafts: bool = False  # the live preview (and build --drafts) shows drafts, marked as such
    base_url: str | None = None
    strict: bool = False
    search: bool = True
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # the content types the site is made of; None: the site's own, schemas.CONTENT_TYPES, whose
    # models are made only when a build reads content (see content_types)
    types: ContentTypes | None = None
    # templates folders (with words in i18n/) over templates_dir: the first one's template wins
    template_layers: tuple[Path, ...] = ()

    @property
    def publication(self) -> Publication:
        return Publication(build_moment(self.today, self.now), self.drafts)

    @property
    def content_types(self) -> ContentTypes:
        return schemas.CONTENT_TYPES if self.types is None else self.types

    @property
    def template_folders(self) -> tuple[Path, ...]:
        return (*self.template_layers, self.templates_dir)


@dataclass(frozen=True)
class WriteSummary:
    rendered: tuple[str, ...]  # output paths of the pages rendered this time
    written: int
    kept: int
    removed: tuple[str, ...]
    left_behind: tuple[Path, ...] = ()  # old sites beside it that hold files it did not write


@dataclass(frozen=True)
class BuildResult:
    problems: list[ContentError]
    pages: list[PageSpec] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0
    summary: WriteSummary | None = None
    next_change: datetime | None = None
    page_counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[ContentError]:
        return errors_only(self.problems)

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> Report:
        """What the next build says again if it has nothing to do."""
        files = self.summary.written + self.summary.kept if self.summary else 0
        return Report(self.problems, files, self.next_change, self.page_counts)

    @classmethod
    def repeated(cls, report: Report, seconds: float) -> BuildResult:
        """The result of a build that had nothing to do: the previous one's, with nothing
        rendered or written."""
        summary = WriteSummary((), 0, report.files, ())
        return cls(report.problems, [], True, seconds, summary, report.next_change,
                   report.page_counts)  # fmt: skip


def check(
    options: BuildOptions, memory: BuildMemory | None = None
) -> tuple[Site | None, list[PageSpec], list[ContentError]]:
    """Run every stage up to rendering; return the site, its pages and all problems."""
    with _cyclic_collection_paused():  # as in a build: a fifth of `build.py check` at N = 5,000
        return _check(options, BuildCache(options, memory))


def _check(
    options: BuildOptions, cache: BuildCache
) -> tuple[Site | None, list[PageSpec], list[ContentError]]:
    # the stages, imported here and not by a build that repeats the previous one (start-up)
    from sitegen.stages.declared import declaration_problems, without_repeats
    from sitegen.stages.images import check_images
    from sitegen.stages.link import link_content
    from sitegen.stages.load import load_content
    from sitegen.stages.plan import plan_pages
    from sitegen.stages.publish import published_content
    from sitegen.stages.redirects import plan_redirects
    from sitegen.stages.validate import validate_content
    from sitegen.stages.vanished import vanished_pages

    types = options.content_types
    catalogs = tuple(folder / CATALOG_FOLDER for folder in options.template_folders)
    raw, problems = load_content(options.content_dir, types.names, catalogs, cache.files)
    valid, validation_problems = validate_content(raw, types, cache.models, cache.entries)
    problems += validation_problems
    entries, images, image_problems = check_images(valid.entries, options.content_dir)
    valid, problems = replace(valid, entries=entries), problems + image_problems
    if declared := declaration_problems(types, options.template_folders, raw, valid):
        return None, [], sorted_problems(without_repeats(problems, declared))  # nothing to link
    if options.base_url and valid.site is not None:
        valid = _with_base_url(valid, options.base_url)
    upcoming = next_publication_change((e.model for e in valid.entries), options.publication)
    valid, publish_problems = published_content(valid, options.publication, types)
    site, link_problems = link_content(valid, options.today, types)
    problems += publish_problems + link_problems
    if site is not None:
        # only the images of published items: a draft's photo must not be on the site either
        shown = {key: image for key, image in images.items() if site.get(*key) is not None}
        site = replace(site, next_publication=upcoming, images=shown)
    pages: list[PageSpec] = []
    if site is not None:
        pages, page_problems = plan_pages(site, cache.reusable(site))
        redirects, redirect_problems = plan_redirects(site, pages)
        problems += page_problems + redirect_problems
        problems += vanished_pages(options.out_dir, site, pages, redirects)
    if options.strict:
        problems = [p.as_error() for p in problems]
    return site, pages, sorted_problems(problems)


def build(
    options: BuildOptions,
    write: bool = True,
    progress: Progress | None = None,
    memory: BuildMemory | None = None,
) -> BuildResult:
    """Check everything; if there is no error, render what changed and write the site.

    progress, if given, hears how many pages are rendered so far (for a terminal). memory is
    the live preview's, kept between its builds. Raises OutputFolderRefused, before any work,
    when the output folder is not the build's own."""
    started = time.perf_counter()
    if not write:
        site, pages, problems = check(options)
        return BuildResult(problems, pages, False, time.perf_counter() - started,
                           page_counts=count_pages(pages))  # fmt: skip
    cache = BuildCache(options, memory)
    refuse_unsafe_location(options.out_dir, _project_folders(options))
    cache.refuse_unusable()
    if _unrecorded(options.out_dir):
        cache.claim_output_folder()  # a folder refused gets no lock file beside it either
    with output_lock(options.out_dir) as left_behind, _cyclic_collection_paused():
        owned = cache.claim_output_folder()  # again: a build killed meanwhile may have changed it
        if (repeated := cache.repeat_if_unchanged()) is not None:
            return BuildResult.repeated(repeated, time.perf_counter() - started)
        site, pages, problems = _check(options, cache)
        counts = count_pages(pages)
        if site is None or errors_only(problems):
            seconds = time.perf_counter() - started
            return BuildResult(problems, pages, False, seconds, page_counts=counts)
        from sitegen.model.agenda import next_change  # start-up time: see the imports above

        summary = _render_and_write(site, pages, options, progress, cache, owned)
        summary = replace(summary, left_behind=(*left_behind, *summary.left_behind))
        seconds = time.perf_counter() - started
        result = BuildResult(problems, pages, True, seconds, summary, next_change(site), counts)
        cache.remember(result.report())
    return result


def _project_folders(options: BuildOptions) -> dict[str, Path]:
    """The folders a build reads or keeps, which its output folder must stay clear of."""
    folders = {"content": options.content_dir, "templates": options.templates_dir}
    folders.update({f"templates ({layer})": layer for layer in options.template_layers})
    folders["static"] = options.static_dir
    if options.cache_dir is not None:
        folders["cache"] = options.cache_dir
    return folders


def _unrecorded(out_dir: Path) -> bool:
    """A folder that holds something, but no record of a build."""
    return out_dir.is_dir() and not (out_dir / RECORD).is_file() and any(out_dir.iterdir())


@contextmanager
def _cyclic_collection_paused() -> Iterator[None]:
    """A build makes hundreds of thousands of objects that live until it ends, none of them in
    reference cycles; the cyclic collector kept scanning them all (a third of a one-event
    rebuild at 10,000 pages). Objects are still freed by reference counting meanwhile; render
    workers collect as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def count_pages(pages: list[PageSpec]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.lang] = counts.get(page.lang, 0) + 1
    return counts


def _render_and_write(
    site: Site,
    pages: list[PageSpec],
    options: BuildOptions,
    progress: Progress | None,
    cache: BuildCache,
    owned: frozenset[str],
) -> WriteSummary:
    # the renderers and outputs, imported here and not by a build that repeats (start-up)
    from sitegen.model.page import PageSpec
    from sitegen.outputs import OUTPUTS, output_files
    from sitegen.outputs.built import Built
    from sitegen.outputs.search import SearchStep, all_bundles, is_search_file
    from sitegen.stages.render import make_environment, render_pages

    out_dir = options.out_dir.resolve()
    environment = make_environment(
        options.templates_dir, options.cache_dir, options.template_layers
    )
    fragments = cache.fragments
    lazy_files = output_files(Built(site, pages, fragments), OUTPUTS)
    work = cache.what_to_render(site, pages, lazy_files, environment)
    search = SearchStep(work.plan, out_dir, all_bundles(site), pages, work.fingerprints,
                        options.search, options.workers)  # fmt: skip
    rendered = chain(  # the agenda's calendars last: they are made of the events' fragments
        render_pages(site, work.first, environment, fragments, options.workers, progress),
        render_pages(site, work.last, environment, fragments),
    )
    static = (work.plan.add(file) for file in _static_and_images(site, options))
    files = chain(work.kept, work.made(rendered), static)
    if few_changes(len(work.jobs), len(work.kept) + len(work.jobs)):
        report = _publish_list(list(files), work, cache, search, owned)
    else:  # written while the rest renders, and not all held in memory
        report = _publish_streamed(files, search, owned)
    cache.published(site, pages, work, search.made_files(out_dir))
    removed = tuple(name for name in work.plan.removed() if not is_search_file(name))
    rendered_paths = tuple(job.output_path for job in work.jobs if isinstance(job, PageSpec))
    return WriteSummary(rendered_paths, report.written, report.kept, removed, report.left_behind)


def _publish_list(
    files: list[OutputFile | KeptFile],
    work: Work,
    cache: BuildCache,
    search: SearchStep,
    owned: frozenset[str],
) -> WriteReport:
    indexer, carried = search.decide()
    cache.before_overwriting()  # after the search step: a carried-over index is not removed
    return write_site([*files, *carried], search.out_dir, indexer, work.plan.removed(), owned)


def _publish_streamed(
    files: Iterator[OutputFile | KeptFile], search: SearchStep, owned: frozenset[str]
) -> WriteReport:
    with StagedSite(search.out_dir, owned) as staged:
        for file in files:
            staged.add(file)
        indexer, carried = search.decide()
        for file in carried:
            staged.add(file)
        return staged.publish(indexer)


def _static_and_images(site: Site, options: BuildOptions) -> Iterator[OutputFile]:
    from sitegen.stages.images import image_files  # start-up time: Pillow

    yield from static_files(options.static_dir)
    sources = [(image, options.content_dir / image.source) for image in site.images.values()]
    yield from image_files(sources, options.cache_dir, options.workers)


def static_files(static_dir: Path) -> list[OutputFile]:
    """The stylesheet and scripts, published under /static/."""
    if not static_dir.is_dir():
        return []
    root = static_dir.resolve()
    return [
        OutputFile(f"static/{path.relative_to(root).as_posix()}", path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.resolve().is_relative_to(root)
    ]


def _with_base_url(valid: ValidContent, base_url: str) -> ValidContent:
    """--base-url overrides site.yaml, e.g. for a preview published somewhere else."""
    from pydantic import HttpUrl  # start-up time: see the imports above

    assert valid.site is not None
    return replace(valid, site=valid.site.model_copy(update={"base_url": HttpUrl(base_url)}))
