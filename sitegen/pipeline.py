"""The whole build: load -> validate -> link -> plan -> render -> write, errors collected."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path

from pydantic import HttpUrl

from schemas import CONTENT_TYPES, ContentTypes
from sitegen.model.agenda import next_change
from sitegen.model.entry import ValidContent
from sitegen.model.files import KeptFile, LazyFile, OutputFile
from sitegen.model.page import PageSpec
from sitegen.model.problems import ContentError, UsageError, errors_only, sorted_problems
from sitegen.model.site import Site
from sitegen.outputs.calendar import calendar_files
from sitegen.outputs.feeds import feed_files
from sitegen.outputs.hosting import host_files
from sitegen.outputs.search import SearchStep, all_bundles, is_search_file
from sitegen.outputs.sitemap import sitemap_files
from sitegen.reuse.affected import PlannedBuild
from sitegen.reuse.fingerprints import Fingerprints
from sitegen.reuse.fragments import FragmentStore, fragment_store
from sitegen.reuse.manifest import Manifest, OutputPlan, manifest_path
from sitegen.reuse.memory import BuildMemory
from sitegen.reuse.unchanged import (
    PreviousBuild,
    input_state,
    load_previous,
    output_identity,
    problems_from_json,
    problems_to_json,
    save_previous,
    state_path,
)
from sitegen.stages.declared import declaration_problems, without_repeats
from sitegen.stages.link import link_content
from sitegen.stages.load import load_content
from sitegen.stages.ownership import (
    RECORD,
    claim_output_folder,
    read_record,
    refuse_unsafe_location,
)
from sitegen.stages.plan import plan_pages
from sitegen.stages.render import Job, Progress, make_environment, render_pages
from sitegen.stages.validate import validate_content
from sitegen.stages.write import StagedSite, WriteReport, few_changes, output_lock, write_site

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
    base_url: str | None = None
    strict: bool = False
    search: bool = True
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    types: ContentTypes = CONTENT_TYPES  # the content types the site is made of
    # templates folders (with words in i18n/) over templates_dir: the first one's template wins
    template_layers: tuple[Path, ...] = ()

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


def check(
    options: BuildOptions, memory: BuildMemory | None = None
) -> tuple[Site | None, list[PageSpec], list[ContentError]]:
    """Run every stage up to rendering; return the site, its pages and all problems."""
    catalogs = tuple(folder / CATALOG_FOLDER for folder in options.template_folders)
    files = memory.files if memory else None
    raw, problems = load_content(options.content_dir, options.types.names, catalogs, files)
    models = memory.models if memory else None
    valid, validation_problems = validate_content(raw, options.types, models)
    problems += validation_problems
    if declared := declaration_problems(options.types, options.template_folders, raw, valid):
        return None, [], sorted_problems(without_repeats(problems, declared))  # nothing to link
    if options.base_url and valid.site is not None:
        valid = _with_base_url(valid, options.base_url)
    site, link_problems = link_content(valid, options.today, options.types)
    problems += link_problems
    pages: list[PageSpec] = []
    if site is not None:
        pages, page_problems = plan_pages(site, memory.planned if memory else None)
        problems += page_problems
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

    progress, if given, hears how many pages are rendered so far (for a terminal). Raises
    OutputFolderRefused, before any work, when the output folder is not the build's own."""
    started = time.perf_counter()
    if not write:
        site, pages, problems = check(options)
        return BuildResult(problems, pages, False, time.perf_counter() - started,
                           page_counts=count_pages(pages))  # fmt: skip
    # A rebuild of the preview follows a change its watcher saw, so it skips the check for an
    # unchanged site; its first build fills its memory, so that the first save is fast too.
    state = None
    if memory is None or memory.planned is None:
        state = _input_state(options)  # before reading: a file saved meanwhile counts next time
    refuse_unsafe_location(options.out_dir, _project_folders(options))
    _refuse_unusable_cache(options.cache_dir)
    if _unrecorded(options.out_dir):
        _claim(options, memory)  # a folder refused gets no lock file beside it either
    with output_lock(options.out_dir) as left_behind, _cyclic_collection_paused():
        owned = _claim(options, memory)  # again: a build killed meanwhile may have changed it
        repeated = _repeat_if_unchanged(options, state) if state and memory is None else None
        if repeated is not None:
            return replace(repeated, seconds=time.perf_counter() - started)
        site, pages, problems = check(options, memory)
        counts = count_pages(pages)
        if site is None or errors_only(problems):
            seconds = time.perf_counter() - started
            return BuildResult(problems, pages, False, seconds, page_counts=counts)
        summary = _render_and_write(site, pages, options, progress, memory, owned)
        summary = replace(summary, left_behind=(*left_behind, *summary.left_behind))
        seconds = time.perf_counter() - started
        result = BuildResult(problems, pages, True, seconds, summary, next_change(site), counts)
        if state is not None:
            _remember(options, state, result)
    return result


