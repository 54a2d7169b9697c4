"""The VS Code files `build.py schema` ships: the YAML extension recommended, YAML 1.2 as the
build reads it, and an editor's own files kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.tools.editor import VSCODE_EXTENSIONS, VSCODE_SETTINGS, write_editor_files
from tests.support.builds import a_site_with_its_languages

YAML_EXTENSION = "redhat.vscode-yaml"  # Red Hat's YAML language server, which reads the schemas


@pytest.fixture(autouse=True)
def _a_site(tmp_path: Path) -> None:
    a_site_with_its_languages(tmp_path)


def test_a_fresh_folder_gets_the_yaml_extension_recommended_and_yaml_12(tmp_path: Path) -> None:
    assert write_editor_files(root=tmp_path) == 0
    extensions = json.loads((tmp_path / VSCODE_EXTENSIONS).read_text("utf-8"))
    settings = json.loads((tmp_path / VSCODE_SETTINGS).read_text("utf-8"))
    assert extensions["recommendations"] == [YAML_EXTENSION]
    assert settings["yaml.yamlVersion"] == "1.2"
    assert write_editor_files(check_only=True, root=tmp_path) == 0


def test_an_editors_own_recommendations_are_kept_and_ours_added_once(tmp_path: Path) -> None:
    extensions = tmp_path / VSCODE_EXTENSIONS
    extensions.parent.mkdir()
    own = {"recommendations": ["esbenp.prettier-vscode"], "unwantedRecommendations": ["x.y"]}
    extensions.write_text(json.dumps(own), encoding="utf-8")
    assert write_editor_files(root=tmp_path) == 0
    assert write_editor_files(root=tmp_path) == 0  # a second run adds nothing again
    written = json.loads(extensions.read_text("utf-8"))
    assert written["recommendations"] == ["esbenp.prettier-vscode", YAML_EXTENSION]
    assert written["unwantedRecommendations"] == ["x.y"]
    assert write_editor_files(check_only=True, root=tmp_path) == 0


def test_an_extensions_file_with_comments_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extensions = tmp_path / VSCODE_EXTENSIONS
    extensions.parent.mkdir()
    own = '{\n  // what I use\n  "recommendations": []\n}\n'
    extensions.write_text(own, encoding="utf-8")
    assert write_editor_files(root=tmp_path) == 0
    assert extensions.read_text("utf-8") == own
    note = capsys.readouterr().err
    assert "extensions.json is not plain JSON" in note and YAML_EXTENSION in note
