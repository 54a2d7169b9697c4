"""Editing a copy of the fixture site's settings, and checking it as `build.py check` does."""

from __future__ import annotations

from pathlib import Path

from sitegen.pipeline import BuildOptions, check
from tests.support.builds import TODAY


def errors(root: object, strict: bool = False) -> list[str]:
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY, strict=strict))  # type: ignore[arg-type]
    return [p.format() for p in problems if p.severity == "error"]


def with_section_word(root: Path, kind: str, lang: str, word: str) -> int:
    """Set one section word of one language in site.yaml; return the line it is on."""
    site_file = root / "site.yaml"
    lines = site_file.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - code: {lang}")
    index = next(i for i in range(start, len(lines)) if lines[i].startswith(f"      {kind}: "))
    lines[index] = f"      {kind}: {word}"
    site_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def section_word_field(kind: str, lang: str) -> str:
    """The field of a section word in the fixture's site.yaml, as errors name it."""
    return f"languages.{['nl', 'en'].index(lang)}.sections.{kind}"


NEWS_WITH_BODY = """\
date: 2017-06-23
nl:
  title: Bericht
  summary: Kort.
  body: |-
{body}
en:
  title: News
  summary: Short.
"""
BODY_LINE = 5  # the line of 'body:' in NEWS_WITH_BODY


def news_with_body(body: str) -> str:
    """A news item whose Dutch body is body, as an editor writes it in a block scalar."""
    indented = "\n".join("    " + line if line else "" for line in body.split("\n"))
    return NEWS_WITH_BODY.format(body=indented)
