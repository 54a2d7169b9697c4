"""Publishing never loses a file the build did not write (ownership.py, write.py).

Each case is tried on throwaway folders, and each asserts that every foreign file is still
there, byte for byte, after the build was refused or went through."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.model.files import KeptFile, OutputFile
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from sitegen.stages.ownership import RECORD, OutputFolderRefused, claim_output_folder
from sitegen.stages.write import ForeignFileInTheWay, StagedSite, output_lock, write_site
from sitegen.tools import serve
from tests.conftest import FIXTURE_SITE, TODAY, ContentFactory, build_into, posix_only, run_cli
from tests.test_hardening import large_content


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file below folder with its bytes (symbolic links not followed)."""
    files = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def someones_folder(folder: Path) -> dict[str, bytes]:
    """A folder holding a person's files; returns them for comparing afterwards."""
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "thesis.txt").write_bytes(b"four years of work\n")
    (folder / "photo.jpg").write_bytes(bytes(range(256)))
    return every_file(folder)


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


def test_a_file_dropped_into_the_site_is_refused_and_named_with_what_to_do(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    (out / "CNAME").write_bytes(b"www.example.nl\n")
    (out / "en" / "draft.html").write_bytes(b"<p>mine</p>")
    result = build_cli(out)
    assert result.returncode == 2
    assert "holds 2 files this build did not write (CNAME, en/draft.html)" in result.stderr
    assert "the build writes CNAME (set cname in content/site.yaml) itself" in result.stderr
    assert (out / "CNAME").read_bytes() == b"www.example.nl\n"
    assert (out / "en" / "draft.html").read_bytes() == b"<p>mine</p>"


def test_the_site_settings_write_the_files_a_host_needs(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    settings = root / "site.yaml"
    settings.write_text(settings.read_text() + "cname: www.example.nl\nnojekyll: true\n")
    out = tmp_path / "site"
    assert build_into(root, out).written
    assert (out / "CNAME").read_text() == "www.example.nl\n"
    assert (out / ".nojekyll").read_bytes() == b""
    assert build_into(root, out).written  # and the next build owns them


def test_a_bad_cname_is_a_content_error(content: ContentFactory, tmp_path: Path) -> None:
    root = content()
    settings = root / "site.yaml"
    settings.write_text(settings.read_text() + "cname: https://www.example.nl/\n")
    result = build_into(root, tmp_path / "site")
    assert not result.written
    assert [(Path(e.path).name, e.field) for e in result.errors] == [("site.yaml", "cname")]


@posix_only
def test_a_folder_of_the_build_is_replaced_and_its_mode_and_owner_survive(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_into(FIXTURE_SITE, out).written
    os.chmod(out, 0o751)
    owner = (os.getuid(), os.getgid()) if hasattr(os, "getuid") else None
    if owner is not None and owner[0] == 0:
        os.chown(out, 1234, 1234)  # as root: another owner, which the swap must keep
    identity = out.stat().st_ino
    assert build_into(FIXTURE_SITE, out).written  # without a cache: a new tree, swapped in
    status = out.stat()
    assert status.st_ino != identity, "the test meant to exercise the swap"
    assert stat.S_IMODE(status.st_mode) == 0o751
    if owner is not None and owner[0] == 0:
        assert (status.st_uid, status.st_gid) == (1234, 1234)


def test_a_file_put_in_the_old_site_while_it_is_replaced_is_left_beside_it(
    tmp_path: Path,
) -> None:
    """The check before the build cannot see a file saved during it; the swap deletes only
    what the record names, and leaves the rest where it is, named in the report."""
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old")], out)

    class SavesAFileMeanwhile:
        folders = ("gen",)

        def __call__(self, page_file: Callable[[str], Path], root: Path) -> None:
            (out / "late.txt").write_bytes(b"saved during the build")

    many = [OutputFile(f"p{n}.html", b"p") for n in range(60)]
    report = write_site([OutputFile("index.html", b"new"), *many], out, SavesAFileMeanwhile())
    assert (out / "index.html").read_bytes() == b"new" and not (out / "late.txt").exists()
    [left] = report.left_behind
    assert every_file(left) == {"late.txt": b"saved during the build"}


def test_an_update_in_place_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "site"
    pages = [OutputFile(f"p{n}.html", b"p") for n in range(60)]
    write_site(pages, out)
    (out / "new.html").write_bytes(b"someone's")
    files: list[OutputFile | KeptFile] = [KeptFile(page.path) for page in pages]
    files.append(OutputFile("new.html", b"the build's"))
    with pytest.raises(ForeignFileInTheWay, match=r"new\.html"), output_lock(out):
        write_site(files, out, owned=claim_output_folder_ignoring(out, "new.html"))
    assert (out / "new.html").read_bytes() == b"someone's"


def claim_output_folder_ignoring(out: Path, name: str) -> frozenset[str]:
    """What the build owns in out, as if the check before it had not seen name (a race)."""
    owned = set(every_file(out)) - {name}
    return frozenset(owned)


def test_a_site_built_before_records_existed_is_recognised_by_the_cache(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build_into(FIXTURE_SITE, out, cache_dir=cache).written
    (out / RECORD).unlink()  # as the previous version left it
    assert build_into(FIXTURE_SITE, out, cache_dir=cache).written
    assert claim_output_folder(out) >= set(every_file(out))


def pagefind_children(parent: int) -> list[int]:
    """The Pagefind processes that parent started (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = (entry / "comm").read_text().strip()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and "pagefind" in name:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PDEATHSIG")
def test_a_killed_build_leaves_no_pagefind_running_and_nothing_beside_the_site(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    content = large_content(tmp_path, 600)
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--no-cache"]
    command += ["--content", str(content), "--out", str(out), "--today", TODAY.isoformat()]
    build_process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 120
    while build_process.poll() is None and not children and time.monotonic() < deadline:
        children = pagefind_children(build_process.pid)
        time.sleep(0.01)
    assert children, "the build ended before Pagefind started"
    build_process.send_signal(signal.SIGKILL)  # the build only, not its process group
    build_process.wait(timeout=30)
    deadline = time.monotonic() + 1  # far less than Pagefind takes over these pages
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if alive(pid)], "Pagefind outlived the build"
    assert build_into(FIXTURE_SITE, out).written
    beside = sorted(p.name for p in tmp_path.iterdir())
    assert beside == [".site.lock", "content", "site"]


def test_a_folder_inside_a_published_site_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    before = every_file(out)
    result = build_cli(out / "en")
    assert result.returncode == 2
    assert f"it lies inside the site published in {out}" in result.stderr
    assert every_file(out) == before


def test_what_a_file_browser_left_is_named_as_such(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_cli(out).returncode == 0
    (out / "en" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    result = build_cli(out)
    assert result.returncode == 2
    assert "(en/.DS_Store)" in result.stderr and "the Finder left files" in result.stderr
    assert (out / "en" / ".DS_Store").read_bytes() == b"\0\0\0\1Bud1"


def test_the_preview_refuses_a_folder_it_does_not_own_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    before = someones_folder(out)
    command = ["serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", "0"]
    result = run_cli(*command)
    assert result.returncode == 2
    assert f"refusing to publish into {out}" in result.stderr and "Traceback" not in result.stderr
    assert every_file(out) == before


def test_the_preview_keeps_serving_when_a_file_appears_in_its_folder(
    content: ContentFactory, tmp_path: Path
) -> None:
    """A file saved into the preview's folder is never deleted: one in a subfolder stays
    through later rebuilds (each step that replaces or deletes checks the record); one at the
    top changes the folder, so the preview looks again and shows the refusal instead."""
    root, out = content(), tmp_path / "site"
    preview = serve.Preview(BuildOptions(content_dir=root, out_dir=out), port=0, log=print)
    assert preview.rebuild().written
    (out / "agenda" / "mine.txt").write_bytes(b"mine")
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text() + "capacity: {min: 5, max: 12}\n")
    assert preview.rebuild().written
    assert (out / "agenda" / "mine.txt").read_bytes() == b"mine"
    (out / "notes.txt").write_bytes(b"notes")
    result = preview.rebuild()
    assert not result.written and len(result.errors) == 1
    assert "holds 2 files this build did not write (agenda/mine.txt, notes.txt)" in str(
        result.errors[0].message
    )
    assert preview.state.problems == result.problems  # every page of the preview says so
    assert (out / "notes.txt").read_bytes() == b"notes"


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
