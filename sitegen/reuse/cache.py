"""The one door to everything a build reuses from the builds before it.

A BuildCache owns the previous build's report and input state (unchanged.py), its manifest of
outputs and their fingerprints (manifest.py, fingerprints.py), the fragment store
(fragments.py) and the memory of the last build (memory.py), from which the pages no change
reached are taken over (affected.py): the live preview's, or, for a build from the command
line, the one the previous build kept in the cache folder (store.py). The pipeline calls it at
these points, in this order:

    claim_output_folder()    which files of the output folder the build may replace
    repeat_if_unchanged()    before loading: the previous report, if nothing it read changed;
                             else the stored memory (a command-line build)
    files, models, entries   while loading and validating: what the last build read
    reusable(site)           before planning: the last build's pages that no change reached
    what_to_render(...)      after planning: the files kept, and the jobs to render again
    before_overwriting()     at publishing, when files are moved into the live folder
    published(...)           after publishing: the manifest, and the memory (stored)
    remember(report)         at the end: the report the next build may repeat
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sitegen.model.files import KeptFile, LazyFile, OutputFile
from sitegen.model.problems import UsageError
from sitegen.reuse.manifest import Manifest, OutputPlan, manifest_path
from sitegen.reuse.unchanged import (
    PreviousBuild,
    Report,
    input_state,
    load_previous,
    output_identity,
    save_previous,
    state_path,
)
from sitegen.stages.ownership import claim_output_folder, read_record

# Only a build that has something to do needs the models, Jinja and the fragment store: they
# are imported where they are used, not by a build that repeats the previous one (start-up).
if TYPE_CHECKING:
    from jinja2 import Environment

    from schemas import ContentTypes
    from sitegen.model.entry import EntryMemory, ModelMemory
    from sitegen.model.page import PageSpec
    from sitegen.model.publication import Publication
    from sitegen.model.site import Site
    from sitegen.reuse.affected import ReusablePages
    from sitegen.reuse.fingerprints import Fingerprints
    from sitegen.reuse.fragments import FragmentStore
    from sitegen.reuse.memory import BuildMemory
    from sitegen.stages.load import FileMemory

    Job = PageSpec | LazyFile

__all__ = ["BuildCache", "CacheUnusable", "Report", "Work"]  # the pipeline's door


class CacheOptions(Protocol):
    """The build options the cache reads (pipeline.BuildOptions has them all)."""

    @property
    def cache_dir(self) -> Path | None: ...
    @property
    def out_dir(self) -> Path: ...
    @property
    def content_dir(self) -> Path: ...
    @property
    def template_folders(self) -> tuple[Path, ...]: ...
    @property
    def types(self) -> ContentTypes | None: ...
    @property
    def static_dir(self) -> Path: ...
    @property
    def today(self) -> date: ...
    @property
    def drafts(self) -> bool: ...
    @property
    def publication(self) -> Publication: ...
    @property
    def base_url(self) -> str | None: ...
    @property
    def strict(self) -> bool: ...
    @property
    def search(self) -> bool: ...


class CacheUnusable(UsageError):
    option = "--cache"


@dataclass
class Work:
    """What a build does after planning: the files it keeps, and the jobs it renders again
    (with their fingerprints; those made from the others' fragments last)."""

    plan: OutputPlan
    fingerprints: Fingerprints
    kept: list[KeptFile]
    jobs: list[Job]
    job_fingerprints: list[str]

    @property
    def first(self) -> list[Job]:
        return [job for job in self.jobs if not _is_last(job)]

    @property
    def last(self) -> list[Job]:
        return [job for job in self.jobs if _is_last(job)]

    def made(self, files: Iterable[OutputFile]) -> Iterator[OutputFile | KeptFile]:
        """The rendered files (in the order of jobs), each recorded with its fingerprint."""
        for file, fingerprint in zip(files, self.job_fingerprints, strict=True):
            yield self.plan.add(file, fingerprint)


def _passed(change: datetime | None, publication: Publication) -> bool:
    """Whether the site changed by itself since that build (publish_from with a time: on the
    same 'today', a later build publishes what the earlier one could not)."""
    return change is not None and change <= publication.moment


def _signature(types: ContentTypes | None) -> str:
    """Which content types a build has. The site's own (None) are declared in the engine's
    code, which the input state holds already: they are not made just to be described."""
    return "the site's own" if types is None else types.signature


def _store_path(cache_dir: Path | None, out_dir: Path) -> Path | None:
    """Where the memory of the builds into out_dir is stored (store.py), beside their state."""
    state = state_path(cache_dir, out_dir)
    return None if state is None else state.with_name(state.name.replace(".state.json", ".memory"))


def _is_last(job: Job) -> bool:
    return isinstance(job, LazyFile) and job.after_others


class BuildCache:
    """One build's view of the cache folder and of the preview's memory (None on the command
    line, where each build is a process of its own)."""

    def __init__(self, options: CacheOptions, memory: BuildMemory | None = None) -> None:
        self._options = options
        self._memory = memory
        self._out_dir = options.out_dir.resolve()
        self._manifest_file = manifest_path(options.cache_dir, self._out_dir)
        self._state_file = state_path(options.cache_dir, self._out_dir)
        self._state: str | None = None
        self._store_file = _store_path(options.cache_dir, self._out_dir)
        self._keeps_store = False  # whether this build loaded and saves the stored memory

    @cached_property
    def fragments(self) -> FragmentStore:
        """The store of rendered fragments, opened when a build renders."""
        from sitegen.reuse.fragments import fragment_store  # start-up: it needs the renderers

        return fragment_store(self._options.cache_dir)

    def refuse_unusable(self) -> None:
        """A cache that cannot be a folder is said at once, not found out half-way."""
        cache_dir = self._options.cache_dir
        for folder in (cache_dir, *cache_dir.parents) if cache_dir is not None else ():
            if folder.exists():
                if not folder.is_dir():
                    raise CacheUnusable(
                        f"{folder} is a file, so the cache cannot be kept in {cache_dir}: give a "
                        "folder, or build with --no-cache"
                    )
                return

    def claim_output_folder(self) -> frozenset[str]:
        """The files of the output folder the build may replace; refuses a folder that holds
        any other. The preview looks again only when the folder changed since it last wrote
        it; every step that deletes or replaces a file checks it against the record all the
        same. A site built before folders held their record is named by the manifest."""
        memory = self._memory
        if memory is not None and memory.output_identity == output_identity(self._out_dir):
            return memory.owned
        manifest_file = self._manifest_file
        owned = claim_output_folder(
            self._options.out_dir, lambda: Manifest.load(manifest_file).files
        )
        if memory is not None:
            memory.owned = owned
        return owned

    def repeat_if_unchanged(self) -> Report | None:
        """The previous build's report, if nothing it read has changed and its output is
        intact. The preview never repeats one: its first build fills its memory (so that the
        first save is fast too), and a rebuild follows a change its watcher saw. Its first
        build is remembered all the same, for a build from the command line to repeat."""
        memory = self._memory
        if memory is None or memory.planned is None:
            self._state = self._input_state()  # before reading: a file saved meanwhile counts
        if memory is not None:
            return None
        report = self._previous_report()
        if report is None:
            self._restore_memory()
        return report

    def _previous_report(self) -> Report | None:
        previous = load_previous(self._state_file)
        if previous is None or previous.input_state != self._state:
            return None
        if previous.output_identity != output_identity(self._out_dir):
            return None
        with contextlib.suppress(KeyError, TypeError, ValueError):  # a damaged record: build
            report = Report.from_json(previous.report)
            return None if _passed(report.next_change, self._options.publication) else report
        return None

    def _restore_memory(self) -> None:
        """A build from the command line starts from the memory the previous one stored (or
        an empty one, which it stores when it has published)."""
        if self._store_file is None:
            return
        from sitegen.reuse.store import load_memory  # start-up time: it needs the models

        types = self._options_types()
        self._memory = load_memory(self._store_file, self._store_header(), types)
        if self._memory is None:
            from sitegen.reuse.memory import BuildMemory

            self._memory = BuildMemory()
        self._keeps_store = True

    def _store_header(self) -> bytes:
        """What a stored memory is valid for. Not 'today': the memory, like the preview's,
        holds for another day (what_changed then takes over no page)."""
        from sitegen.reuse.store import store_header

        options = self._options
        folders = [options.content_dir, *options.template_folders, options.static_dir]
        settings = [str(options.base_url), str(options.strict), str(options.search)]
        settings += [str(options.drafts), _signature(options.types), str(self._out_dir)]
        return store_header(settings + [str(folder.resolve()) for folder in folders])

    def _options_types(self) -> ContentTypes:
        import schemas

        return schemas.CONTENT_TYPES if self._options.types is None else self._options.types

    def _input_state(self) -> str:
        options = self._options
        folders = [options.content_dir, *options.template_folders, options.static_dir]
        settings = [str(options.today), str(options.base_url), str(options.strict)]
        settings += [str(options.search), str(options.drafts), _signature(options.types)]
        return input_state(folders, settings + [str(folder.resolve()) for folder in folders])

    @property
    def files(self) -> FileMemory | None:
        return self._memory.files if self._memory is not None else None

    @property
    def models(self) -> ModelMemory | None:
        return self._memory.models if self._memory is not None else None

    @property
    def entries(self) -> EntryMemory | None:
        return self._memory.entries if self._memory is not None else None

    def reusable(self, site: Site) -> ReusablePages:
        """The preview's pages of its last build that no change since can reach."""
        from sitegen.reuse.affected import NOTHING_REUSABLE, reusable_pages  # start-up time

        planned = self._memory.planned if self._memory is not None else None
        return reusable_pages(planned, site) if planned is not None else NOTHING_REUSABLE

    def what_to_render(
        self,
        site: Site,
        pages: list[PageSpec],
        lazy_files: list[LazyFile],
        environment: Environment,
    ) -> Work:
        """Each page and lazy file whose fingerprint the previous build recorded for its file
        is kept; the others are rendered again."""
        from sitegen.reuse.fingerprints import Fingerprints  # start-up time: it needs the models

        planned = self._memory.planned if self._memory is not None else None
        fingerprints = Fingerprints(site, environment, planned)
        plan = self._compared_with_previous()
        wanted: list[tuple[Job, str, str]] = [
            (page, page.output_path, fingerprints.page(page)) for page in pages
        ]
        wanted += [(lazy, lazy.path, fingerprints.of_inputs(lazy.inputs)) for lazy in lazy_files]
        kept: list[KeptFile] = []
        stale: list[tuple[Job, str]] = []
        for job, path, fingerprint in wanted:
            if (file := plan.keep_page(path, fingerprint)) is not None:
                kept.append(file)
            else:
                stale.append((job, fingerprint))
        stale.sort(key=lambda pair: _is_last(pair[0]))
        jobs = [job for job, _ in stale]
        job_fingerprints = [fingerprint for _, fingerprint in stale]
        return Work(plan, fingerprints, kept, jobs, job_fingerprints)

    def _compared_with_previous(self) -> OutputPlan:
        """The plan that compares this build's outputs with the previous build's.

        The preview trusts the files it wrote itself while the manifest and the output folder
        are the ones it left (instead of checking 18,000 files after every save at 10,000
        pages); its first build, and every build from the command line, checks each file."""
        memory = self._memory
        known = memory.manifest if memory is not None else None
        previous = Manifest.load(self._manifest_file, known)
        manifest_is_its_own = known is not None and previous is known  # the file was not rewritten
        folder = output_identity(self._out_dir)
        folder_is_its_own = memory is not None and memory.output_identity == folder
        return OutputPlan(previous, self._out_dir, manifest_is_its_own and folder_is_its_own)

    def before_overwriting(self) -> None:
        """A build killed while it moves files into the live folder is finished by the next
        one, which cannot know what this one added: without the previous build's records, it
        makes the site anew."""
        for record in (self._manifest_file, self._state_file, self._store_file):
            if record is not None:
                record.unlink(missing_ok=True)

    def published(
        self, site: Site, pages: list[PageSpec], work: Work, generated: dict[str, str]
    ) -> None:
        """Record what the build published (generated: the files of generated folders, with
        their fingerprints), for the next build to compare with."""
        manifest = None
        if self._manifest_file is not None:
            manifest = work.plan.manifest_after_write(self._out_dir, generated)
            manifest.save(self._manifest_file)
        if (memory := self._memory) is not None:
            fingerprints = work.fingerprints
            from sitegen.reuse.affected import PlannedBuild  # start-up time

            memory.planned = PlannedBuild(site, pages, fingerprints.made, fingerprints.key)
            memory.manifest = manifest
            memory.output_identity = output_identity(self._out_dir)
            memory.owned = read_record(self._out_dir) or frozenset()
            if self._keeps_store and self._store_file is not None:
                from sitegen.reuse.store import save_memory  # start-up time

                save_memory(self._store_file, self._store_header(), memory, self._options_types())

    def remember(self, report: Report) -> None:
        """The report, for the next build to repeat while nothing it read changes."""
        if self._state is not None and self._state_file is not None:
            identity = output_identity(self._out_dir)
            save_previous(self._state_file, PreviousBuild(self._state, identity, report.to_json()))
