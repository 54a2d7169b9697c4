"""Static full-text search with Pagefind: a self-contained bundle per language.

Each language's bundle is made by its own Pagefind run over that language's HTML only, the runs
one after the other: Pagefind holds the pages it indexes in memory until it writes the index,
so a run over half the site peaks at about two thirds of the memory of a run over all of it.
A language whose pages did not change keeps its bundle from the previous build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path

from schemas.fields import LANGUAGES
from sitegen.urls import DEFAULT_LANGUAGE, SEARCH_BUNDLE, language_root

# lang -> the folder of its bundle in the site: pagefind (Dutch), en/pagefind (English)
SEARCH_FOLDERS: dict[str, str] = {
    lang: f"{language_root(lang)}{SEARCH_BUNDLE}".lstrip("/") for lang in LANGUAGES
}
ENTRY_FILE = "pagefind-entry.json"
# Pagefind's glob syntax (the wax crate) gives these a meaning; a backslash makes them literal.
# No output path holds a backslash (write.safe_target refuses it), which wax cannot escape.
_GLOB_SPECIAL = frozenset("?*$:<>()[]{},")


class SearchIndexFailed(RuntimeError):
    pass


def search_indexer(previous_site: Path, languages: Collection[str]) -> Callable[[Path], None]:
    """The finishing step of a build that indexes the given languages of the new site, one run
    after the other, and keeps the index files that did not change."""
    chosen = [lang for lang in LANGUAGES if lang in languages]  # a fixed order

    def index(site_dir: Path) -> None:
        for lang in chosen:
            build_search_index(site_dir, lang)
            folder = SEARCH_FOLDERS[lang]
            keep_unchanged_files(site_dir / folder, previous_site / folder)

    return index


def holds_only_its_language(site_dir: Path, lang: str) -> bool:
    """Whether lang's bundle in site_dir indexes lang alone: one made by an older build that
    indexed the whole site at once also holds the other languages, and must be made again."""
    try:
        entry = json.loads((site_dir / SEARCH_FOLDERS[lang] / ENTRY_FILE).read_bytes())
        return set(entry["languages"]) == {lang}
    except (OSError, ValueError, KeyError, TypeError):
        return False


def keep_unchanged_files(new_folder: Path, old_folder: Path) -> None:
    """Pagefind writes its whole index again; files whose bytes did not change are replaced by
    the previous build's file, so they keep their modification time and need no upload."""
    if not old_folder.is_dir():
        return
    for new_file in new_folder.rglob("*"):
        old_file = old_folder / new_file.relative_to(new_folder)
        if (
            new_file.is_file()
            and old_file.is_file()
            and new_file.stat().st_size == old_file.stat().st_size
            and new_file.read_bytes() == old_file.read_bytes()
        ):
            new_file.unlink()
            os.link(old_file, new_file)


def build_search_index(site_dir: Path, lang: str) -> None:
    """Run the Pagefind binary (shipped by the pagefind[bin] package) over lang's pages.

    --site stays the site's root, so the index holds the pages' real URLs (/en/events/x/);
    --glob picks the language's pages and --output-subdir puts the bundle in its folder. It
    needs no network at build time or at run time.
    """
    glob, folder = language_glob(site_dir, lang), SEARCH_FOLDERS[lang]
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    command += ["--glob", glob, "--output-subdir", folder]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexFailed(f"pagefind failed for {lang!r}:\n{result.stdout}{result.stderr}")
    _sort_entry_file(site_dir / folder / ENTRY_FILE)


def language_glob(site_dir: Path, lang: str) -> str:
    """The HTML files of lang: everything under en/ for English; for the default language,
    whose pages share the root with the other languages' folders, each of its own entries."""
    if lang != DEFAULT_LANGUAGE:
        return f"{_literal(language_root(lang).strip('/'))}/**/*.html"
    others = {language_root(other).strip("/") for other in LANGUAGES if other != lang}
    others.add(SEARCH_FOLDERS[lang])  # no pages there; not walking it saves time
    parts = [
        f"{_literal(path.name)}/**/*.html" if path.is_dir() else _literal(path.name)
        for path in sorted(site_dir.iterdir())
        if path.name not in others and (path.is_dir() or path.suffix == ".html")
    ]
    return "{" + ",".join(parts) + "}"


def _literal(name: str) -> str:
    return "".join(f"\\{char}" if char in _GLOB_SPECIAL else char for char in name)


def _sort_entry_file(path: Path) -> None:
    """Pagefind writes the keys in no fixed order (the languages, when a bundle held several);
    sorting them keeps builds byte-identical."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")
