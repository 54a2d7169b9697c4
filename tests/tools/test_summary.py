"""The job summary of a CI run lists every content problem in a Markdown table that GitHub shows
as written, however many problems there are and whatever their messages contain."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from lxml import html

from sitegen.model.problems import ContentError
from sitegen.tools.summary import COLUMNS, problems_table
from tests.support.builds import ContentFactory, run_cli

HOSTILE = ContentError(
    "content/news/a|b.yaml",
    3,
    "nl.title",
    "the title 'x | y' has *stars*, <b>tags</b>, ~~strike~~, `code`, a\\ backslash & [a](link)\n"
    "and a second line",
    "write it | like this",
)


def rendered_rows(text: str) -> list[list[str]]:
    """The table's rows as a Markdown renderer (Python-Markdown, not our code) shows them."""
    page = html.fromstring(markdown.markdown(text, extensions=["tables"]))
    for line_break in page.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    return [[cell.text_content() for cell in row.xpath("./th|./td")] for row in page.iter("tr")]


def test_every_problem_is_one_row_showing_exactly_its_text() -> None:
    warning = ContentError("content/themes/water.yaml", None, "en", "has no English text yet",
                           severity="warning")  # fmt: skip
    rows = rendered_rows(problems_table([warning, HOSTILE]))
    assert rows[0] == list(COLUMNS)
    hostile = [HOSTILE.severity, HOSTILE.path, "3", HOSTILE.field, HOSTILE.message, HOSTILE.hint]
    assert rows[1] == hostile  # errors first; a pipe, markup or line break stays in its cell
    assert rows[2] == ["warning", "content/themes/water.yaml", "", "en",
                       "has no English text yet", ""]  # fmt: skip
    assert len(rows) == 3


def test_the_heading_counts_errors_and_warnings() -> None:
    text = problems_table([HOSTILE, HOSTILE])
    assert text.startswith("### Content check: 2 error(s), 0 warning(s)\n")
    assert problems_table([]) == "### Content check: 0 error(s), 0 warning(s)\n"


def test_a_table_past_the_size_github_accepts_says_how_many_rows_it_left_out() -> None:
    problems = [ContentError(f"content/events/e{n}.yaml", 1, "start", "x" * 80) for n in range(100)]
    text = problems_table(problems, limit=4_000)
    assert len(text.encode()) <= 4_000
    rows = rendered_rows(text)[1:]
    assert 0 < len(rows) < 100
    assert f"{100 - len(rows)} more problem(s)" in text


def annotations_in(stderr: str) -> list[tuple[str, str, str, str]]:
    """(severity, file, line, field) of each workflow command GitHub would turn into one."""
    found = re.findall(r"^::(error|warning) file=([^,:]*)(?:,line=(\d+))?(?:,title=([^:]*))?::",
                       stderr, flags=re.MULTILINE)  # fmt: skip
    return [(severity, file, line, field) for severity, file, line, field in found]


def test_check_in_ci_appends_every_problem_to_the_job_summary(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    broken = {
        f"themes/broken-{n}.yaml": f"nl:\n  tilte: Thema {n}\n  summary: s\n" for n in range(12)
    }
    result = run_cli("check", "--format", "github", "--content", str(content(**broken)))
    assert result.returncode == 1
    annotated = annotations_in(result.stderr)
    assert len(annotated) > 12  # more than GitHub shows as annotations of one step
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never overwritten
    rows = rendered_rows(text)[1:]
    assert sorted((row[0], Path(row[1]).name, row[2], row[3]) for row in rows) == sorted(
        (severity, Path(file).name, line, field) for severity, file, line, field in annotated
    )
    assert {Path(row[1]).name for row in rows if row[3] == "nl.tilte"} == {
        Path(name).name for name in broken
    }


def test_check_without_a_summary_file_or_in_plain_format_writes_no_summary(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content(**{"themes/water.yaml": "nl:\n  tilte: Water\n  summary: s\n"})
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run_cli("check", "--format", "github", "--content", str(root)).returncode == 1
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run_cli("check", "--format", "plain", "--content", str(root)).returncode == 1
    assert not summary.exists()


def test_an_unwritable_summary_is_reported_without_a_traceback(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content(**{"themes/water.yaml": "nl:\n  tilte: Water\n  summary: s\n"})
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing-folder" / "summary.md"))
    result = run_cli("check", "--format", "github", "--content", str(root))
    assert result.returncode == 1
    assert "could not write the job summary" in result.stderr
    assert "Traceback" not in result.stderr
