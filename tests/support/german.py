"""The fixture site with German added as a newcomer adds it (README, 'Adding a language').

tests/fixtures/german/ holds exactly the files that changed, as they lie in a site's folder:
content/site.yaml (a languages: block, German names and menus), a catalog
templates/i18n/de.yaml, and the items given German words: `de:` blocks, and the German of their
per-language labels (a figure's label, a contact's role), which a site in German needs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.pipeline import BuildOptions
from tests.support.builds import TODAY, a_site_folder

GERMAN = Path(__file__).parents[1] / "fixtures" / "german"
CODES = ("nl", "en", "de")


def with_german(folder: Path) -> Path:
    """A site folder of the fixture with German added; returns the folder."""
    a_site_folder(folder)
    shutil.copytree(GERMAN, folder, dirs_exist_ok=True)
    return folder


def options_for(folder: Path, **changes: object) -> BuildOptions:
    return BuildOptions(
        content_dir=folder / "content",
        out_dir=folder / "site",
        templates_dir=folder / "templates",
        static_dir=folder / "static",
        cache_dir=None,
        today=TODAY,
        **changes,  # type: ignore[arg-type]
    )
