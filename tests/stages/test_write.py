"""Stage 5, writing (sitegen/stages/write.py): a build is published whole or not at all; no file
can be written outside the site, and none it did not write is overwritten."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.model.files import KeptFile, OutputFile
from sitegen.stages import write
from sitegen.stages.ownership import RECORD
from sitegen.stages.write import (
    STAGING_MARK,
    ForeignFileInTheWay,
    UnsafePath,
    output_lock,
    safe_target,
    write_site,
)
from tests.support.builds import FIXTURE_SITE, build_into, posix_only
from tests.support.files import every_file


def snapshot(folder: Path) -> dict[str, str | bytes]:
    """The site's files and their bytes, but for the build's record of them."""
    files = (p for p in folder.rglob("*") if p.is_file() and p.name != RECORD)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != RECORD)


def own_leftover(folder: Path) -> Path:
    """A folder as write.py makes beside the site, left by a killed build."""
    folder.mkdir()
    (folder / STAGING_MARK).write_bytes(b"")
    return folder


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

    class IndexerThatFails:
        folders = ("pagefind",)

        def __call__(self, page_file: Callable[[str], Path], root: Path) -> None:
            raise RuntimeError("search indexer crashed")

    with pytest.raises(RuntimeError):  # in place (one file of one) and as a new tree
        write_site([OutputFile("index.html", b"new")], out, IndexerThatFails())
    assert (out / "index.html").read_bytes() == b"old"
    files = [OutputFile(f"{n}.html", b"new") for n in range(60)]
    with pytest.raises(RuntimeError):
        write_site(files, out, IndexerThatFails())
    assert names_in(out) == ["index.html"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with output_lock(out):
        write_site([OutputFile("index.html", b"old")], out)
    # killed after 'site' became '.site.old-123' and before the new one was renamed in
    out.rename(tmp_path / ".site.old-123-0a1b2c3d")
    own_leftover(tmp_path / ".site.new-123-0a1b2c3e")
    with output_lock(out):
        pass
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def published(out: Path, files: list[OutputFile]) -> Path:
    """A site of files, written the whole way (a first build)."""
    with output_lock(out):
        write_site(files, out)
    return out


def test_a_small_change_is_moved_in_and_leaves_every_other_file_alone(tmp_path: Path) -> None:
    many = [OutputFile(f"p/{n}/index.html", f"page {n}".encode()) for n in range(100)]
    out = published(tmp_path / "site", [*many, OutputFile("gone/index.html", b"old")])
    before = {p: p.stat() for p in (out / "p").rglob("*.html")}
    files = [KeptFile(f.path) for f in many[1:]] + [OutputFile("p/0/index.html", b"new")]
    with output_lock(out):
        report = write_site(files, out, removed=["gone/index.html"])
    assert (report.written, report.kept) == (1, 99)
    assert (out / "p/0/index.html").read_bytes() == b"new"
    assert not (out / "gone").exists()  # its folder went with its last file
    for path, status in before.items():
        if path != out / "p/0/index.html":
            assert (path.stat().st_ino, path.stat().st_mtime_ns) == (
                status.st_ino,
                status.st_mtime_ns,
            )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_an_update_killed_after_its_journal_is_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"old")])

    def killed(_: Path) -> None:
        raise KeyboardInterrupt  # stands in for a kill right after the journal was written

    monkeypatch.setattr(write, "_apply_journal", killed)
    with pytest.raises(KeyboardInterrupt), output_lock(out):
        write_site([OutputFile("index.html", b"new"), OutputFile("a/b.html", b"b")], out)
    assert (out / "index.html").read_bytes() == b"old"
    monkeypatch.undo()
    with output_lock(out):  # the next build, before it does anything else
        pass
    assert snapshot(out) == {"index.html": b"new", "a/b.html": b"b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_an_update_killed_while_it_moves_files_in_is_finished_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that replaces one of the same name is not removed when the journal is finished
    a second time (the search bundles made again name most of their old files)."""
    out = published(tmp_path / "site", [OutputFile("index.html", b"old"), OutputFile("b", b"1")])

    def killed(_: object, *__: object) -> None:
        raise KeyboardInterrupt  # stands in for a kill after the moves, before the end

    monkeypatch.setattr(os, "utime", killed)
    with pytest.raises(KeyboardInterrupt), output_lock(out):
        write_site([OutputFile("index.html", b"new"), OutputFile("b", b"2")], out, removed=["b"])
    monkeypatch.undo()
    with output_lock(out):  # the next build finishes the journal again
        pass
    assert snapshot(out) == {"index.html": b"new", "b": b"2"}


