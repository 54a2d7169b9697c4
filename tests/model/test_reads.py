"""What a page reads (sitegen/model/reads.py), recorded while it is planned: the record the
fingerprints and the preview's reach rest on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from sitegen.model.entry import Entry
from sitegen.model.page import PageSpec
from sitegen.model.reads import answered_by
from sitegen.model.site import Site
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, check
from tests.support.builds import FIXTURE_SITE, TODAY


def planned(root: Path) -> tuple[Site, list[PageSpec]]:
    site, pages, problems = check(BuildOptions(content_dir=root, today=TODAY, cache_dir=None))
    assert site is not None, [p.format() for p in problems]
    return site, pages


def entries_in(value: Any) -> Iterator[Entry]:
    """Every item anywhere in a page's context, found independently of the engine's walk."""
    if isinstance(value, Entry):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from entries_in(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from entries_in(inner)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from entries_in(getattr(value, field.name))


@pytest.mark.parametrize("root", [FIXTURE_SITE, PROJECT_ROOT / "content"])
def test_every_item_an_item_page_shows_was_read_or_answers_a_question_it_asked(
    root: Path,
) -> None:
    """The preview takes over an item page that no change reached: a change to any item the
    page shows must reach it through its record."""
    site, pages = planned(root)
    item_pages = [page for page in pages if page.entry is not None]
    assert item_pages
    for page in item_pages:
        assert page.entry is not None
        assert (page.entry.kind, page.entry.slug) in page.reads.items
        for entry in entries_in(page.context):
            read = (entry.kind, entry.slug) in page.reads.items
            asked = not page.reads.queries.isdisjoint(answered_by(site, entry))
            assert read or asked, (page.url, entry.kind, entry.slug)
