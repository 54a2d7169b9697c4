"""What the live preview shows now, and how an open tab learns that it changed: a counter that
each rebuild moves on, streamed to the tab as server-sent events by a script that this server
adds to every HTML page it serves (so the script never reaches the published site)."""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model.problems import ContentError, errors_only

RELOAD_PATH = "__livereload"  # the stream and its script live in the site's folder


RELOAD_SCRIPT_PATH = "__livereload.js"


@dataclass(frozen=True)
class BuildFailure:
    """A rebuild stopped by an exception rather than by content errors: what the page says."""

    title: str
    detail: str  # the exception in one line
    advice: str  # what to do


@dataclass
class PreviewState:
    """What the browser should see now, and a counter that tells open tabs to reload."""

    version: int = 0
    problems: list[ContentError] = field(default_factory=list)
    failure: BuildFailure | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)
    prefix: str = "/"  # the site's address on the server: the path of its base_url
    # the folders the error page shows paths relative to, instead of the machine's own paths
    project_folders: tuple[Path, ...] = ()

    def publish(
        self, problems: list[ContentError], prefix: str, failure: BuildFailure | None = None
    ) -> None:
        with self.changed:
            self.problems = problems
            self.failure = failure
            self.prefix = prefix
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def broken(self) -> bool:
        """Whether pages show the errors of the last build instead of the site."""
        return self.failure is not None or bool(errors_only(self.problems))


def reload_script(prefix: str) -> bytes:
    return f"""// Added by the preview server only: reload this tab after every rebuild.
new EventSource("{prefix}{RELOAD_PATH}").addEventListener("reload", () => location.reload());
""".encode()


def reload_tag(prefix: str) -> bytes:
    return f'<script src="{html.escape(prefix)}{RELOAD_SCRIPT_PATH}" defer></script>'.encode()