def test_an_update_killed_before_its_journal_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"old")])
    leftover = own_leftover(tmp_path / ".site.new-999-0a1b2c3d")  # new files, journal not yet
    (leftover / "0").write_bytes(b"new")
    with output_lock(out):
        pass
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_folder_of_the_site_replaced_by_a_link_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = published(tmp_path / "site", [OutputFile("a/index.html", b"old")])
    shutil.rmtree(out / "a")
    os.symlink(outside, out / "a")
    with output_lock(out):
        write_site([OutputFile("a/index.html", b"new")], out)
    assert list(outside.iterdir()) == []
    assert not (out / "a").is_symlink() and (out / "a/index.html").read_bytes() == b"new"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("static/icons", "static/icons/a.svg"),  # a file becomes a folder
        ("static/icons/a.svg", "static/icons"),  # a folder becomes a file
    ],
)
def test_a_file_that_becomes_a_folder_is_published(tmp_path: Path, before: str, after: str) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"i"), OutputFile(before, b"1")])
    with output_lock(out):
        write_site([KeptFile("index.html"), OutputFile(after, b"2")], out, removed=[before])
    assert snapshot(out) == {"index.html": b"i", after: b"2"}
    with output_lock(out):  # and the next build has nothing left to finish
        write_site([KeptFile("index.html"), KeptFile(after)], out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_journal_that_cannot_be_finished_does_not_stop_later_builds(tmp_path: Path) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"old")])
    (tmp_path / ".site.journal").write_text('{"staging": ".site.new-1", "moves": [["0", "../x"]]')
    with output_lock(out):
        write_site([OutputFile("index.html", b"new")], out)
    assert snapshot(out) == {"index.html": b"new"}
    assert not (tmp_path / ".site.journal").exists()


def test_recovery_leaves_the_folders_of_another_site_alone(tmp_path: Path) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"old")])
    other = own_leftover(tmp_path / ".site.en.new-5")  # a build into site.en, under its lock
    with output_lock(out):
        pass
    assert other.is_dir()


def test_recovery_leaves_a_folder_of_that_name_it_did_not_make_alone(tmp_path: Path) -> None:
    out = published(tmp_path / "site", [OutputFile("index.html", b"old")])
    stranger = tmp_path / ".site.new-5-0a1b2c3d"
    stranger.mkdir()
    (stranger / "notes.txt").write_bytes(b"mine")
    with output_lock(out):
        pass
    assert (stranger / "notes.txt").read_bytes() == b"mine"


def test_a_small_update_makes_its_generated_folders_from_the_new_site_in_place(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    old = [OutputFile("index.html", b"old"), OutputFile("gen/a", b"a1"), OutputFile("gen/b", b"b")]
    write_site([*old, *(OutputFile(f"p{n}.html", b"p") for n in range(60))], out)
    unchanged = (out / "p1.html").stat().st_ino

    class Copier:
        """Makes gen/ from the new index page, as the search indexer makes its bundles."""

        folders = ("gen",)

        def __call__(self, page_file: Callable[[str], Path], root: Path) -> None:
            (root / "gen").mkdir()
            (root / "gen" / "a").write_bytes(page_file("index.html").read_bytes())
            (root / "gen" / "c").write_bytes(page_file("p1.html").read_bytes())

    kept = [KeptFile(f"p{n}.html") for n in range(60)]
    files: list[OutputFile | KeptFile] = [OutputFile("index.html", b"new"), *kept]
    write_site(files, out, Copier(), removed=["gen/a", "gen/b"])
    assert (out / "gen" / "a").read_bytes() == b"new"  # the page as it is now
    assert (out / "gen" / "c").read_bytes() == b"p"
    assert not (out / "gen" / "b").exists()
    assert (out / "p1.html").stat().st_ino == unchanged  # in place: kept files not touched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


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
