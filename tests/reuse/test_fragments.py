"""The fragment store (sitegen/reuse/fragments.py): rendered Markdown and calendar events kept
between builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from sitegen.reuse import fragments
from sitegen.reuse.fragments import FragmentStore
from sitegen.stages import render
from tests.support.builds import ContentFactory, build_into
from tests.support.cached_builds import (
    append_to,
    build_with_cache,
    built_with_one_event_renamed,
    rendered,
)


def made_by(store: FragmentStore, parts: tuple[str, ...], value: str) -> tuple[str, bool]:
    """What the store gives for parts, and whether it had to make it."""
    calls = []

    def make() -> str:
        calls.append(1)
        return value

    return store.get_or_make(parts, make), bool(calls)


def test_a_fragment_made_once_is_found_by_the_next_process(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "fragments.sqlite"
    first = FragmentStore(path)
    assert made_by(first, ("markdown", "0", "# a"), "<h1>a</h1>") == ("<h1>a</h1>", True)
    first.flush()
    assert made_by(FragmentStore(path), ("markdown", "0", "# a"), "other") == ("<h1>a</h1>", False)
    assert made_by(FragmentStore(path), ("markdown", "1", "# a"), "<h2>a</h2>")[1]


def test_a_new_engine_version_makes_every_fragment_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fragments.sqlite"
    store = FragmentStore(path)
    made_by(store, ("x",), "old")
    store.flush()
    monkeypatch.setattr(fragments, "engine_version", lambda: "another engine")
    assert made_by(FragmentStore(path), ("x",), "new") == ("new", True)


def test_a_damaged_store_costs_only_rendering_again(tmp_path: Path) -> None:
    path = tmp_path / "fragments.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    store = FragmentStore(path)
    assert made_by(store, ("x",), "value") == ("value", True)
    store.flush()
    assert made_by(FragmentStore(path), ("x",), "other") == ("value", False)


def test_a_store_deleted_while_in_use_starts_again(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "fragments.sqlite"
    store = FragmentStore(path)
    made_by(store, ("x",), "value")
    store.flush()
    for file in path.parent.iterdir():
        file.unlink()
    made_by(store, ("y",), "other")
    store.flush()  # notices the file is gone
    made_by(store, ("z",), "third")
    store.flush()
    assert made_by(FragmentStore(path), ("z",), "-") == ("third", False)


def test_markdown_through_the_store_is_the_same_safe_html(tmp_path: Path) -> None:
    store = FragmentStore(tmp_path / "fragments.sqlite")
    text = "## Kop\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    first = store.markdown(text, shift=1)
    store.flush()
    again = FragmentStore(tmp_path / "fragments.sqlite").markdown(text, shift=1)
    assert first == again and "<h3" in again and "<script" not in again
    assert "javascript:" not in again


def test_a_template_change_renders_the_pages_but_no_markdown_again(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    root = content()
    monkeypatch.setattr(render, "JOBS_PER_WORKER", 4)  # the fixture is small: use the pool
    build_with_cache(root, tmp_path, templates, workers=2)  # bodies stored by forked workers
    append_to(templates / "base.html", "{# a change every page sees #}\n")

    def no_markdown(text: str, shift: int = 0) -> str:
        raise AssertionError(f"rendered again: {text[:40]!r}")

    monkeypatch.setattr(fragments, "render_markdown", no_markdown)
    result = build_with_cache(root, tmp_path, templates)
    assert "en/news/start-netwerk/index.html" in rendered(result)


def test_the_agenda_calendar_made_from_kept_events_equals_a_fresh_one(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = built_with_one_event_renamed(content, tmp_path)
    build_with_cache(root, tmp_path)
    fresh = tmp_path / "fresh"
    assert build_into(root, fresh).written
    for calendar in ["agenda/agenda.ics", "en/events/events.ics"]:
        kept = (tmp_path / "site" / calendar).read_bytes()
        assert kept == (fresh / calendar).read_bytes()
    assert b"Cancelled online meeting" in (fresh / "en/events/events.ics").read_bytes()
