"""The outputs list (sitegen/outputs/__init__.py): a new output is a function and one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import outputs
from sitegen.model.files import LazyFile
from sitegen.outputs import OUTPUTS
from sitegen.outputs.built import Built
from sitegen.stages.ownership import read_record
from tests.support.builds import ContentFactory, build_into


def page_count(built: Built) -> list[LazyFile]:
    """An output of its own: a text file naming how many pages the site has."""
    text = f"{len(built.pages)} pages\n"
    return [LazyFile("pages.txt", (text,), text.encode)]


def test_an_output_added_to_the_list_is_published_and_recorded(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outputs, "OUTPUTS", (*OUTPUTS, page_count))
    out = tmp_path / "site"
    result = build_into(content(), out)
    assert result.written
    assert (out / "pages.txt").read_text("utf-8") == f"{len(result.pages)} pages\n"
    assert "pages.txt" in (read_record(out) or frozenset())  # the build owns what it made
    assert (out / "sitemap.xml").is_file()  # the shipped outputs are still made


def test_an_output_left_out_of_the_list_is_not_made(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        outputs, "OUTPUTS", tuple(o for o in OUTPUTS if o.__name__ != "sitemap_files")
    )
    out = tmp_path / "site"
    assert build_into(content(), out).written
    assert not (out / "sitemap.xml").exists() and (out / "index.html").is_file()
