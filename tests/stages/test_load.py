"""Stage 1, loading (sitegen/stages/load.py): reading files safely, refusing what is no content
file, and never leaving the content folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import CONTENT_TYPES
from sitegen.model.raw import RawContent
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.load import MAX_FILE_BYTES, _suffix, load_content, read_text_safely
from tests.support.builds import (
    ContentFactory,
    build_into,
    run_cli,
)

CATALOGS = PROJECT_ROOT / "templates" / "i18n"


def load(root: Path) -> tuple[RawContent, list[str]]:
    raw, problems = load_content(root, CONTENT_TYPES.names, (CATALOGS,))
    return raw, [problem.format() for problem in problems]


def test_empty_file_is_a_clear_error(content: ContentFactory) -> None:
    root = content(**{"themes/leeg.yaml": "# nothing yet\n"})
    _, problems = load(root)
    assert any("themes/leeg.yaml:1" in p and "empty" in p for p in problems)


def test_non_utf8_bytes_are_a_clear_error(content: ContentFactory) -> None:
    root = content()
    (root / "themes" / "latin.yaml").write_bytes("nl:\n  title: caf\xe9\n".encode("latin-1"))
    _, problems = load(root)
    assert any("latin.yaml" in p and "UTF-8" in p for p in problems)


def test_bom_crlf_and_decomposed_unicode_are_accepted(content: ContentFactory) -> None:
    root = content()
    text = "\ufeffnl:\r\n  title: Cafe\u0301\r\n  summary: s\r\n"
    (root / "themes" / "cafe.yaml").write_bytes(text.encode("utf-8"))
    raw, problems = load(root)
    assert problems == []
    cafe = next(item for item in raw.items if item.slug == "cafe")
    assert cafe.data["nl"]["title"] == "Caf\u00e9"


def test_files_over_the_size_limit_are_refused(content: ContentFactory) -> None:
    root = content(**{"themes/groot.yaml": "nl: |\n" + "  x\n" * (MAX_FILE_BYTES // 4)})
    _, problems = load(root)
    assert any("groot.yaml" in p and "at most" in p for p in problems)


def test_symlink_pointing_outside_content_is_refused(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    secret = tmp_path / "secret.yaml"
    secret.write_text("nl: {title: geheim, summary: s}\n")
    os.symlink(secret, root / "themes" / "geheim.yaml")
    raw, problems = load(root)
    assert any("geheim.yaml" in p and "outside the content folder" in p for p in problems)
    assert all(item.slug != "geheim" for item in raw.items)


def test_a_file_name_that_is_no_slug_is_an_error_with_a_suggestion(content: ContentFactory) -> None:
    root = content(**{"themes/Water & Groen.yaml": "nl: {title: t, summary: s}\n"})
    _, problems = load(root)
    assert any("water-groen.yaml" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: " + "[" * 400 + "]" * 400 + "\n", "nested more than"),
        ("a: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "nesting depth"),
        ("nl: {title: 1" + "0" * 5000 + ", summary: s}\n", "cannot be read"),
        ('nl: {title: "Word\\vtekst", summary: s}\n', "control character (U+000B)"),
        ("nl: {title: Word\x0btekst, summary: s}\n", "not allowed (U+000B)"),
        ('nl: {title: "a\\uFFFE", summary: s}\n', "control character (U+FFFE)"),
        ("!!python/object/apply:os.system ['true']\n", "!!python/object/apply:os.system is not"),
        ("nl: {title: !!binary YQdi, summary: s}\n", "the tag !!binary is not allowed"),
        ("nl: {title: t, summary: s}\n---\nnl: {title: u}\n", "another document"),
        ("? [a, b]\n: x\n", "unhashable key"),
    ],
)
def test_hostile_yaml_is_a_clear_error_never_a_crash(
    content: ContentFactory, text: str, message: str
) -> None:
    root = content(**{"themes/kwaad.yaml": text})
    raw, problems = load(root)
    assert any("themes/kwaad.yaml" in p and message in p for p in problems), problems
    assert all(item.slug != "kwaad" for item in raw.items)


def test_a_hostile_file_gives_no_traceback_on_the_command_line(content: ContentFactory) -> None:
    root = content(**{"themes/diep.yaml": "a: " + "[" * 900 + "]" * 900 + "\n"})
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 1
    assert "themes/diep.yaml:1: error:" in result.stderr and "Traceback" not in result.stderr


@given(st.text(alphabet=".yaml-x", min_size=1, max_size=8).filter(lambda n: n not in (".", "..")))
def test_content_files_are_chosen_by_the_suffix_rule_of_pathlib(name: str) -> None:
    assert _suffix(name) == Path(name).suffix


def _a_fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes")
    os.mkfifo(path)


def test_a_named_pipe_is_refused_without_being_opened(content: ContentFactory) -> None:
    root = content()
    _a_fifo(root / "themes" / "pijp.yaml")
    # opening a pipe nobody writes to would hang; the timeout turns a hang into a failure
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "check", "--content", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "themes/pijp.yaml: error: is a named pipe (FIFO), not a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_named_like_a_content_file_is_refused(content: ContentFactory) -> None:
    root = content()
    (root / "themes" / "map.yaml").mkdir()
    _, problems = load(root)
    assert any("themes/map.yaml: error: is a folder, not a file" in p for p in problems)


def test_a_pipe_put_in_place_of_a_file_after_it_was_listed_does_not_hang(
    tmp_path: Path,
) -> None:
    _a_fifo(tmp_path / "pijp.yaml")
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_text_safely(tmp_path.resolve(), tmp_path / "pijp.yaml")
        except OSError as error:
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)  # a hang leaves only this thread
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "reading a named pipe blocked"
    assert outcome and "not a regular file" in str(outcome[0])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nergens.yaml", "the link points to 'nergens.yaml', which does not exist"),
        ("weg.yaml", "the link points to 'weg.yaml', which leads round in a loop of links"),
    ],
)
def test_a_link_to_nowhere_or_in_a_loop_is_an_error_naming_it(
    content: ContentFactory, tmp_path: Path, target: str, message: str
) -> None:
    root = content()
    os.symlink(target, root / "themes" / "weg.yaml")
    for command in (["check"], ["build", "--out", str(tmp_path / "site"), "--no-search"]):
        result = run_cli(*command, "--content", str(root))
        assert result.returncode == 1
        assert f"themes/weg.yaml: error: {message}" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_a_content_folder_linked_to_nowhere_is_an_error(content: ContentFactory) -> None:
    root = content()
    shutil.rmtree(root / "centres")
    os.symlink("verhuisd", root / "centres")
    _, problems = load(root)
    assert any("centres: error: the link points to 'verhuisd'" in p for p in problems)


def test_a_content_folder_linked_to_outside_is_refused(
    content: ContentFactory, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geheim.yaml").write_text("nl: {title: geheim, summary: s}\n")
    root = content()
    shutil.rmtree(root / "centres")
    os.symlink(elsewhere, root / "centres")
    result = build_into(root, tmp_path / "site")
    assert any("outside the content folder" in p.message for p in result.errors)
    assert not result.written
