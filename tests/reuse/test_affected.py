"""Which of the preview's pages a change reaches (sitegen/reuse/affected.py): those that read
the changed item or asked a question its old or new version answers."""

from __future__ import annotations

from pathlib import Path

from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.pipeline import BuildOptions, check
from sitegen.reuse.affected import PlannedBuild, reusable_pages
from tests.support.builds import TODAY, ContentFactory


def planned(root: Path) -> tuple[Site, list[PageSpec]]:
    site, pages, problems = check(BuildOptions(content_dir=root, today=TODAY, cache_dir=None))
    assert site is not None, [p.format() for p in problems]
    return site, pages


def reusable_after(content: ContentFactory, **edits: str) -> set[tuple[str, str]]:
    """The items whose English pages the preview takes over after the edits."""
    root = content()
    before, pages = planned(root)
    for relative, change in edits.items():
        path = root / relative
        old, new = change.split(" -> ")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    after, _ = planned(root)
    reusable = reusable_pages(PlannedBuild(before, pages, {}, ""), after)
    return {(kind, slug) for kind, slug, lang in reusable.items if lang == "en"}


def test_an_event_leaving_its_series_reaches_the_others_of_the_series(
    content: ContentFactory,
) -> None:
    kept = reusable_after(content, **{"events/reeks-1.yaml": "series: reeks\n -> "})
    assert ("events", "reeks-1") not in kept
    assert ("events", "reeks-2") not in kept  # it no longer lists reeks-1 as its series
    assert ("clusters", "groen") not in kept  # it lists reeks-1, which changed
    assert {("events", "afgelast"), ("themes", "water"), ("news", "start-netwerk")} <= kept


def test_an_event_given_a_theme_reaches_that_theme_and_not_the_others(
    content: ContentFactory,
) -> None:
    kept = reusable_after(
        content, **{"events/afgelast.yaml": "themes: [water] -> themes: [biodiversiteit]"}
    )
    assert ("themes", "water") not in kept  # it no longer lists the event
    assert ("themes", "biodiversiteit") not in kept  # it lists the event now
    assert ("organisations", "testnet") not in kept  # it organises the event
    assert {("events", "reeks-1"), ("clusters", "groen"), ("news", "start-netwerk")} <= kept
