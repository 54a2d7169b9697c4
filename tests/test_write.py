"""Stage 5: output is swapped in whole; no file can be written outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.outputs import OutputFile
from sitegen.write import UnsafePath, output_lock, safe_target, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_files_land_at_their_paths(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([OutputFile("en/events/x/index.html", b"<p>x</p>")], out)
    assert (out / "en" / "events" / "x" / "index.html").read_bytes() == b"<p>x</p>"


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "a/../../b", "a\\..\\b"])
def test_a_path_that_climbs_out_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePath):
        safe_target(tmp_path, path)


def test_a_write_that_fails_halfway_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old")], out)
    before = snapshot(out)
    files = [OutputFile("a/index.html", b"new"), OutputFile("../evil.html", b"x")]
    with pytest.raises(UnsafePath):
        write_site(files, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["site"]


def test_a_failing_finishing_step_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old")], out)

    def indexer_that_fails(_: Path) -> None:
        raise RuntimeError("search indexer crashed")

    with pytest.raises(RuntimeError):
        write_site([OutputFile("index.html", b"new")], out, indexer_that_fails)
    assert (out / "index.html").read_bytes() == b"old"


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with output_lock(out):
        write_site([OutputFile("index.html", b"old")], out)
    # killed after 'site' became '.site.old-123' and before the new one was renamed in
    out.rename(tmp_path / ".site.old-123")
    (tmp_path / ".site.new-123").mkdir()
    with output_lock(out):
        pass
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
