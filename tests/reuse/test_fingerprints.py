"""Page fingerprints (sitegen/reuse/fingerprints.py): which outputs a change touches, and nothing
rendered or rewritten without need."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from sitegen.model.entry import Entry
from sitegen.model.site import Site
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, check
from sitegen.reuse import fragments
from sitegen.reuse.fingerprints import page_inputs
from sitegen.stages import render
from tests.support.addresses import (
    agenda_filter,
    home,
    item_file,
    item_page,
    output_file,
    section,
    site_path,
)
from tests.support.builds import FIXTURE_SITE, TODAY, ContentFactory
from tests.support.cached_builds import (
    append_to,
    build_with_cache,
    built_with_one_event_renamed,
    rendered,
)
from tests.support.files import file_states


def built_with_own_templates(content: ContentFactory, tmp_path: Path) -> tuple[Path, Path]:
    """A first build of the fixture with a copy of the templates that a test may edit."""
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    root = content()
    build_with_cache(root, tmp_path, templates)
    return templates, root


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
    assert {item_file("events", "afgelast", "en"), item_file("events", "afgelast")} <= changed
    lists = {output_file(section("events", "en")), output_file(home("en"))}
    assert lists | {item_file("themes", "water", "en")} <= changed
    assert item_file("organisations", "testnet", "en") in changed  # it organises the event
    assert item_file("events", "reeks-1", "en") not in changed
    assert item_file("news", "start-netwerk", "en") not in changed
    assert item_file("themes", "biodiversiteit") not in changed
    page = (tmp_path / "site" / item_file("themes", "water", "en")).read_text()
    assert "Cancelled online meeting" in page


def test_a_template_change_renders_only_the_pages_that_use_it(
    content: ContentFactory, tmp_path: Path
) -> None:
    templates, root = built_with_own_templates(content, tmp_path)
    append_to(templates / "theme.html", "{% block extra %}<p>extra</p>{% endblock %}\n")
    changed = rendered(build_with_cache(root, tmp_path, templates))
    themes = ("biodiversiteit", "water")
    assert changed == {item_file("themes", t, lang) for t in themes for lang in ("nl", "en")}


def test_a_changed_footer_is_on_every_page_of_the_next_build(
    content: ContentFactory, tmp_path: Path
) -> None:
    """The footer is rendered once per language (render.py once_per_language), not included:
    a page still depends on it, and every page shows the new one, in its own language."""
    templates, root = built_with_own_templates(content, tmp_path)
    footer = templates / "partials" / "footer.html"
    footer.write_text(
        footer.read_text().replace("</footer>", "<p class='edited'>{{ page.lang }}</p></footer>")
    )
    result = build_with_cache(root, tmp_path, templates)
    assert result.summary is not None
    assert set(result.summary.rendered) == {page.output_path for page in result.pages}
    for page in result.pages:
        text = (tmp_path / "site" / page.output_path).read_text()
        assert f"<p class='edited'>{page.lang}</p></footer>" in text, page.output_path


# a card's heading level, address, and what the edited card.html says: its language and level
EDITED_CARD = (
    r"<li class=\"card.*?<h(\d)><a href=\"([^\"]+)\".*?<i class='edited'>(\w+) (\d)</i></li>"
)


def test_a_changed_card_is_on_every_page_with_a_list_in_its_language_and_level(
    content: ContentFactory, tmp_path: Path
) -> None:
    """A card is rendered once per item, language and heading level (render.py once_per_item),
    not included: every page that lists items still depends on it, and shows the new card in
    its own language, with the heading level of each of its lists."""
    templates, root = built_with_own_templates(content, tmp_path)
    listing = {
        page
        for page in file_states(tmp_path / "site")
        if page.endswith(".html") and 'class="cards"' in (tmp_path / "site" / page).read_text()
    }
    card = templates / "partials" / "card.html"
    card.write_text(
        card.read_text().replace("  </li>", "<i class='edited'>{{ L.lang }} {{ h }}</i></li>")
    )
    result = build_with_cache(root, tmp_path, templates)
    assert result.summary is not None
    assert listing and listing <= set(result.summary.rendered)
    shown_at: dict[str, set[str]] = {}  # a card's address -> the heading levels it is shown at
    for page in result.pages:
        if page.output_path not in listing:
            continue
        text = (tmp_path / "site" / page.output_path).read_text()
        levels = re.findall(EDITED_CARD, text, re.S)
        assert levels, page.output_path
        assert {lang for _, _, lang, _ in levels} == {page.lang}, page.output_path
        assert all(shown == said for shown, _, _, said in levels), page.output_path
        for shown, address, _, _ in levels:
            shown_at.setdefault(address, set()).add(shown)
    # the same item at two heading levels (the agenda's months, a theme's list): two cards
    assert any(len(levels) > 1 for levels in shown_at.values())


def test_a_deleted_item_takes_its_pages_with_it(content: ContentFactory, tmp_path: Path) -> None:
    root = content()
    build_with_cache(root, tmp_path)
    centre = item_file("centres", "pps")
    assert (tmp_path / "site" / centre).is_file()
    (root / "centres" / "pps.yaml").unlink()
    result = build_with_cache(root, tmp_path)
    assert not (tmp_path / "site" / site_path(item_page("centres", "pps"))).exists()
    assert result.summary is not None and centre in result.summary.removed


def test_an_event_page_depends_on_its_organisers_themes_and_series() -> None:
    site, pages, _ = check(BuildOptions(content_dir=FIXTURE_SITE, today=TODAY))
    assert site is not None
    event = next(p for p in pages if p.url == item_page("events", "reeks-1"))
    inputs = {(e.kind, e.slug) for e in page_inputs(site, event)}
    assert ("clusters", "groen") in inputs
    assert ("events", "reeks-2") in inputs  # the other meeting of its series
    theme = next(p for p in pages if p.url == item_page("themes", "water", "en"))
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
    filter_page = output_file(agenda_filter("themes", "biodiversiteit"))
    assert filter_page in changed
    page = (tmp_path / "site" / filter_page).read_text()
    assert "Water (2)" in page


def test_deleting_the_cache_folder_between_builds_is_harmless(
    content: ContentFactory, tmp_path: Path
) -> None:
    templates, root = built_with_own_templates(content, tmp_path)
    shutil.rmtree(tmp_path / "cache")  # as an editor may, while the preview runs
    append_to(templates / "theme.html", "{# edited #}\n")  # compiled again, into the deleted cache
    again = build_with_cache(root, tmp_path, templates)
    assert again.summary is not None and len(again.summary.rendered) > 0


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
