"""Rendered fragments kept between builds: Markdown bodies as HTML, events as iCalendar text.

A page that must be rendered again (its template changed, a list it shows moved) usually shows
bodies that did not change, and Markdown is the most expensive step of a build; the calendar of
the whole agenda is made of one block per event. Both are kept in one SQLite file in the cache
folder, keyed by a hash of the engine's code and everything the fragment is made from, so an
entry can never be stale: a changed input is a different key. The file is safe to delete at any
time (also while the preview runs); a missing or damaged file only costs rendering again.

Forked render workers each open their own connection and write what they made at the end of
their share of the work; SQLite serialises those writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from sitegen.reuse.digests import combine, engine_version
from sitegen.stages.footnotes import NoteWords
from sitegen.stages.markdown import render_markdown

FILE_NAME = "fragments.sqlite"
KEEP_DAYS = 60  # an entry not made again for this long is dropped, so the file cannot grow forever
# Fragments read or made are also remembered in the process, up to this many characters: the
# preview assembles the agenda's calendars again from thousands of VEVENTs after every save.
REMEMBER_CHARS = 16_000_000
_SCHEMA = "CREATE TABLE IF NOT EXISTS fragment (key TEXT PRIMARY KEY, day INTEGER, value TEXT)"


class FragmentStore:
    """A key -> text store on disk; without a path it only remembers within the process."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._pid = os.getpid()
        self._connection: sqlite3.Connection | None = None
        self._pending: dict[str, str] = {}
        self._remembered: dict[str, str] = {}
        self._remembered_chars = 0
        self._pruned_on = 0  # the day this process last dropped old entries

    def get_or_make(self, parts: Sequence[str], make: Callable[[], str]) -> str:
        """The stored fragment for these inputs, or make() once and store it."""
        key = combine([engine_version(), *parts])
        self._after_fork()
        found = self._remembered.get(key) or self._pending.get(key)
        if found is not None:
            return found
        found = self._read(key)
        if found is None:
            found = make()
            self._pending[key] = found
        self._remember(key, found)
        return found

    def _remember(self, key: str, fragment: str) -> None:
        if self._remembered_chars + len(fragment) > REMEMBER_CHARS:
            self._remembered.clear()  # simpler than least-recently-used, and rare
            self._remembered_chars = 0
        self._remembered[key] = fragment
        self._remembered_chars += len(fragment)

    def markdown(self, text: str, shift: int = 0, words: NoteWords | None = None) -> Markup:
        """The Jinja filter: render_markdown, kept between builds."""
        parts = ("markdown", str(shift), *(words or ()), text)
        return Markup(self.get_or_make(parts, lambda: render_markdown(text, shift, words)))

    def flush(self) -> None:
        """Write what this process made; a failure only loses the cache."""
        self._after_fork()
        if self.path is None:  # nowhere to keep them: do not let them pile up either
            self._pending.clear()
            return
        if not self._pending:
            return
        today = int(time.time() // 86400)
        rows = [(key, today, value) for key, value in self._pending.items()]
        with contextlib.suppress(sqlite3.Error, OSError):
            connection = self._open()
            if connection is not None:
                with connection:
                    connection.executemany("INSERT OR REPLACE INTO fragment VALUES (?, ?, ?)", rows)
                    if self._pruned_on != today:  # it reads every row: once a day is enough
                        connection.execute(
                            "DELETE FROM fragment WHERE day < ?", (today - KEEP_DAYS,)
                        )
                        self._pruned_on = today
        self._pending.clear()
        if not self.path.exists():  # deleted meanwhile: start a new file next time
            self._close()

    def _read(self, key: str) -> str | None:
        with contextlib.suppress(sqlite3.Error, OSError):
            connection = self._open()
            if connection is not None:
                row = connection.execute("SELECT value FROM fragment WHERE key = ?", (key,))
                found = row.fetchone()
                return None if found is None else str(found[0])
        return None

    def _open(self) -> sqlite3.Connection | None:
        if self._connection is None and self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(_SCHEMA)
            except sqlite3.OperationalError:  # e.g. locked by another build: use no cache now
                connection.close()
                raise
            except sqlite3.DatabaseError:  # not a database (damaged): start again
                connection.close()
                self.path.unlink(missing_ok=True)
                connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _after_fork(self) -> None:
        """A forked worker must not use its parent's connection, nor write its parent's
        pending fragments again."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._connection = None
            self._pending = {}


@lru_cache(maxsize=8)
def fragment_store(cache_dir: Path | None) -> FragmentStore:
    """One store per cache folder and process, shared by the Jinja filter and the calendars."""
    return FragmentStore(cache_dir / FILE_NAME if cache_dir is not None else None)