class CacheUnusable(UsageError):
    option = "--cache"


def _refuse_unusable_cache(cache_dir: Path | None) -> None:
    """A cache that cannot be a folder is said at once, not found out half-way."""
    if cache_dir is None:
        return
    for folder in (cache_dir, *cache_dir.parents):
        if folder.exists():
            if not folder.is_dir():
                raise CacheUnusable(
                    f"{folder} is a file, so the cache cannot be kept in {cache_dir}: give a "
                    "folder, or build with --no-cache"
                )
            return


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


def _claim(options: BuildOptions, memory: BuildMemory | None) -> frozenset[str]:
    """The files of the output folder the build may replace; refuses a folder that holds any
    other. The preview looks again only when the folder changed since it last wrote it; every
    step that deletes or replaces a file checks it against the record all the same."""
    out_dir = options.out_dir.resolve()
    if memory is not None and memory.output_identity == output_identity(out_dir):
        return memory.owned
    owned = claim_output_folder(options.out_dir, lambda: _legacy_record(options, out_dir))
    if memory is not None:
        memory.owned = owned
    return owned


def _legacy_record(options: BuildOptions, out_dir: Path) -> Iterable[str]:
    """The cache's list of the files of a site built before folders held their record."""
    return Manifest.load(manifest_path(options.cache_dir, out_dir)).files


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


def _input_state(options: BuildOptions) -> str:
    folders = [options.content_dir, *options.template_folders, options.static_dir]
    settings = [str(options.today), str(options.base_url), str(options.strict), str(options.search)]
    settings.append(options.types.signature)
    return input_state(folders, settings + [str(folder.resolve()) for folder in folders])


def _repeat_if_unchanged(options: BuildOptions, state: str) -> BuildResult | None:
    """The previous build's result, if nothing it read has changed and its output is intact."""
    previous = load_previous(state_path(options.cache_dir, options.out_dir))
    if previous is None or previous.input_state != state:
        return None
    if previous.output_identity != output_identity(options.out_dir):
        return None
    report = previous.report
    change = report["next_change"]
    return BuildResult(
        problems=problems_from_json(report["problems"]),
        written=True,
        summary=WriteSummary((), 0, report["files"], ()),
        next_change=datetime.fromisoformat(change) if change else None,
        page_counts=report["page_counts"],
    )


def _remember(options: BuildOptions, state: str, result: BuildResult) -> None:
    path = state_path(options.cache_dir, options.out_dir)
    if path is None or result.summary is None:
        return
    summary = result.summary
    report = {
        "problems": problems_to_json(result.problems),
        "files": summary.written + summary.kept,
        "next_change": result.next_change.isoformat() if result.next_change else None,
        "page_counts": result.page_counts,
    }
    save_previous(path, PreviousBuild(state, output_identity(options.out_dir), report))


