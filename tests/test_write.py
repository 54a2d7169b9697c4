"""Stage 5: output is swapped in whole; no page can be written outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.render import RenderedPage
from sitegen.write import UnsafePath, page_file, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_pages_become_folders_with_an_index(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([RenderedPage("/en/events/x/", "en", "<p>x</p>")], tmp_path / "none", out)
    assert (out / "en" / "events" / "x" / "index.html").read_text() == "<p>x</p>"


def test_a_url_that_climbs_out_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafePath):
        page_file(tmp_path, "/../../etc/")


def test_a_write_that_fails_halfway_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([RenderedPage("/", "nl", "old")], tmp_path / "none", out)
    before = snapshot(out)
    pages = [RenderedPage("/a/", "nl", "new"), RenderedPage("/../evil/", "nl", "x")]
    with pytest.raises(UnsafePath):
        write_site(pages, tmp_path / "none", out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["site"]
