"""Every content problem as one Markdown table, for the job summary of a GitHub Actions run.

GitHub shows at most 10 annotations of each kind per step, so a pull request with 30 mistakes
would show a third of them on its files; the job summary has room for all of them."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sitegen.model.problems import ContentError

SUMMARY_FILE_VARIABLE = "GITHUB_STEP_SUMMARY"
# GitHub refuses a step summary larger than 1 MiB (and then shows none of it); stay below it.
SUMMARY_LIMIT_BYTES = 1_000_000
COLUMNS = ("severity", "file", "line", "field", "message", "hint")

# Characters Markdown would read as markup. A backslash before the first set shows the character
# itself (an unescaped pipe ends the cell); the others become character references, which every
# Markdown dialect shows as the character, where a backslash before them works in some only.
_BACKSLASHED = re.compile(r"([\\`*_\[\]|])")
_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}


def escape_cell(text: str) -> str:
    """Text that stays one table cell and shows as written: pipes and markup escaped, each line
    break a <br> (a raw one would end the row)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(_escape_line(line) for line in lines)


def _escape_line(line: str) -> str:
    escaped = "".join(_REFERENCES.get(character, character) for character in line)
    return _BACKSLASHED.sub(r"\\\1", escaped)


def problems_table(problems: Sequence[ContentError], limit: int = SUMMARY_LIMIT_BYTES) -> str:
    """A heading with the counts, then one row per problem (errors first), as Markdown.

    Rows that would take the text past limit bytes are left out and counted in a last line."""
    errors = sum(1 for problem in problems if problem.severity == "error")
    heading = f"### Content check: {errors} error(s), {len(problems) - errors} warning(s)\n"
    if not problems:
        return heading
    lines = [heading, _row(COLUMNS), _row(("---",) * len(COLUMNS))]
    size = sum(len(line.encode()) for line in lines)
    ordered = sorted(problems, key=lambda problem: problem.severity != "error")
    for shown, problem in enumerate(ordered):
        row = _row(_cells(problem))
        if size + len(row.encode()) > limit - 200:  # room for the closing line
            lines.append(f"\n{len(ordered) - shown} more problem(s): see the log of this step.\n")
            break
        lines.append(row)
        size += len(row.encode())
    return "".join(lines)


def append_job_summary(problems: Sequence[ContentError]) -> None:
    """Append the table to the file GitHub names in GITHUB_STEP_SUMMARY; nothing outside CI.

    A summary that cannot be written is reported, not raised: the annotations and the exit code
    already tell the result."""
    target = os.environ.get(SUMMARY_FILE_VARIABLE)
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as summary:
            summary.write(problems_table(problems) + "\n")
    except OSError as error:
        print(f"could not write the job summary {target}: {error.strerror}", file=sys.stderr)


def _cells(problem: ContentError) -> tuple[str, ...]:
    line = str(problem.line) if problem.line else ""
    fields = (problem.severity, problem.path, line, problem.field, problem.message, problem.hint)
    return tuple(escape_cell(text) for text in fields)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |\n"
