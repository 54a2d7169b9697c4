"""Incremental builds: which outputs a change touches, and nothing rewritten without need."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sitegen.model.entry import Entry
from sitegen.model.site import Site
from sitegen.outputs import search
from sitegen.outputs.search import Bundle, SearchIndexer, holds_only_its_language, search_indexer
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build, check
from sitegen.reuse import fragments
from sitegen.reuse.fingerprints import page_inputs
from sitegen.reuse.memory import BuildMemory
from sitegen.stages import render
from tests.conftest import FIXTURE_SITE, TODAY, ContentFactory, build_into


def build_with_cache(
    root: Path, tmp_path: Path, templates: Path | None = None, workers: int = 1
) -> BuildResult:
    options = BuildOptions(
        content_dir=root,
        out_dir=tmp_path / "site",
        cache_dir=tmp_path / "cache",
        templates_dir=templates or PROJECT_ROOT / "templates",
        today=TODAY,
        search=False,
        workers=workers,
    )
    result = build(options)
    assert result.written, [p.format() for p in result.errors]
    return result


def built_with_own_templates(content: ContentFactory, tmp_path: Path) -> tuple[Path, Path]:
    """A first build of the fixture with a copy of the templates that a test may edit."""
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    root = content()
    build_with_cache(root, tmp_path, templates)
    return templates, root


def built_with_one_event_renamed(content: ContentFactory, tmp_path: Path) -> Path:
    """A first build of the fixture, then one event's English title changed (not built)."""
    root = content()
    build_with_cache(root, tmp_path)
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace("Cancelled webinar", "Cancelled online meeting"))
    return root


def append_to(path: Path, text: str) -> None:
    with path.open("a") as file:
        file.write(text)


