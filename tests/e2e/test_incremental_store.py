"""A build from the command line starts from the memory the previous one stored in the cache
folder (sitegen/reuse/store.py): after a sequence of edits, each of its sites is byte for byte
the one a clean build makes of the same files; it says what a build without the stored memory
says (warnings compare with the previous site), and one that fails leaves the site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build
from sitegen.stages import load, yaml_reader
from tests.support.builds import TODAY, a_site_folder
from tests.support.edits import Data, edit_yaml
from tests.support.files import contents_of

Edit = Callable[[Path], None]


def _options(folder: Path, name: str) -> BuildOptions:
    return BuildOptions(
        content_dir=folder / "content", out_dir=folder / name, cache_dir=folder / f"{name}-cache",
        templates_dir=folder / "templates", static_dir=folder / "static", today=TODAY,
        search=False, workers=1,
    )  # fmt: skip


def _clean_build(folder: Path) -> tuple[BuildResult, dict[str, bytes]]:
    """A build with no cache of its own before it, into a folder of its own."""
    for name in ("clean", "clean-cache"):
        shutil.rmtree(folder / name, ignore_errors=True)
    result = build(_options(folder, "clean"))
    return result, contents_of(folder / "clean") if result.written else {}


def _retitled(relative: str, lang: str, title: str) -> Edit:
    def edit(folder: Path) -> None:
        def change(data: Data) -> None:
            data[lang]["title"] = title

        edit_yaml(folder / "content" / relative, change)

    return edit


def _replaced(relative: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


def _new_event(folder: Path) -> None:
    events = folder / "content" / "events"
    shutil.copyfile(events / "volgt.yaml", events / "volgt-ook.yaml")


def _deleted_event(folder: Path) -> None:
    (folder / "content" / "events" / "volgt.yaml").unlink()


def _same_size_and_time(folder: Path) -> None:
    """Other bytes, but the size and modification time the store saw: read again all the same.
    (With another file changed too: a build that sees no file changed repeats the previous
    one, as unchanged.py says.)"""
    path = folder / "content" / "events" / "afgelast.yaml"
    status = path.stat()
    path.write_text(path.read_text("utf-8").replace("Afgelaste", "Afgezegde"), "utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    with (folder / "content" / "pages" / "over.yaml").open("a", encoding="utf-8") as other:
        other.write("# a comment changes no page\n")


STARTING = "content/events/startbijeenkomst.yaml"
EDITS: list[tuple[str, Edit]] = [
    ("an event's title", _retitled("events/afgelast.yaml", "nl", "Afgelaste bijeenkomst")),
    ("a new event", _new_event),
    ("a deleted event", _deleted_event),
    ("a theme's title", _retitled("themes/water.yaml", "en", "Water and soil")),
    ("site.yaml", _replaced("content/site.yaml", "Een klein voorbeeld", "Een proef")),
    ("a template", _replaced("templates/base.html", "</body>", "<!-- changed --></body>")),
    ("a catalog string", _replaced("templates/i18n/nl.yaml", "home: ", "home: Start ")),
    ("the same size and time", _same_size_and_time),
    ("a broken reference", _replaced(STARTING, "[biodiversiteit]", "[biodiversitet]")),
    ("its fix", _replaced(STARTING, "[biodiversitet]", "[biodiversiteit]")),
]


def _build_without_store(folder: Path) -> BuildResult:
    """The same build into a folder of its own, with its cache but no stored memory: as
    before store.py, and with the same previous site (which warnings compare with)."""
    for stored in (folder / "plain-cache" / "builds").glob("*.memory"):
        stored.unlink()
    return build(_options(folder, "plain"))


def test_every_build_after_an_edit_is_the_clean_build(tmp_path: Path) -> None:
    folder = a_site_folder(tmp_path)
    assert build(_options(folder, "site")).written
    assert _build_without_store(folder).written
    for what, edit in EDITS:
        edit(folder)
        before = contents_of(folder / "site")
        result, plain = build(_options(folder, "site")), _build_without_store(folder)
        assert [p.format() for p in result.problems] == [p.format() for p in plain.problems], what
        assert result.written == plain.written, what
        if result.written:
            clean, clean_site = _clean_build(folder)
            assert clean.written, what
            assert contents_of(folder / "site") == clean_site == contents_of(folder / "plain"), what
        else:
            assert result.errors, what
            assert contents_of(folder / "site") == before, what


def test_a_build_after_one_edit_reads_only_the_changed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = a_site_folder(tmp_path)
    assert build(_options(folder, "site")).written
    _retitled("events/afgelast.yaml", "nl", "Afgelaste bijeenkomst")(folder)
    parsed: list[str] = []

    def counted(text: str) -> object:
        parsed.append(text)
        return read_yaml(text)

    read_yaml = yaml_reader.read_yaml
    monkeypatch.setattr(load, "read_yaml", counted)
    result = build(_options(folder, "site"))
    assert result.written
    assert len(parsed) == 1 and "Afgelaste bijeenkomst" in parsed[0]
    assert result.summary is not None
    assert "agenda/afgelast/index.html" in result.summary.rendered


def test_a_damaged_store_costs_a_full_build_and_no_error(tmp_path: Path) -> None:
    folder = a_site_folder(tmp_path)
    assert build(_options(folder, "site")).written
    (stored,) = (folder / "site-cache" / "builds").glob("*.memory")
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    _retitled("events/afgelast.yaml", "nl", "Afgelaste bijeenkomst")(folder)
    result = build(_options(folder, "site"))
    assert result.written and not result.errors
    assert contents_of(folder / "site") == _clean_build(folder)[1]


# A build in a process of its own, as from the command line: the models for_languages makes are
# made again in every process, so the store must name them, not hold them.
COUNTED_BUILD = """
import sys
from sitegen import cli
from sitegen.stages import load
parsed = []
read_yaml = load.read_yaml
load.read_yaml = lambda text: parsed.append(text) or read_yaml(text)
code = cli.main(sys.argv[1:])
print("parsed", len(parsed))
sys.exit(code)
"""


def test_a_new_process_takes_over_what_the_previous_one_stored(tmp_path: Path) -> None:
    folder = a_site_folder(tmp_path)
    arguments = ["build", "--today", TODAY.isoformat(), "--no-search"]

    def counted_build() -> int:
        done = subprocess.run(
            [sys.executable, "-c", COUNTED_BUILD, *arguments], cwd=folder, capture_output=True,
            text=True, check=False, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return int(done.stdout.split("parsed ")[-1])

    files = len(list((folder / "content").rglob("*.yaml")))
    assert counted_build() == files  # the first build reads every file
    _retitled("events/afgelast.yaml", "nl", "Afgelaste bijeenkomst")(folder)
    assert counted_build() == 1  # the next one only the file that changed
    assert _clean_build(folder)[0].written
    assert contents_of(folder / "site") == contents_of(folder / "clean")
