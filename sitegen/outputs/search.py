"""Static full-text search with Pagefind: one index per language, built from the finished HTML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEARCH_FOLDER = "pagefind"


class SearchIndexFailed(RuntimeError):
    pass


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
