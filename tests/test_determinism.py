"""The same input gives a byte-identical site, search index included."""

from __future__ import annotations

from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT
from tests.conftest import build_into


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
