"""Static full-text search with Pagefind: one index per language, built from the finished HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SEARCH_FOLDER = "pagefind"


class SearchIndexFailed(RuntimeError):
    pass


def search_indexer(previous_site: Path) -> Callable[[Path], None]:
    """The finishing step of a build that indexes the new site and keeps unchanged index files."""

    def index(site_dir: Path) -> None:
        build_search_index(site_dir)
        keep_unchanged_files(site_dir / SEARCH_FOLDER, previous_site / SEARCH_FOLDER)

    return index


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


def build_search_index(site_dir: Path) -> None:
    """Run the Pagefind binary (shipped by the pagefind[bin] package) over site_dir.

    Pagefind reads <html lang> and writes a separate index per language into
    site_dir/pagefind/; it needs no network at build time or at run time.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexFailed(f"pagefind failed:\n{result.stdout}{result.stderr}")
    _sort_entry_file(site_dir / SEARCH_FOLDER / "pagefind-entry.json")


def _sort_entry_file(path: Path) -> None:
    """Pagefind lists the languages in no fixed order; sorting keeps builds byte-identical."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")
