"""The same input gives a byte-identical site, search index included."""

from __future__ import annotations

from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from sitegen.stages.render import JOBS_PER_WORKER
from tests.support.builds import TODAY, build_into


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert build_into(PROJECT_ROOT / "content", first).written
    assert build_into(PROJECT_ROOT / "content", second).written
    one, two = tree(first), tree(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_rendering_on_several_processes_gives_the_same_site(tmp_path: Path) -> None:
    trees = []
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        options = BuildOptions(
            content_dir=PROJECT_ROOT / "content", out_dir=out, cache_dir=None, today=TODAY,
            search=False, workers=workers,
        )  # fmt: skip
        result = build(options)
        assert result.written and len(result.pages) >= 2 * JOBS_PER_WORKER
        trees.append(tree(out))
    assert trees[0] == trees[1]
