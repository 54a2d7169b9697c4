"""Builds with a cache folder, one after another, as an editor's builds follow each other."""

from __future__ import annotations

from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, build
from tests.support.builds import TODAY, ContentFactory


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
