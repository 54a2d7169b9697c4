"""Editors' files (sitegen/tools/editor.py): JSON Schemas that accept every content file and
reject a broken one, kept up to date, and VS Code settings that keep an editor's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from schemas import CONTENT_TYPES
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.yaml_reader import parse_yaml
from sitegen.tools.editor import SCHEMA_FOLDER, write_editor_files
from tests.support.builds import FIXTURE_SITE, a_site_with_its_languages


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
    for kind in [*CONTENT_TYPES.names, "site"]:
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


def test_the_site_schema_asks_each_language_for_every_section_word() -> None:
    data, _ = parse_yaml((FIXTURE_SITE / "site.yaml").read_text(encoding="utf-8"))
    assert list(schema_for("site").iter_errors(data)) == []
    section = CONTENT_TYPES.sections[-1]  # a type with a list page
    del data["languages"][0]["sections"][section]
    errors = [error.message for error in schema_for("site").iter_errors(data)]
    assert errors == [f"'{section}' is a required property"]
