"""Which output folder a build may replace (sitegen/stages/ownership.py): never one the build
reads, a person's folder, or a link planted in the previous site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.pipeline import BuildOptions, build
from sitegen.stages.ownership import RECORD, OutputFolderRefused, claim_output_folder
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.files import every_file, snapshot


def test_a_symlink_in_the_previous_site_cannot_make_the_build_write_outside(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("keep")
    out = tmp_path / "site"
    assert build_into(FIXTURE_SITE, out).written
    shutil.rmtree(out / "agenda")
    os.symlink(outside, out / "agenda")
    with pytest.raises(OutputFolderRefused, match=r"did not write \(agenda\)"):
        build_into(FIXTURE_SITE, out)  # the link is not the build's: it is not touched either
    assert snapshot(outside) == {"index.html": b"keep"}
    assert (out / "agenda").is_symlink()


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("content", "it is the content folder"),
        ("content/events", "it lies inside the content folder"),
        ("", "it holds the content folder"),
        ("cache", "it is the cache folder"),
    ],
)
def test_the_folders_a_build_reads_are_refused(tmp_path: Path, where: str, reason: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    before = every_file(tmp_path)
    out = tmp_path / where
    options = BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache")
    with pytest.raises(OutputFolderRefused, match=reason):
        build(options)
    assert every_file(tmp_path) == before


def test_the_root_the_home_folder_and_shared_folders_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    shared = Path(os.environ.get("TMPDIR", "/tmp")).resolve()
    cases = {
        Path(Path.cwd().anchor): "root of the file system",
        home: "your home folder",
        home / "Documents": "other programs and people share",
        shared: "other programs and people share|holds the home folders",
    }
    mode, names = shared.stat().st_mode, sorted(os.listdir(shared))
    for folder, reason in cases.items():
        options = BuildOptions(content_dir=FIXTURE_SITE, out_dir=folder, cache_dir=None)
        with pytest.raises(OutputFolderRefused, match=reason):
            build(options)
    assert shared.stat().st_mode == mode  # /tmp keeps 1777
    assert not set(names) - set(os.listdir(shared))  # others' files may come, none went


def test_a_site_built_before_records_existed_is_recognised_by_the_cache(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build_into(FIXTURE_SITE, out, cache_dir=cache).written
    (out / RECORD).unlink()  # as the previous version left it
    assert build_into(FIXTURE_SITE, out, cache_dir=cache).written
    assert claim_output_folder(out) >= set(every_file(out))
