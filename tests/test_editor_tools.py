"""Editors' tools: scaffolding, JSON Schemas, the field reference and CI annotations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from schemas import CONTENT_TYPES
from sitegen.model.problems import ContentError
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.yaml_reader import parse_yaml
from sitegen.tools.editor import SCHEMA_FOLDER, write_editor_files
from tests.conftest import FIXTURE_SITE, ContentFactory, build_into, run_cli


@pytest.mark.parametrize("kind", sorted(CONTENT_TYPES))
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


def test_the_generated_editor_files_are_up_to_date() -> None:
    assert write_editor_files(check_only=True) == 0, "run: python build.py schema"


def schema_for(kind: str) -> Draft202012Validator:
    path = PROJECT_ROOT / SCHEMA_FOLDER / f"{kind}.schema.json"
    return Draft202012Validator(json.loads(path.read_text()))


@pytest.mark.parametrize(
    "root", [PROJECT_ROOT / "content", FIXTURE_SITE], ids=["shipped", "fixture"]
)
def test_the_json_schemas_accept_every_content_file(root: Path) -> None:
    checked = 0
    for kind in [*CONTENT_TYPES, "site"]:
        files = [root / "site.yaml"] if kind == "site" else sorted((root / kind).glob("*.yaml"))
        for path in files:
            data, _ = parse_yaml(path.read_text(encoding="utf-8"))
            errors = [e.message for e in schema_for(kind).iter_errors(data)]
            assert errors == [], path
            checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    "broken",
    [
        {"start": "2030-01-01", "nl": {"tilte": "x", "summary": "s"}},
        {"start": "2030-01-01", "status": "verplaatst"},
        {"nl": {"title": "x", "summary": "s"}},
        {"start": "2030-01-01", "themes": ["Geen Slug"]},
    ],
)
def test_the_json_schema_rejects_a_broken_event(broken: dict[str, object]) -> None:
    assert list(schema_for("events").iter_errors(broken))


def test_errors_become_github_annotations_on_file_and_line() -> None:
    problem = ContentError("content/events/x.yaml", 4, "nl.title", "is 100% wrong,\nreally", "fix")
    assert problem.github() == (
        "::error file=content/events/x.yaml,line=4,title=nl.title::"
        "is 100%25 wrong,%0Areally (hint: fix)"
    )


def test_check_prints_annotations_when_asked(content: ContentFactory) -> None:
    root = content(**{"themes/water.yaml": "nl:\n  tilte: Water\n  summary: s\n"})
    result = run_cli("check", "--format", "github", "--content", str(root))
    assert result.returncode == 1
    assert (
        "::error file=" in result.stderr
        and "themes/water.yaml,line=2,title=nl.tilte::" in result.stderr
    )


def a_site_with_its_languages(folder: Path) -> None:
    """The editors' files are made for the site's languages, said in its content/site.yaml."""
    (folder / "content").mkdir()
    shutil.copy(FIXTURE_SITE / "site.yaml", folder / "content")


def test_schema_keeps_an_editors_own_vscode_settings(tmp_path: Path) -> None:
    a_site_with_its_languages(tmp_path)
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"editor.fontSize": 15, "yaml.validate": false}\n')
    assert write_editor_files(root=tmp_path) == 0
    written = json.loads(settings.read_text())
    assert written["editor.fontSize"] == 15  # the editor's own setting stays
    assert written["yaml.validate"] is True and "yaml.schemas" in written
    assert write_editor_files(check_only=True, root=tmp_path) == 0


def test_schema_leaves_vscode_settings_with_comments_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_site_with_its_languages(tmp_path)
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    own = '{\n  // my font\n  "editor.fontSize": 15\n}\n'
    settings.write_text(own)
    assert write_editor_files(root=tmp_path) == 0
    assert settings.read_text() == own
    assert "is not plain JSON, so it was left as it is" in capsys.readouterr().err
