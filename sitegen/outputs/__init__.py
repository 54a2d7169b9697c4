"""What goes beside the pages: calendars, feeds, sitemap and search index (one module each)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site that is not an HTML page; path is relative to the site root."""

    path: str
    content: bytes
