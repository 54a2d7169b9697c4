"""The live preview's loop (sitegen/tools/serve.py) end to end: serve on a free port, rebuild
after edits, deletions and a new day, refuse a port or a folder it cannot use, and outlive a
failing build."""

from __future__ import annotations

import socket
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitegen import outputs
from sitegen.pipeline import BuildOptions
from sitegen.tools import serve
from tests.support.addresses import item_page, section, site_path
from tests.support.builds import (
    FIXTURE_SITE,
    ContentFactory,
    run_cli,
)
from tests.support.files import every_file, someones_folder
from tests.support.preview import Preview, options_for, raises, running


def test_invalid_content_shows_the_errors_and_fixing_it_brings_the_page_back(
    preview: Preview, tmp_path: Path
) -> None:
    theme = tmp_path / "content" / "themes" / "water.yaml"
    good = theme.read_text()
    theme.write_text(good.replace("title: Water", "tilte: Water", 1))
    status, page = preview.wait_until(item_page("themes", "water"), lambda s, b: s == 500)
    assert status == 500
    assert "themes/water.yaml:2" in page and "did you mean &#x27;title&#x27;?" in page
    theme.write_text(good)
    status, page = preview.wait_until(item_page("themes", "water"), lambda s, b: s == 200)
    assert status == 200 and "<h1>Water</h1>" in page


def test_a_deleted_file_takes_its_page_away(preview: Preview, tmp_path: Path) -> None:
    assert preview.get(item_page("centres", "pps"))[0] == 200
    (tmp_path / "content" / "centres" / "pps.yaml").unlink()
    status, _ = preview.wait_until(item_page("centres", "pps"), lambda s, b: s == 404)
    assert status == 404


def test_editor_temporary_files_are_ignored_and_a_burst_of_saves_settles(
    preview: Preview, tmp_path: Path
) -> None:
    themes = tmp_path / "content" / "themes"
    (themes / ".water.yaml.swp").write_text("not yaml: [")
    (themes / "water.yaml~").write_text("not yaml: [")
    theme = themes / "water.yaml"
    original = theme.read_text()
    for number in range(10):
        theme.write_text(original.replace("Water and water storage.", f"Version {number}."))
        time.sleep(0.02)
    status, page = preview.wait_until(
        item_page("themes", "water", "en"), lambda s, b: "Version 9." in b
    )
    assert status == 200 and "Version 9." in page


def test_a_preview_left_running_overnight_builds_again_for_the_new_day(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = BuildOptions(content_dir=content(), out_dir=tmp_path / "site", cache_dir=None)
    running = serve.Preview(options, port=0, log=lambda _: None)
    running.rebuild()
    assert not running.a_new_day()
    tomorrow = date.today() + timedelta(days=1)
    monkeypatch.setattr(serve, "date", type("Tomorrow", (date,), {"today": lambda: tomorrow}))
    assert running.a_new_day()
    running.rebuild()
    assert running.built_for == tomorrow and not running.a_new_day()
    fixed = serve.Preview(options, port=0, log=lambda _: None, fixed_today=True)
    fixed.rebuild()
    assert not fixed.a_new_day()  # --today given: that day it stays


def test_the_preview_starts_even_when_its_first_build_fails(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outputs, "OUTPUTS", (raises(OverflowError("date value out of range")),))
    preview = serve.Preview(options_for(content(), tmp_path), port=0, fixed_today=True)
    with running(preview) as started:
        status, page = started.wait_until("/", lambda s, b: s == 500)
        assert status == 500 and "OverflowError: date value out of range" in page
        assert "in sitegen/outputs/__init__.py, line" in page  # where, for whoever fixes it
        assert started.fetch(item_page("themes", "water", "en"))[0] == 500


@pytest.mark.parametrize("port", ["99999", "-5", "65536", "eighty", "\uff18\uff10"])
def test_a_port_that_cannot_be_is_refused_before_anything_is_built(
    tmp_path: Path, port: str
) -> None:
    out = tmp_path / "site"
    result = run_cli("serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", port)
    assert result.returncode == 2
    assert "--port" in result.stderr and "expected a port from 1 to 65535" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_port_in_use_is_said_at_once_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run_cli("serve", "--content", str(FIXTURE_SITE), "--out", str(out), "--port", port)
    assert result.returncode == 2
    assert f"--port {port}: cannot listen on it" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


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
    agenda = out / site_path(section("events"))
    (agenda / "mine.txt").write_bytes(b"mine")
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text() + "capacity: {min: 5, max: 12}\n")
    assert preview.rebuild().written
    assert (agenda / "mine.txt").read_bytes() == b"mine"
    (out / "notes.txt").write_bytes(b"notes")
    result = preview.rebuild()
    assert not result.written and len(result.errors) == 1
    assert "holds 2 files this build did not write (agenda/mine.txt, notes.txt)" in str(
        result.errors[0].message
    )
    assert preview.state.problems == result.problems  # every page of the preview says so
    assert (out / "notes.txt").read_bytes() == b"notes"


def test_the_preview_says_which_page_a_rename_took_away(
    content: ContentFactory, tmp_path: Path
) -> None:
    root, said = content(), list[str]()
    preview = serve.Preview(options_for(root, tmp_path), port=0, log=said.append)
    preview.rebuild()
    (root / "events" / "maart.yaml").rename(root / "events" / "excursie-maart.yaml")
    preview.rebuild()
    warned = [line for line in said if "/agenda/maart/ was published" in line]
    assert len(warned) == 1 and "likely new address: /agenda/excursie-maart/" in warned[0]