def _render_and_write(
    site: Site,
    pages: list[PageSpec],
    options: BuildOptions,
    progress: Progress | None,
    memory: BuildMemory | None,
    owned: frozenset[str],
) -> WriteSummary:
    out_dir = options.out_dir.resolve()
    manifest_file = manifest_path(options.cache_dir, out_dir)
    plan = _compared_with_previous(manifest_file, out_dir, memory)
    environment = make_environment(
        options.templates_dir, options.cache_dir, options.template_layers
    )
    fragments = fragment_store(options.cache_dir)
    fingerprints = Fingerprints(site, environment, memory.planned if memory else None)
    kept, stale = _what_to_render(site, pages, plan, fingerprints, fragments)
    jobs = [job for job, _ in stale]
    first = [job for job in jobs if not _is_last(job)]  # stale holds these first
    rendered = chain(  # the agenda's calendars last: they are made of the events' fragments
        render_pages(site, first, environment, fragments, options.workers, progress),
        render_pages(site, jobs[len(first) :], environment, fragments),
    )
    made = (
        plan.add(file, fingerprint) for file, (_, fingerprint) in zip(rendered, stale, strict=True)
    )
    static = (plan.add(file) for file in static_files(options.static_dir))
    files = chain(kept, made, static)
    search = SearchStep(plan, out_dir, all_bundles(site), pages, fingerprints, options.search,
                        options.workers)  # fmt: skip
    if few_changes(len(stale), len(kept) + len(stale)):
        report = _publish_list(list(files), plan, options, search, owned)
    else:  # written while the rest renders, and not all held in memory
        report = _publish_streamed(files, search, owned)
    manifest = None
    if manifest_file is not None:
        manifest = plan.manifest_after_write(out_dir, search.made_files(out_dir))
        manifest.save(manifest_file)
    if memory is not None:
        memory.planned = PlannedBuild(site, pages, fingerprints.made, fingerprints.key)
        memory.manifest = manifest
        memory.output_identity = output_identity(out_dir)
        memory.owned = read_record(out_dir) or frozenset()
    removed = tuple(name for name in plan.removed() if not is_search_file(name))
    rendered_paths = tuple(job.output_path for job in jobs if isinstance(job, PageSpec))
    return WriteSummary(rendered_paths, report.written, report.kept, removed, report.left_behind)


def _compared_with_previous(
    manifest_file: Path | None, out_dir: Path, memory: BuildMemory | None
) -> OutputPlan:
    """The plan that compares this build's outputs with the previous build's.

    The preview trusts the files it wrote itself while the manifest and the output folder are
    the ones it left (instead of checking 18,000 files after every save at 10,000 pages); its
    first build, and every build from the command line, checks each file."""
    known = memory.manifest if memory else None
    previous = Manifest.load(manifest_file, known)
    manifest_is_its_own = known is not None and previous is known  # the file was not rewritten
    folder_is_its_own = memory is not None and memory.output_identity == output_identity(out_dir)
    return OutputPlan(previous, out_dir, trusted=manifest_is_its_own and folder_is_its_own)


def _what_to_render(
    site: Site,
    pages: list[PageSpec],
    plan: OutputPlan,
    fingerprints: Fingerprints,
    fragments: FragmentStore,
) -> tuple[list[KeptFile], list[tuple[Job, str]]]:
    """The files kept as they are, and the jobs (with their fingerprints) to do again."""
    kept: list[KeptFile] = []
    stale: list[tuple[Job, str]] = []
    for page in pages:
        fingerprint = fingerprints.page(page)
        if (file := plan.keep_page(page.output_path, fingerprint)) is not None:
            kept.append(file)
        else:
            stale.append((page, fingerprint))
    lazy_files = calendar_files(site, fragments) + feed_files(site, fragments)
    for lazy in lazy_files + sitemap_files(site, pages) + host_files(site):
        fingerprint = fingerprints.of_inputs(lazy.inputs)
        if (file := plan.keep_page(lazy.path, fingerprint)) is not None:
            kept.append(file)
        else:
            stale.append((lazy, fingerprint))
    stale.sort(key=lambda pair: _is_last(pair[0]))
    return kept, stale


def _is_last(job: Job) -> bool:
    return isinstance(job, LazyFile) and job.after_others


def _publish_list(
    files: list[OutputFile | KeptFile],
    plan: OutputPlan,
    options: BuildOptions,
    search: SearchStep,
    owned: frozenset[str],
) -> WriteReport:
    indexer, carried = search.decide()
    # A build killed while it moves files in is finished by the next one, which cannot know
    # what this one added: without the previous build's records, it makes the site anew.
    for record in (
        manifest_path(options.cache_dir, search.out_dir),
        state_path(options.cache_dir, search.out_dir),
    ):
        if record is not None:
            record.unlink(missing_ok=True)
    # after the search step: a carried-over index is not removed
    return write_site([*files, *carried], search.out_dir, indexer, plan.removed(), owned)


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
    assert valid.site is not None
    return replace(valid, site=valid.site.model_copy(update={"base_url": HttpUrl(base_url)}))
