"""Publishing never loses a file the build did not write, through build.py as editors run it;
a build killed while writing, and two builds at once, leave a whole site.

Each case is tried on throwaway folders, and each asserts that every foreign file is still
there, byte for byte, after the build was refused or went through."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.write import StagedSite
from tests.support.addresses import home, search_bundle, site_path
from tests.support.builds import (
    FIXTURE_SITE,
    TODAY,
    ContentFactory,
    build_into,
    large_content,
    posix_only,
    run_cli,
)
from tests.support.files import every_file, snapshot, someones_folder


def build_cli(
    out: Path, *more: str, content: Path = FIXTURE_SITE
) -> subprocess.CompletedProcess[str]:
    options = ("--content", str(content), "--out", str(out), "--today", "2026-11-25")
    return run_cli("build", *options, *more)


def test_a_folder_with_someones_files_is_refused_and_kept_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    before = someones_folder(out)
    result = build_cli(out)
    assert result.returncode == 2
    assert f"refusing to publish into {out}" in result.stderr
    assert "holds 2 files this build did not write (notes/thesis.txt, photo.jpg)" in result.stderr
    assert "choose an empty or new folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert every_file(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # nothing beside it either


def a_clone(tmp_path: Path) -> Path:
    """A copy of the repository as an editor has it: code, content and .git."""
    clone = tmp_path / "clone"
    for name in ("content", "templates", "static", "schemas", "sitegen"):
        skipped = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PROJECT_ROOT / name, clone / name, ignore=skipped)
    shutil.copy(PROJECT_ROOT / "build.py", clone / "build.py")
    (clone / ".git").mkdir()
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return clone


def test_out_dot_in_a_clone_is_refused_and_the_repository_survives(tmp_path: Path) -> None:
    clone = a_clone(tmp_path)
    before = every_file(clone)
    command = [sys.executable, "build.py", "build", "--out", ".", "--today", "2026-11-25"]
    result = subprocess.run(command, cwd=clone, capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "refusing to publish into .: it holds the content folder" in result.stderr
    assert every_file(clone) == before


@pytest.mark.parametrize("marker", [".git", "content", "templates"])
def test_a_project_folder_is_refused_whatever_else_it_holds(tmp_path: Path, marker: str) -> None:
    out = tmp_path / "project"
    (out / marker).mkdir(parents=True)
    (out / marker / "kept").write_bytes(b"x")
    result = build_cli(out)
    assert result.returncode == 2
    assert f"it holds {marker}, so it is a project's or repository's folder" in result.stderr
    assert every_file(out) == {f"{marker}/kept": b"x"}


def test_an_empty_project_folder_is_refused_too(tmp_path: Path) -> None:
    """A repository with an empty .git file (a worktree's) is still someone's repository."""
    out = tmp_path / "worktree"
    out.mkdir()
    (out / ".git").write_text("gitdir: /elsewhere\n")
    assert build_cli(out).returncode == 2
    assert (out / ".git").read_text() == "gitdir: /elsewhere\n"


def test_a_file_dropped_into_the_site_is_refused_and_named_with_what_to_do(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    (out / "CNAME").write_bytes(b"www.example.nl\n")
    draft = site_path(home("en")) + "draft.html"  # in a folder of the site
    (out / draft).write_bytes(b"<p>mine</p>")
    result = build_cli(out)
    assert result.returncode == 2
    assert f"holds 2 files this build did not write (CNAME, {draft})" in result.stderr
    assert "the build writes CNAME (set cname in content/site.yaml) itself" in result.stderr
    assert (out / "CNAME").read_bytes() == b"www.example.nl\n"
    assert (out / draft).read_bytes() == b"<p>mine</p>"


def test_a_file_dropped_into_a_search_bundle_survives_the_build_that_makes_it_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    """The search indexer writes and links the bundle's files; a foreign file in the bundle's
    folder stops the build before it, even when that bundle is the one to make again."""
    root = content()
    out = tmp_path / "site"
    assert build_cli(out, content=root).returncode == 0
    mine = out / search_bundle("nl").folder / "notes.txt"
    mine.write_bytes(b"mine\n")
    before = snapshot(out)
    event = root / "events" / "afgelast.yaml"  # its Dutch title is in the Dutch bundle
    event.write_text(event.read_text().replace("Afgelaste webinar", "Afgelaste bijeenkomst"))
    result = build_cli(out, content=root)
    assert result.returncode == 2
    assert search_bundle("nl").folder + "/notes.txt" in result.stderr
    assert mine.read_bytes() == b"mine\n"
    assert snapshot(out) == before


def test_a_folder_inside_a_published_site_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    before = every_file(out)
    result = build_cli(out / site_path(home("en")))
    assert result.returncode == 2
    assert f"it lies inside the site published in {out}" in result.stderr
    assert every_file(out) == before


def test_what_a_file_browser_left_is_named_as_such(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    left = site_path(home("en")) + ".DS_Store"  # in a folder of the site
    (out / left).write_bytes(b"\0\0\0\1Bud1")
    result = build_cli(out)
    assert result.returncode == 2
    assert f"({left})" in result.stderr and "the Finder left files" in result.stderr
    assert (out / left).read_bytes() == b"\0\0\0\1Bud1"


def cli_build(out: Path, *more: str) -> int:
    """The command line in this process, so that a test can put a fault in its way."""
    options = ["--content", str(FIXTURE_SITE), "--out", str(out), "--today", "2026-11-25"]
    return cli.main(["build", *options, *more], default_root=PROJECT_ROOT)


def test_a_mount_point_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "volume"
    out.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out or real_ismount(path))
    assert cli_build(out) == 2
    assert "it is a mount point" in capsys.readouterr().err
    assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["volume"]


def a_built_site(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "site"
    assert cli_build(out, "--no-cache") == 0
    return out, every_file(out)


def test_a_folder_that_cannot_be_renamed_is_a_clear_error_and_the_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out, before = a_built_site(tmp_path)
    real_rename = Path.rename

    def busy(self: Path, target: str | Path) -> Path:
        if self == out:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", busy)
    assert cli_build(out, "--no-cache") == 2
    said = capsys.readouterr().err
    assert "cannot be renamed (Device or resource busy)" in said and "Traceback" not in said
    assert every_file(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_full_disk_is_a_clear_error_and_the_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out, before = a_built_site(tmp_path)

    def full(self: StagedSite, file: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "site/.site.new/x/index.html")

    monkeypatch.setattr(StagedSite, "add", full)
    assert cli_build(out, "--no-cache") == 2
    said = capsys.readouterr().err
    assert "could not write a file (site/.site.new/x/index.html): No space left" in said
    assert f"Nothing was published: {out} is as the previous build left it" in said
    assert every_file(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_out_pointing_at_a_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.7")
    result = build_cli(target)
    assert result.returncode == 2 and "it is a file, not a folder" in result.stderr
    assert target.read_bytes() == b"%PDF-1.7"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_cache_that_is_a_file_is_refused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_bytes(b"mine")
    result = build_cli(tmp_path / "site", "--cache", str(cache / "inner"))
    assert result.returncode == 2
    assert f"error: --cache: {cache} is a file" in result.stderr
    assert "Traceback" not in result.stderr and cache.read_bytes() == b"mine"


def test_a_users_folder_named_like_a_retired_site_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    archive = tmp_path / ".site.old-2019"
    before = someones_folder(archive)
    for _ in range(2):  # a build, and the recovery of the next one
        assert build_cli(out, "--no-cache").returncode == 0
    assert every_file(archive) == before


@pytest.mark.parametrize("address", ["https://x.example/?a=1", "https://x.example/#f"])
def test_a_base_url_with_a_query_or_fragment_is_refused(
    content: ContentFactory, tmp_path: Path, address: str
) -> None:
    result = build_cli(tmp_path / "site", "--base-url", address)
    assert result.returncode == 2 and "no ?query or #fragment" in result.stderr
    root = content()
    settings = root / "site.yaml"
    text = settings.read_text()
    settings.write_text(re.sub(r"(?m)^base_url: .*$", f"base_url: {address}", text))
    result = build_cli(tmp_path / "site", content=root)
    assert result.returncode == 1
    assert "site.yaml:" in result.stderr and "base_url" in result.stderr
    assert "no ?query or #fragment" in result.stderr


def start_build(content_dir: Path, out: Path, log: Path) -> subprocess.Popen[bytes]:
    """build.py in its own process group; what it prints goes to log (a pipe could fill up)."""
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--no-cache"]
    command += ["--content", str(content_dir), "--out", str(out), "--today", TODAY.isoformat()]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


@posix_only
def test_a_build_killed_while_writing_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_into(FIXTURE_SITE, out).written
    before = snapshot(out)
    build = start_build(large_content(tmp_path, 800), out, tmp_path / "build.log")
    staging_files = 0
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        staging = [p for p in tmp_path.glob(".site.new-*") if p.is_dir()]
        staging_files = sum(1 for folder in staging for _ in folder.rglob("*.html"))
        if staging_files >= 50:
            os.killpg(build.pid, signal.SIGKILL)  # the build and its search indexer
            break
        time.sleep(0.005)
    build.wait(timeout=60)
    printed = (tmp_path / "build.log").read_text()
    assert build.returncode == -signal.SIGKILL, f"the build ended before it was killed: {printed}"
    assert snapshot(out) == before
    # Whatever was left half-written stays beside site/, never in it; the next build succeeds.
    assert build_into(FIXTURE_SITE, out).written and (out / "index.html").is_file()


def pages_of(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if name.endswith(".html")}


def test_two_builds_at_once_do_not_interleave(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURE_SITE, other)
    settings = other / "site.yaml"
    settings.write_text(settings.read_text().replace("nl: Testnetwerk", "nl: Ander netwerk"))
    references = {}
    for source in (FIXTURE_SITE, other):
        assert build_into(source, tmp_path / "reference").written
        references[source] = pages_of(tmp_path / "reference")
    assert references[FIXTURE_SITE] != references[other]
    out = tmp_path / "site"
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    builds = [start_build(FIXTURE_SITE, out, logs[0]), start_build(other, out, logs[1])]
    for build, log in zip(builds, logs, strict=True):
        assert build.wait(timeout=120) == 0, log.read_text()
    built = pages_of(out)
    # every page comes from one and the same build: the first or the second, never a mix
    assert built in (references[FIXTURE_SITE], references[other])
    assert [p.name for p in tmp_path.glob(".site.*") if p.name != ".site.lock"] == []
