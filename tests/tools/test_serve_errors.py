"""What the preview shows while a build fails (sitegen/tools/serve_errors.py): the template and
line of a mistake, what stopped the build, and no path of the machine."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from sitegen import outputs, pipeline
from sitegen.stages import render, write
from sitegen.tools import serve
from tests.support.addresses import item_page
from tests.support.builds import (
    a_site_folder,
)
from tests.support.preview import Live, options_for, raises, running


def save_theme(tmp_path: Path, summary: str) -> None:
    """An editor's save of the water theme with a new summary."""
    theme = tmp_path / "content" / "themes" / "water.yaml"
    text = re.sub(r"Water and water storage\.|Saved \d+\.", summary, theme.read_text())
    theme.write_text(text)


DISK_FULL = OSError(errno.ENOSPC, "No space left on device", "site/x")


@pytest.mark.parametrize(
    ("failing", "error", "title", "traceback_shown"),
    [
        ([(outputs, "output_files")], ValueError("year 10001 is out of range"),
         "The preview hit an internal error", True),
        ([(render, "structured_data")], KeyError("startDate"), "The preview hit an internal error",
         True),
        ([(pipeline, "write_site"), (write.StagedSite, "publish")], DISK_FULL,
         "The preview could not read or write a file", False),
    ],
)  # fmt: skip
def test_a_failing_rebuild_is_shown_on_the_page_and_the_next_save_brings_the_site_back(
    live: Live,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: list[tuple[object, str]],
    error: Exception,
    title: str,
    traceback_shown: bool,
) -> None:
    """A fault injected into the engine, as a far year in calendar.py was."""
    for owner, function in failing:
        monkeypatch.setattr(owner, function, raises(error))
    save_theme(tmp_path, "Saved 1.")
    status, page = live.wait_until(item_page("themes", "water", "en"), lambda s, b: s == 500)
    assert status == 500 and title in page and str(error.args[-1]) in page
    assert "Traceback" not in page and "save" in page  # what to do, not how the code failed
    assert live.tracebacks() == (1 if traceback_shown else 0)
    assert live.fetch("/static/css/site.css")[0] == 200  # the error page's stylesheet
    assert live.failures() == 1
    save_theme(tmp_path, "Saved 2.")
    live.wait_until(item_page("themes", "water", "en"), lambda s, b: live.failures() == 2)
    assert live.failures() == 2 and live.tracebacks() == (
        1 if traceback_shown else 0
    )  # the same error: printed once
    monkeypatch.undo()
    save_theme(tmp_path, "Saved 3.")
    status, page = live.wait_until(item_page("themes", "water", "en"), lambda s, b: "Saved 3." in b)
    assert status == 200 and "Saved 3." in page


def test_a_template_mistake_names_the_template_and_line_without_a_traceback(
    tmp_path: Path,
) -> None:
    site = a_site_folder(tmp_path / "mine")
    options = options_for(
        site / "content", tmp_path, templates_dir=site / "templates", static_dir=site / "static"
    )
    template = site / "templates" / "theme.html"
    good = template.read_text()
    with running(serve.Preview(options, port=0, fixed_today=True)) as started:
        template.write_text(good + "{% if %}\n")
        status, page = started.wait_until(item_page("themes", "water", "en"), lambda s, b: s == 500)
        assert status == 500 and "templates/theme.html:2" in page
        assert "template syntax error" in page and started.tracebacks() == 0
        assert str(tmp_path) not in page
        template.write_text(good)
        status, page = started.wait_until(item_page("themes", "water", "en"), lambda s, b: s == 200)
        assert status == 200 and "Water and water storage." in page


def test_the_error_page_shows_no_path_of_the_machine(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = tmp_path / "content" / "themes" / "water.yaml"
    good = theme.read_text()
    theme.write_text(good.replace("title: Water", "tilte: Water", 1))
    status, page = live.wait_until(item_page("themes", "water"), lambda s, b: s == 500)
    assert status == 500 and "content/themes/water.yaml:2" in page
    written = OSError(errno.EACCES, "Permission denied", str(tmp_path / "site" / "index.html"))
    monkeypatch.setattr(pipeline, "write_site", raises(written))
    theme.write_text(good)
    status, failed = live.wait_until("/", lambda s, b: "Permission denied" in b)
    assert "Permission denied: &#x27;site/index.html&#x27;" in failed
    monkeypatch.undo()
    (tmp_path / "site" / "notes.txt").write_text("mine")  # the build refuses the folder now
    save_theme(tmp_path, "Saved 1.")
    status, refused = live.wait_until("/", lambda s, b: "notes.txt" in b)
    assert "refusing to publish into site" in refused
    for shown in (page, failed, refused):
        assert str(tmp_path) not in shown and str(tmp_path.resolve()) not in shown
        assert "pytest-of" not in shown  # not relative to the working folder either: ../../tmp
