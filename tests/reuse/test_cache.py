"""The build cache (sitegen/reuse/cache.py): what a build takes from the builds before it."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.pipeline import BuildOptions, build
from tests.support.builds import TODAY, ContentFactory


def test_a_damaged_report_of_the_previous_build_only_costs_building_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    options = BuildOptions(
        content_dir=content(), out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
        today=TODAY, search=False, workers=1,
    )  # fmt: skip
    first = build(options)
    assert first.written
    states = list((tmp_path / "cache").rglob("*.state.json"))
    assert states
    for state in states:
        record = json.loads(state.read_text(encoding="utf-8"))
        del record["report"]["page_counts"]
        state.write_text(json.dumps(record), encoding="utf-8")
    again = build(options)
    assert again.written and again.page_counts == first.page_counts
    assert again.summary is not None and again.summary.written == 0  # nothing had changed
    assert again.summary.kept == first.summary.written + first.summary.kept  # type: ignore[union-attr]
