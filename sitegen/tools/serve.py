"""The live preview: build, serve the site on 127.0.0.1, rebuild what changed, reload the tab.

This module is the loop: the first build, the server (serve_http.py) and the watcher that
rebuilds after each batch of saves and tells open tabs to reload (serve_reload.py). While the
content has errors, every page shows them (serve_errors.py) and the server keeps running; the
page comes back once the file is fixed. A rebuild that fails in any other way (a template, a
full disk, a fault in the engine) is shown the same way: the server outlives every failure of a
build.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

from jinja2 import TemplateError
from watchfiles import Change, DefaultFilter, watch

from schemas.fields import SITE_TIMEZONE
from sitegen.model.problems import ContentError
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build
from sitegen.reuse.memory import BuildMemory
from sitegen.stages.ownership import OutputFolderRefused
from sitegen.tools.serve_errors import CODE_DIRS, failure_from, project_folders, template_problem
from sitegen.tools.serve_http import CONNECTION_TIMEOUT, PreviewHandler, PreviewServer
from sitegen.tools.serve_reload import BuildFailure, PreviewState


class EditorFilter(DefaultFilter):
    """Ignore the temporary and backup files editors write beside the real one."""

    ignore_entity_patterns = (
        *DefaultFilter.ignore_entity_patterns,
        r"^\.",
        r"^#.*#$",
        r"\.(tmp|bak|orig|swp|swx|part|crdownload)$",
        r"^4913$",  # vim's write test
    )


@dataclass
class Preview:
    """The server and the watcher around one output folder."""

    options: BuildOptions
    port: int
    state: PreviewState = field(default_factory=PreviewState)
    memory: BuildMemory = field(default_factory=BuildMemory)
    log: Callable[[str], None] = print
    fixed_today: bool = False  # --today given: keep it; else each rebuild uses the real date
    built_for: date | None = None  # the 'today' of the last build
    changes_at: datetime | None = None  # when the last site changes by itself (publish_from...)
    connection_timeout: float = CONNECTION_TIMEOUT
    stop: threading.Event = field(default_factory=threading.Event)  # ends serve_forever
    # restart the process when the engine's code changes (not when it runs inside another
    # program, such as a test, which would restart with it)
    restart_on_code_change: bool = True
    last_traceback: str = ""  # the one printed last: the same one is not printed again

    def __post_init__(self) -> None:
        self.state.project_folders = project_folders(self.options)

    def rebuild(self, workers: int = 1) -> BuildResult:
        """Build with search off; in one process (workers=1) once the server and the watcher
        run, as forking a process that runs threads is not safe. Whatever goes wrong, the
        preview keeps running: the page shows what happened."""
        started = time.perf_counter()
        today = self.options.today if self.fixed_today else date.today()
        now = None if self.fixed_today else datetime.now(SITE_TIMEZONE)
        options = replace(
            self.options, today=today, now=now, drafts=True, search=False, workers=workers
        )
        failure = None
        try:
            result = build(options, memory=self.memory)
        except OutputFolderRefused as refusal:
            if self.built_for is None:
                raise  # the first build: the command line says so and stops
            # later, someone put a file into the folder: say so, keep serving the last site
            result = BuildResult([_refused(options.out_dir, refusal)])
        except Exception as error:  # whatever it is, the preview outlives it
            self.memory = BuildMemory()  # what it held may be half updated: start afresh
            result, failure = self._failed(error)
        self.built_for = today
        if result.summary is not None:
            self.changes_at = result.next_change
        milliseconds = (time.perf_counter() - started) * 1000
        for problem in result.problems:
            self.log(problem.format())
        if result.summary is not None:
            self.last_traceback = ""
            pages = len(result.summary.rendered)
            self.log(f"{pages} page(s) rebuilt in {milliseconds:.0f} ms")
        elif result.errors:
            self.log(f"{len(result.errors)} error(s): the preview shows them")
        self.state.publish(result.problems, self.site_prefix(), failure)
        return result

    def _failed(self, error: Exception) -> tuple[BuildResult, BuildFailure | None]:
        """The result of a build that raised: a template's mistake is a problem in a file;
        anything else is a failure, told in one line (a fault of the engine with its
        traceback, printed once however often it recurs)."""
        if isinstance(error, TemplateError):
            return BuildResult([template_problem(error, self.options.templates_dir)]), None
        failure = failure_from(error)
        self.log(f"error: {failure.title.lower()}: {failure.detail}")
        if not isinstance(error, OSError):
            told = "".join(traceback.format_exception(error))
            if told == self.last_traceback:
                self.log("(the same error as before: its traceback is printed above)")
            else:
                self.log(told.rstrip())
                self.last_traceback = told
        return BuildResult([]), failure

    def site_prefix(self) -> str:
        """The path of the base_url of the last site built (while the content has errors, the
        one before); '/' until one is built."""
        planned = self.memory.planned
        return planned.site.urls.prefix if planned is not None else self.state.prefix

    def a_new_day(self) -> bool:
        """Whether 'today' moved on since the last build: a preview left running overnight
        moves the agenda's past events by itself, as the published site does when rebuilt."""
        return not self.fixed_today and self.built_for not in (None, date.today())

    def changed_by_itself(self) -> bool:
        """Whether the site changed since the last build with no file saved: a new day, or an
        item's publish_from or publish_until time passed."""
        if self.fixed_today:
            return False
        passed = self.changes_at is not None and datetime.now(SITE_TIMEZONE) >= self.changes_at
        return passed or self.a_new_day()

    def serve_forever(self) -> bool:
        """Build, serve and rebuild until Ctrl+C (or stop); False, after saying why, when the
        port cannot be listened on. The port is taken before the first build, so that a busy
        one is said at once."""
        try:
            server = self.bind()
        except OSError as error:
            print(
                f"error: --port {self.port}: cannot listen on it ({error.strerror or error}); "
                "hint: another preview may be running there: stop it, or choose another port "
                "with --port (0 picks a free one)",
                file=sys.stderr,
            )
            return False
        with server:  # closed at the end, even if the first build is refused
            self.rebuild(workers=self.options.workers)  # no thread runs yet: all cores
            self.start_serving(server)
            try:
                address = f"http://127.0.0.1:{server.server_port}{self.state.prefix}"
                self.watch(f"Preview on {address} (Ctrl+C to stop)")
            except KeyboardInterrupt:
                pass
            finally:
                server.shutdown()
        return True

    def bind(self) -> PreviewServer:
        """The server, listening (so that clients queue up) but not yet answering."""
        handler = partial(
            PreviewHandler,
            state=self.state,
            directory=self.options.out_dir.resolve(),
            timeout=self.connection_timeout,
        )
        return PreviewServer(("127.0.0.1", self.port), handler)

    def start_serving(self, server: PreviewServer) -> None:
        self.options.out_dir.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def start_server(self) -> PreviewServer:
        server = self.bind()
        self.start_serving(server)
        return server

    def watch(self, ready_message: str) -> None:
        """Rebuild after each batch of saves; say ready_message once the watcher runs."""
        sources = [self.options.content_dir, self.options.templates_dir, self.options.static_dir]
        code = [PROJECT_ROOT / name for name in CODE_DIRS] if self.restart_on_code_change else []
        batches = watch(
            *sources, *code, watch_filter=EditorFilter(), debounce=200,
            rust_timeout=300, yield_on_timeout=True, stop_event=self.stop,
        )  # fmt: skip
        for changes in batches:
            if ready_message:  # the first (empty) batch: the watcher is now running
                self.log(ready_message)
                ready_message = ""
            if not changes:
                if self.changed_by_itself():
                    self.rebuild()
                continue
            if _touches(changes, code):
                self.log("the engine's code changed: restarting")
                os.execv(sys.executable, [sys.executable, *sys.argv])
            self.rebuild()


def _refused(out_dir: Path, refusal: OutputFolderRefused) -> ContentError:
    return ContentError(str(out_dir), None, "", str(refusal), "then save any file again")


def _touches(changes: set[tuple[Change, str]], folders: list[Path]) -> bool:
    return any(Path(path).is_relative_to(folder) for _, path in changes for folder in folders)
