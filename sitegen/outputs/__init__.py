"""What goes beside the pages: calendars, feeds, sitemap, search index, host files and
redirects from former addresses (one
module each).

OUTPUTS is the list the pipeline makes files from, besides the pages and the search index
(search.py, which runs Pagefind over the written pages). A new output is a module with a
function from Built to its LazyFiles, and one line here."""

from __future__ import annotations

from collections.abc import Callable

from sitegen.model.files import LazyFile
from sitegen.outputs.built import Built
from sitegen.outputs.calendar import calendar_files
from sitegen.outputs.feeds import feed_files
from sitegen.outputs.hosting import host_files
from sitegen.outputs.redirects import redirect_files
from sitegen.outputs.sitemap import sitemap_files

Output = Callable[[Built], list[LazyFile]]
OUTPUTS: tuple[Output, ...] = (
    calendar_files,
    feed_files,
    sitemap_files,
    host_files,
    redirect_files,
)


def output_files(built: Built, outputs: tuple[Output, ...] = OUTPUTS) -> list[LazyFile]:
    """Every output's files, in the order of the list."""
    return [file for output in outputs for file in output(built)]