def rendered(result: BuildResult) -> set[str]:
    assert result.summary is not None
    return set(result.summary.rendered)


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_warm_build_with_nothing_changed_renders_and_rewrites_nothing(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    before = file_states(tmp_path / "site")
    again = build_with_cache(root, tmp_path)
    assert rendered(again) == set()
    assert again.summary is not None and again.summary.written == 0
    assert file_states(tmp_path / "site") == before


def test_changing_one_event_renders_its_pages_and_the_pages_that_list_it(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = built_with_one_event_renamed(content, tmp_path)
    changed = rendered(build_with_cache(root, tmp_path))
    assert {"en/events/afgelast/index.html", "agenda/afgelast/index.html"} <= changed
    assert {"en/events/index.html", "en/themes/water/index.html", "en/index.html"} <= changed
    assert "en/organisations/testnet/index.html" in changed  # it organises the event
    assert "en/events/reeks-1/index.html" not in changed
    assert "en/news/start-netwerk/index.html" not in changed
    assert "themas/biodiversiteit/index.html" not in changed
    page = (tmp_path / "site" / "en" / "themes" / "water" / "index.html").read_text()
    assert "Cancelled online meeting" in page


def test_a_template_change_renders_only_the_pages_that_use_it(
    content: ContentFactory, tmp_path: Path
) -> None:
    templates, root = built_with_own_templates(content, tmp_path)
    append_to(templates / "theme.html", "{% block extra %}<p>extra</p>{% endblock %}\n")
    changed = rendered(build_with_cache(root, tmp_path, templates))
    assert changed == {
        "themas/biodiversiteit/index.html",
        "themas/water/index.html",
        "en/themes/biodiversiteit/index.html",
        "en/themes/water/index.html",
    }


def test_a_deleted_item_takes_its_pages_with_it(content: ContentFactory, tmp_path: Path) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    assert (tmp_path / "site" / "centra" / "pps" / "index.html").is_file()
    (root / "centres" / "pps.yaml").unlink()
    result = build_with_cache(root, tmp_path)
    assert not (tmp_path / "site" / "centra" / "pps").exists()
    assert result.summary is not None and "centra/pps/index.html" in result.summary.removed


def test_an_event_page_depends_on_its_organisers_themes_and_series() -> None:
    site, pages, _ = check(BuildOptions(content_dir=FIXTURE_SITE, today=TODAY))
    assert site is not None
    page = next(p for p in pages if p.url == "/agenda/reeks-1/")
    inputs = {(e.kind, e.slug) for e in page_inputs(site, page)}
    assert ("clusters", "groen") in inputs
    assert ("events", "reeks-2") in inputs  # the other meeting of its series
    theme = next(p for p in pages if p.url == "/en/themes/water/")
    assert ("events", "afgelast") in {(e.kind, e.slug) for e in page_inputs(site, theme)}


def test_a_new_event_updates_the_filter_counts_on_every_agenda_filter_page(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    texts = "nl: {title: Extra, summary: s}\nen: {title: Extra, summary: s}\n"
    extra = "start: 2030-06-01\nthemes: [water]\n" + texts
    (root / "events" / "extra.yaml").write_text(extra)
    changed = rendered(build_with_cache(root, tmp_path))
    # the biodiversity filter page does not list the new event, but its filter links count it
    assert "agenda/thema/biodiversiteit/index.html" in changed
    page = (tmp_path / "site" / "agenda" / "thema" / "biodiversiteit" / "index.html").read_text()
    assert "Water (2)" in page


def test_an_unchanged_rebuild_repeats_the_previous_report_without_reading_anything(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    first = build_with_cache(root, tmp_path)
    # Same size and time, broken content: a build that read the file would fail on it.
    theme = root / "themes" / "water.yaml"
    status = theme.stat()
    theme.write_bytes(b":" * status.st_size)
    os.utime(theme, ns=(status.st_atime_ns, status.st_mtime_ns))
    again = build_with_cache(root, tmp_path)
    assert [p.format() for p in again.warnings] == [p.format() for p in first.warnings]
    assert again.page_counts == first.page_counts
    assert again.summary is not None and again.summary.written == 0


def test_an_output_folder_replaced_by_hand_is_built_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    shutil.rmtree(tmp_path / "site")
    again = build_with_cache(root, tmp_path)
    assert again.summary is not None and again.summary.written > 0
    assert (tmp_path / "site" / "index.html").is_file()


def preview_options(root: Path, tmp_path: Path) -> BuildOptions:
    return BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
        today=TODAY, search=False, workers=1,
    )  # fmt: skip


def test_the_preview_checks_every_file_again_after_a_command_line_build(
    content: ContentFactory, tmp_path: Path
) -> None:
    """The preview trusts the files it wrote itself; a build from the command line rewrites
    the manifest, after which the preview looks at each file again."""
    root = content()
    memory = BuildMemory()
    assert build(preview_options(root, tmp_path), memory=memory).written
    append_to(root / "events" / "afgelast.yaml", "capacity: {min: 5, max: 12}\n")
    build_with_cache(root, tmp_path)  # the command line, into the same folder
    lost = tmp_path / "site" / "themas" / "biodiversiteit" / "index.html"  # afgelast not on it
    lost.unlink()
    append_to(root / "events" / "afgelast.yaml", "registration_email: a@example.org\n")
    assert build(preview_options(root, tmp_path), memory=memory).written
    assert lost.is_file()


def test_the_preview_builds_a_removed_output_folder_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    memory = BuildMemory()
    assert build(preview_options(root, tmp_path), memory=memory).written
    expected = set(file_states(tmp_path / "site"))
    shutil.rmtree(tmp_path / "site")
    append_to(root / "events" / "afgelast.yaml", "capacity: {min: 5, max: 12}\n")
    assert build(preview_options(root, tmp_path), memory=memory).written
    assert set(file_states(tmp_path / "site")) == expected


def files_of(folder: Path) -> dict[Path, tuple[int, int]]:
    """Every file below folder with its inode and modification time."""
    states = {p.relative_to(folder): p.stat() for p in folder.rglob("*") if p.is_file()}
    return {name: (state.st_ino, state.st_mtime_ns) for name, state in states.items()}


@pytest.mark.parametrize(
    ("old", "new", "changed", "untouched"),
    [
        ("Afgelaste webinar", "Afgelaste bijeenkomst", "pagefind", "en/pagefind"),
        ("Cancelled webinar", "Cancelled meeting", "en/pagefind", "pagefind"),
    ],
)
def test_a_change_in_one_language_indexes_only_that_language_again(
    content: ContentFactory, tmp_path: Path, old: str, new: str, changed: str, untouched: str
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    site = tmp_path / "site"
    before = {folder: files_of(site / folder) for folder in (changed, untouched)}
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace(old, new))
    assert build(options).written
    assert before[untouched] and files_of(site / untouched) == before[untouched]
    after = files_of(site / changed)
    kept = [name for name, state in after.items() if before[changed].get(name) == state]
    assert Path("pagefind.js") in kept  # indexed again, but unchanged files keep their mtime
    assert 0 < len(after) - len(kept) < len(after) // 2


def test_a_build_without_search_keeps_both_search_bundles(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    bundles = [tmp_path / "site" / folder for folder in ("pagefind", "en/pagefind")]
    before = [files_of(bundle) for bundle in bundles]
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace("webinar", "meeting"))  # both languages
    result = build(replace(options, search=False))  # as the preview does
    assert result.summary is not None and result.summary.removed == ()
    assert [files_of(bundle) for bundle in bundles] == before


def test_a_language_changed_while_search_was_off_is_indexed_by_the_next_search_build(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace("Afgelaste webinar", "Afgelaste bijeenkomst"))
    assert build(replace(options, search=False)).written  # the preview, meanwhile
    indexed: list[str] = []

    def recording_indexer(
        site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> SearchIndexer:
        indexed.extend(bundle.lang for bundle in work)
        return search_indexer(site, work, processes)

    monkeypatch.setattr(search, "search_indexer", recording_indexer)
    assert build(options).written  # nothing changed since the preview's build
    assert indexed == ["nl"]
    indexed.clear()
    assert build(options).written  # and once is enough
    assert indexed == []


def test_a_bundle_that_holds_other_languages_is_not_kept(tmp_path: Path) -> None:
    """A bundle from a build that indexed the whole site at once is made again."""
    entry = tmp_path / "pagefind" / "pagefind-entry.json"
    entry.parent.mkdir()
    entry.write_text('{"languages": {"en": {}, "nl": {}}}')
    assert not holds_only_its_language(tmp_path, Bundle("nl", 1))
    entry.write_text('{"languages": {"nl": {}}}')
    assert holds_only_its_language(tmp_path, Bundle("nl", 1))
    assert not holds_only_its_language(tmp_path, Bundle("en", 1, language_folder="en"))  # none


def test_the_preview_memory_rereads_only_changed_files(content: ContentFactory) -> None:
    root = content()
    memory = BuildMemory()
    options = BuildOptions(content_dir=root, today=TODAY, cache_dir=None)
    site, _, _ = check(options, memory)
    unchanged, changed = root / "themes" / "water.yaml", root / "themes" / "biodiversiteit.yaml"
    status = unchanged.stat()
    unchanged.write_bytes(b":" * status.st_size)  # same size and time: must not be read again
    os.utime(unchanged, ns=(status.st_atime_ns, status.st_mtime_ns))
    changed.write_text(changed.read_text().replace("Biodiversity", "Wildlife"))
    site, _, problems = check(options, memory)
    assert site is not None and not [p for p in problems if p.severity == "error"]
    theme = site.get("themes", "biodiversiteit")
    assert theme is not None and theme.model.text("en").title == "Wildlife"  # type: ignore[union-attr]


def test_deleting_the_cache_folder_between_builds_is_harmless(
    content: ContentFactory, tmp_path: Path
) -> None:
    templates, root = built_with_own_templates(content, tmp_path)
    shutil.rmtree(tmp_path / "cache")  # as an editor may, while the preview runs
    append_to(templates / "theme.html", "{# edited #}\n")  # compiled again, into the deleted cache
    again = build_with_cache(root, tmp_path, templates)
    assert again.summary is not None and len(again.summary.rendered) > 0


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


@pytest.mark.parametrize("root", [FIXTURE_SITE, PROJECT_ROOT / "content"])
def test_no_page_shows_an_item_its_fingerprint_leaves_out(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fingerprints, and what the preview plans again after a change (affected.py), assume a
    page shows only the items of its context, its own item and the items that one refers to.
    Every item a template or the JSON-LD looks up while a page renders must be among them."""
    site, pages, _ = check(BuildOptions(content_dir=root, today=TODAY, cache_dir=None))
    assert site is not None
    looked_up: list[Entry] = []
    for name in ("get", "all", "referring", "targets", "series"):
        original = getattr(Site, name)

        def recording(*args: Any, _original: Any = original) -> Any:
            found = _original(*args)
            looked_up.extend(found if isinstance(found, list) else [found] if found else [])
            return found

        monkeypatch.setattr(Site, name, recording)
    environment = render.make_environment(PROJECT_ROOT / "templates")
    store = fragments.FragmentStore(None)
    for page in pages:
        looked_up.clear()
        list(render.render_pages(site, [page], environment, store))
        inputs = {(entry.kind, entry.slug) for entry in page_inputs(site, page)}
        shown = {(entry.kind, entry.slug) for entry in looked_up}
        assert shown <= inputs, (page.output_path, sorted(shown - inputs))
