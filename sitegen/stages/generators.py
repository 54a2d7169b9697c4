"""What the write stage asks of a step that makes whole folders of the new site from its pages
(the search indexer, sitegen/outputs/search_indexer.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol


class Generator(Protocol):
    """A step that makes whole folders of the site from its finished pages (the search
    indexer): it reads each page from page_file(path) and writes its folders into root."""

    @property
    def folders(self) -> Sequence[str]:
        """The folders it makes, relative to the site root."""

    def __call__(self, page_file: Callable[[str], Path], root: Path) -> None: ...


class FedGenerator(Generator, Protocol):
    """A generator that can start on the new site before it is complete: it is handed each
    file as it is written (take), so that it can make a folder as soon as its pages are in."""

    def start(self, page_file: Callable[[str], Path], root: Path) -> None: ...

    def take(self, path: str, content: bytes | None) -> None:
        """A file just written; content None: one kept from the previous site."""

    def stop(self) -> None:
        """Stop writing into root at once (the build failed); nothing once it is done."""
