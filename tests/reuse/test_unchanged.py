"""A build with exactly the previous build's inputs (sitegen/reuse/unchanged.py) does nothing,
unless its output folder was replaced by hand."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.support.builds import ContentFactory
from tests.support.cached_builds import build_with_cache


def test_an_unchanged_rebuild_repeats_the_previous_report_without_reading_anything(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    first = build_with_cache(root, tmp_path)
    # Same size and time, broken content: a build that read the file would fail on it.
    theme = root / "themes" / "water.yaml"
    status = theme.stat()
    theme.write_bytes(b":" * status.st_size)
    os.utime(theme, ns=(status.st_atime_ns, status.st_mtime_ns))
    again = build_with_cache(root, tmp_path)
    assert [p.format() for p in again.warnings] == [p.format() for p in first.warnings]
    assert again.page_counts == first.page_counts
    assert again.summary is not None and again.summary.written == 0


def test_an_output_folder_replaced_by_hand_is_built_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    shutil.rmtree(tmp_path / "site")
    again = build_with_cache(root, tmp_path)
    assert again.summary is not None and again.summary.written > 0
    assert (tmp_path / "site" / "index.html").is_file()
