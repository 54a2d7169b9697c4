"""Files a static host reads from the site's root: CNAME and .nojekyll for GitHub Pages.

They come from the site settings, so that nobody needs to put files into the output folder
by hand (the build refuses a folder holding files it did not write)."""

from __future__ import annotations

from sitegen.model.files import LazyFile
from sitegen.outputs.built import Built


def host_files(built: Built) -> list[LazyFile]:
    settings = built.site.settings
    files = []
    if settings.cname is not None:
        domain = f"{settings.cname}\n"
        files.append(LazyFile("CNAME", (domain,), domain.encode))
    if settings.nojekyll:
        files.append(LazyFile(".nojekyll", ("",), bytes))
    return files
