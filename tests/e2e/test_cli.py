"""The command line as editors and CI use it: exit codes, messages, annotations, and a site that
survives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT
from tests.support.addresses import home, output_file
from tests.support.builds import FIXTURE_SITE, ContentFactory, a_site_folder, run_cli

# What only a build that reads content needs: the models and the libraries of the stages
READING_AND_RENDERING = ("pydantic", "schemas.item", "sitegen.stages.load", "jinja2", "PIL",
                         "icalendar", "babel", "markdown_it", "yaml", "pagefind")  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_build_writes_the_site_and_says_how_many_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli(
        "build", "--content", str(FIXTURE_SITE), "--out", str(out), "--today", "2026-11-25"
    )
    assert result.returncode == 0, result.stderr
    assert (out / output_file(home("nl"))).is_file() and (out / output_file(home("en"))).is_file()
    assert "nl" in result.stdout and "en" in result.stdout and "pages" in result.stdout


def test_a_broken_file_fails_with_every_error_and_leaves_the_previous_site_intact(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    out = tmp_path / "site"
    assert run_cli("build", "--content", str(root), "--out", str(out)).returncode == 0
    before = snapshot(out)
    (root / "themes" / "water.yaml").write_text("nl:\n  tilte: Water\n  summary: s\n")
    (root / "events" / "reeks-1.yaml").write_text("start: 2030-02-30\nnl: {title: t, summary: s}\n")
    result = run_cli("build", "--content", str(root), "--out", str(out))
    assert result.returncode == 1
    assert "themes/water.yaml:2: error: nl.tilte: is not a known field" in result.stderr
    assert "did you mean 'title'?" in result.stderr
    assert "events/reeks-1.yaml:1: error: start:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(out) == before


def test_check_writes_nothing_and_strict_fails_on_a_missing_translation(tmp_path: Path) -> None:
    plain = run_cli("check", "--content", str(FIXTURE_SITE))
    strict = run_cli("check", "--strict", "--content", str(FIXTURE_SITE))
    assert plain.returncode == 0 and "warning" in plain.stderr
    assert strict.returncode == 1 and "partner.yaml" in strict.stderr
    assert not (tmp_path / "site").exists()


def test_wrong_usage_exits_with_2() -> None:
    assert run_cli("build", "--today", "gisteren").returncode == 2
    assert run_cli("build", "--base-url", "geen url").returncode == 2
    assert run_cli("publiceer").returncode == 2


def test_base_url_option_changes_canonical_urls(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli(
        "build",
        "--content",
        str(FIXTURE_SITE),
        "--out",
        str(out),
        "--base-url",
        "https://preview.example/",
    )
    assert result.returncode == 0
    english_home = (out / output_file(home("en"))).read_text()
    assert f'href="https://preview.example{home("en")}"' in english_home


def test_the_build_says_when_the_agenda_next_changes_by_itself(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli(
        "build", "--content", str(FIXTURE_SITE), "--out", str(out), "--today", "2030-03-28"
    )
    # 'Series, part 1' ends on 28 March 2030: from midnight it is past
    assert "the site changes by itself at 2030-03-29T00:00:00+01:00" in result.stdout


def test_a_build_with_nothing_to_do_imports_none_of_the_stages_or_models(tmp_path: Path) -> None:
    """Such a build is mostly its start-up (issue 16): importing them all took 0.45 s."""
    arguments = ["build", "--content", str(FIXTURE_SITE), "--out", str(tmp_path / "site"),
                 "--cache", str(tmp_path / "cache"), "--today", "2026-11-25"]  # fmt: skip
    assert run_cli(*arguments).returncode == 0
    report_imports = (
        f"import json, sys, build; heavy = {READING_AND_RENDERING!r};"
        " code = build.main(sys.argv[1:]);"
        " found = [m for m in sys.modules if m in heavy or m.split('.')[0] in heavy];"
        " print(json.dumps(sorted(found)), file=sys.stderr); sys.exit(code)"
    )
    again = subprocess.run([sys.executable, "-c", report_imports, *arguments], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "0 page(s) rendered, 0 file(s) written" in again.stdout
    assert json.loads(again.stderr.splitlines()[-1]) == []


def test_build_py_works_on_the_repository_from_any_folder(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # in tmp_path there is no site to check
    assert result.stdout.startswith("checked:")


def test_root_names_the_site_folder_whose_site_and_cache_are_written_there(
    tmp_path: Path,
) -> None:
    mine = a_site_folder(tmp_path / "mine")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("build", "--root", str(mine), "--today", "2026-11-25", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (mine / "site" / "index.html").is_file() and (mine / ".cache").is_dir()
    assert not any(elsewhere.iterdir())


def test_outside_a_site_folder_it_says_what_to_do_and_exits_with_2(tmp_path: Path) -> None:
    for command in ("build", "check", "serve", "schema", "new themes water"):
        result = run_cli(*command.split(), "--root", str(tmp_path), cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert f"{tmp_path / 'content'}: no such folder" in result.stderr
        assert "--root" in result.stderr and "Traceback" not in result.stderr
        if command in ("build", "check", "serve"):
            assert f"{tmp_path / 'templates'}: no such folder" in result.stderr
    assert not any(tmp_path.iterdir())


def test_schema_check_passes_on_the_repository_from_any_folder(tmp_path: Path) -> None:
    result = run_cli("schema", "--check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(tmp_path.iterdir())


def test_schema_writes_the_editor_files_into_the_site_folder_it_is_given(tmp_path: Path) -> None:
    mine = a_site_folder(tmp_path / "mine")
    result = run_cli("schema", "--root", str(mine), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads((mine / "editor" / "schemas" / "events.schema.json").read_text("utf-8"))
    assert "start" in schema["properties"]
    assert run_cli("schema", "--check", "--root", str(mine), cwd=tmp_path).returncode == 0


def test_check_prints_annotations_when_asked(content: ContentFactory) -> None:
    root = content(**{"themes/water.yaml": "nl:\n  tilte: Water\n  summary: s\n"})
    result = run_cli("check", "--format", "github", "--content", str(root))
    assert result.returncode == 1
    assert (
        "::error file=" in result.stderr
        and "themes/water.yaml,line=2,title=nl.tilte::" in result.stderr
    )
