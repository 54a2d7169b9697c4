"""`build.py new TYPE SLUG` (sitegen/tools/scaffold.py): it writes one new file inside content/
and nowhere else, and every scaffolded item builds in both languages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemas import CONTENT_TYPES
from sitegen.tools import scaffold
from tests.support.builds import ContentFactory, build_into, run_cli


def new(root: Path, kind: str, slug: str) -> tuple[int, str]:
    result = run_cli("new", kind, slug, "--content", str(root))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


def test_new_does_not_write_through_a_link_to_nowhere(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    outside = tmp_path / "outside" / "gemaakt.yaml"
    outside.parent.mkdir()
    os.symlink(outside, root / "themes" / "lek.yaml")
    code, said = new(root, "themes", "lek")
    assert code == 2 and "already exists, as a link to" in said
    assert not outside.exists()


def test_new_never_follows_a_link_that_appears_after_its_check(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content()
    outside = tmp_path / "gemaakt.yaml"
    os.symlink(outside, root / "themes" / "lek.yaml")
    monkeypatch.setattr(os.path, "lexists", lambda _: False)  # as if the link came meanwhile
    assert scaffold.create_item(root, "themes", "lek") == 2
    assert not outside.exists() and os.path.islink(root / "themes" / "lek.yaml")


def test_new_refuses_a_type_folder_that_leads_out_of_the_content_folder(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for entry in (root / "centres").iterdir():
        entry.unlink()
    (root / "centres").rmdir()
    os.symlink(elsewhere, root / "centres")
    code, said = new(root, "centres", "nieuw")
    assert code == 2 and "outside the content folder" in said
    assert list(elsewhere.iterdir()) == []


def test_new_refuses_a_type_folder_linked_to_nowhere(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    for entry in (root / "centres").iterdir():
        entry.unlink()
    (root / "centres").rmdir()
    os.symlink(tmp_path / "weg" / "verder", root / "centres")
    code, said = new(root, "centres", "nieuw")
    assert code == 2 and "which does not exist" in said
    assert not (tmp_path / "weg").exists()


@pytest.mark.parametrize("length", [81, 300])
def test_a_slug_longer_than_the_model_allows_is_a_usage_error(
    content: ContentFactory, length: int
) -> None:
    root = content()
    code, said = new(root, "themes", "a" * length)
    assert code == 2
    assert f"is {length} characters long; at most 80 can be used" in said
    assert not list((root / "themes").glob("aaa*"))


def test_the_longest_slug_the_model_allows_is_created_and_builds(content: ContentFactory) -> None:
    root = content()
    code, said = new(root, "themes", "a" * 80)
    assert code == 0, said
    check = run_cli("check", "--content", str(root))
    assert check.returncode == 0, check.stderr


def test_a_slug_the_model_refuses_is_explained_with_the_model_s_own_words(
    content: ContentFactory,
) -> None:
    code, said = new(content(), "themes", "water--groen")
    assert code == 2 and "lowercase letters a-z, digits and single hyphens" in said


@pytest.mark.parametrize("kind", sorted(CONTENT_TYPES.names))
def test_a_scaffolded_item_builds_in_both_languages(
    content: ContentFactory, tmp_path: Path, kind: str
) -> None:
    root = content()
    result = run_cli("new", kind, "nieuw-item", "--content", str(root))
    assert result.returncode == 0, result.stderr
    created = root / kind / "nieuw-item.yaml"
    assert "required" in created.read_text()
    built = build_into(root, tmp_path / "site", strict=False)
    problems = [p.format() for p in built.problems if "nieuw-item" in p.path]
    assert built.written and problems == []


def test_new_refuses_a_bad_slug_and_an_existing_file(content: ContentFactory) -> None:
    root = content()
    assert run_cli("new", "themes", "Water En Groen", "--content", str(root)).returncode == 2
    existing = run_cli("new", "themes", "water", "--content", str(root))
    assert existing.returncode == 2 and "already exists" in existing.stderr
