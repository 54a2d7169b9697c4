"""Content problems (sitegen/model/problems.py) as CI shows them: annotations on file and line."""

from __future__ import annotations

from sitegen.model.problems import ContentError


def test_errors_become_github_annotations_on_file_and_line() -> None:
    problem = ContentError("content/events/x.yaml", 4, "nl.title", "is 100% wrong,\nreally", "fix")
    assert problem.github() == (
        "::error file=content/events/x.yaml,line=4,title=nl.title::"
        "is 100%25 wrong,%0Areally (hint: fix)"
    )
