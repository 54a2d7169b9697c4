"""The benchmark's peer corpus (benchmarks/peer_corpus.py) holds what ours holds: the same items
in both languages, with the same titles and Markdown bodies, at our addresses. Hugo and
Eleventy are not run (make test does not need them); the written files are read back with
independent parsers (YAML front matter, TOML, JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.pipeline import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "benchmarks"
KINDS = ("events", "news", "themes", "clusters", "organisations")
ITEMS = 20


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our corpus of 20 items per language, and the peers' sites of it."""
    root = tmp_path_factory.mktemp("bench")
    made = _run(BENCHMARKS / "make_corpus.py", "--items", str(ITEMS), "--out", root / "content")
    assert made.returncode == 0, made.stderr
    peers = _run(
        BENCHMARKS / "peer_corpus.py",
        "--content",
        root / "content",
        "--hugo",
        root / "hugo",
        "--eleventy",
        root / "eleventy",
    )
    assert peers.returncode == 0, peers.stderr
    return root


def _ours(root: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> slug -> our YAML file."""
    return {
        kind: {
            path.stem: yaml.safe_load(path.read_text("utf-8"))
            for path in sorted((root / "content" / kind).glob("*.yaml"))
        }
        for kind in KINDS
    }


def _markdown_file(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), path
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def _sections(root: Path, lang: str) -> dict[str, str]:
    site = yaml.safe_load((root / "content" / "site.yaml").read_text("utf-8"))
    language = next(entry for entry in site["languages"] if entry["code"] == lang)
    return dict(language["sections"])


def test_hugo_has_every_item_in_both_languages_with_our_titles_and_bodies(written: Path) -> None:
    ours = _ours(written)
    assert sum(len(items) for items in ours.values()) == ITEMS + 20 + 5 + 50  # themes, ...
    for kind, items in ours.items():
        for lang in ("nl", "en"):
            folder = written / "hugo" / "content" / kind
            files = [path for path in sorted(folder.glob(f"*.{lang}.md")) if path.name[0] != "_"]
            slugs = {path.name.removesuffix(f".{lang}.md") for path in files}
            assert slugs == set(items), (kind, lang)
            for path in files:
                matter, body = _markdown_file(path)
                ours_text = items[path.name.removesuffix(f".{lang}.md")][lang]
                assert matter["title"] == ours_text["title"]
                assert body.rstrip() == ours_text["body"].rstrip()


def test_hugo_is_configured_multilingual_with_our_sections_and_page_size(written: Path) -> None:
    config = tomllib.loads((written / "hugo" / "hugo.toml").read_text("utf-8"))
    assert config["defaultContentLanguage"] == "nl"
    assert config["defaultContentLanguageInSubdir"] is False  # nl at /, en at /en/
    assert set(config["languages"]) == {"nl", "en"}
    for lang in ("nl", "en"):
        language = config["languages"][lang]
        assert language["pagination"]["pagerSize"] == 50  # the agenda's (schemas/event.py)
        sections = _sections(written, lang)
        for kind in KINDS:
            assert language["permalinks"]["page"][kind] == f"/{sections[kind]}/:contentbasename/"


def test_hugo_has_a_filter_page_for_every_theme_an_event_uses(written: Path) -> None:
    used = {theme for event in _ours(written)["events"].values() for theme in event["themes"]}
    terms = written / "hugo" / "content" / "agenda_themes"
    assert {path.name for path in terms.iterdir()} == used
    for theme in used:
        for lang in ("nl", "en"):
            assert (terms / theme / f"_index.{lang}.md").is_file()


def test_eleventy_has_every_item_at_our_address(written: Path) -> None:
    ours = _ours(written)
    for lang, prefix in (("nl", ""), ("en", "/en")):
        sections = _sections(written, lang)
        for kind, items in ours.items():
            files = sorted((written / "eleventy" / "src" / lang / kind).glob("*.md"))
            assert {path.stem for path in files} == set(items), (kind, lang)
            for path in files:
                matter, body = _markdown_file(path)
                assert matter["title"] == items[path.stem][lang]["title"]
                assert body.rstrip() == items[path.stem][lang]["body"].rstrip()
                assert matter["permalink"] == f"{prefix}/{sections[kind]}/{path.stem}/index.html"
    data = json.loads((written / "eleventy" / "src" / "_data" / "site.json").read_text("utf-8"))
    assert data["per_page"] == {"events": 50, "news": 30}
    assert set(data["languages"]) == {"nl", "en"}


def test_a_folder_that_is_not_empty_is_refused_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    made = _run(BENCHMARKS / "make_corpus.py", "--items", "3", "--out", tmp_path / "content")
    assert made.returncode == 0, made.stderr
    mine = tmp_path / "hugo" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("mine", "utf-8")
    refused = _run(
        BENCHMARKS / "peer_corpus.py",
        "--content",
        tmp_path / "content",
        "--hugo",
        tmp_path / "hugo",
    )
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr and "not empty" in refused.stderr
    assert mine.read_text("utf-8") == "mine"
