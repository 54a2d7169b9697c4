"""The files a build publishes besides its pages, and those it carries over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site that is not an HTML page; path is relative to the site root."""

    path: str
    content: bytes


@dataclass(frozen=True)
class LazyFile:
    """A file made only when its inputs changed since the previous build.

    inputs name everything its bytes depend on (item digests, language, day); make builds it.
    after_others: it is put together from fragments the other files leave in the fragment
    store, so it is made after them (in the main process).
    """

    path: str
    inputs: tuple[str, ...]
    make: Callable[[], bytes]
    after_others: bool = False


@dataclass(frozen=True)
class KeptFile:
    """An output file that is unchanged since the previous build: carried over, not written."""

    path: str
