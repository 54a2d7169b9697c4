"""Mistakes in the site's languages are said at start-up, with file and line, never as a
traceback: on the fixture site with German added (tests/support/german.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.builds import TODAY, run_cli
from tests.support.german import with_german


def errors_of(folder: Path) -> list[str]:
    """What `build.py check` says, as an editor sees it; never a traceback."""
    result = run_cli("check", "--root", str(folder), "--today", TODAY.isoformat())
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    return [block for block in result.stderr.split("\n") if ": error:" in block or "hint:" in block]


def site_with(folder: Path, change: Callable[[str], str]) -> Path:
    with_german(folder)
    settings = folder / "content" / "site.yaml"
    settings.write_text(change(settings.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def last_line_of(folder: Path, text: str) -> int:
    """The number of the last line of site.yaml that reads text (German's block is the last)."""
    lines = (folder / "content" / "site.yaml").read_text(encoding="utf-8").splitlines()
    return max(number for number, line in enumerate(lines, start=1) if line == text)


def test_a_language_without_its_catalog_names_the_file_to_add(tmp_path: Path) -> None:
    folder = with_german(tmp_path)
    (folder / "templates" / "i18n" / "de.yaml").unlink()
    said = "\n".join(errors_of(folder))
    assert "templates/i18n/de.yaml: error: the site is published in German" in said
    hint = next(line for line in said.splitlines() if "hint:" in line)
    assert "templates/i18n/de.yaml" in hint and "with each text in German" in hint


@pytest.mark.parametrize(
    ("change", "text", "field", "message"),
    [
        (lambda s: s.replace("locale: de_DE", "locale: de_XX"), "    locale: de_XX",
         "languages.2.locale", "'de_XX' is not a locale CLDR knows"),
        (lambda s: s.replace("locale: de_DE", "locale: en_GB"), "    locale: en_GB",
         "languages.2.locale", "the locale en_GB writes English, not German"),
        (lambda s: s.replace("code: de", "code: en"), "  - code: en",
         "languages.2.code", "the language 'en' is already declared"),
        (lambda s: s.replace("prefix: de", "prefix: en"), "    prefix: en",
         "languages.2.prefix", "the folder 'en' is already declared"),
        (lambda s: s.replace("prefix: de", 'prefix: ""'), '    prefix: ""',
         "languages.2.prefix", "only the first language is published at the site's root"),
        (lambda s: s.replace("      news: nachrichten\n", ""), "    sections:",
         "languages.2.sections.news", "is required but missing"),
    ],
)  # fmt: skip
def test_a_mistake_in_the_languages_is_said_on_its_line(
    tmp_path: Path, change: Callable[[str], str], text: str, field: str, message: str
) -> None:
    folder = site_with(tmp_path, change)
    line = last_line_of(folder, text)
    errors = errors_of(folder)
    assert any(f"site.yaml:{line}: error: {field}: {message}" in e for e in errors), errors


def test_a_prefix_equal_to_a_section_word_is_an_error_naming_both(tmp_path: Path) -> None:
    folder = site_with(tmp_path, lambda s: s.replace("prefix: de", "prefix: agenda"))
    errors = errors_of(folder)
    line = last_line_of(folder, "      events: agenda")
    assert any(
        f"site.yaml:{line}: error: languages.0.sections.events: 'agenda'" in e
        and "the German pages" in e
        for e in errors
    ), errors


def test_a_block_in_an_undeclared_language_names_the_site_languages(tmp_path: Path) -> None:
    folder = with_german(tmp_path)
    water = folder / "content" / "themes" / "water.yaml"
    water.write_text(water.read_text() + "fr:\n  title: Eau\n  summary: L'eau.\n")
    errors = errors_of(folder)
    assert any(
        "water.yaml:" in e and "fr: 'fr' is not one of the site's languages" in e for e in errors
    )
    assert any("hint: write one of nl, en, de, or add the language" in e for e in errors), errors


def test_a_name_without_its_german_text_is_required(tmp_path: Path) -> None:
    folder = site_with(tmp_path, lambda s: s.replace(", de: Testnetzwerk}", "}"))
    errors = errors_of(folder)
    assert any("site.yaml:2: error: name.de: is required but missing" in e for e in errors), errors
    assert any("hint: expected the text in German" in e for e in errors), errors


def test_a_site_yaml_from_before_languages_were_data_is_told_where_the_words_go(
    tmp_path: Path,
) -> None:
    old = "sections:\n  events: {nl: agenda, en: events}\n"
    folder = site_with(
        tmp_path, lambda s: s[: s.index("# The languages")] + old + s[s.index("menus:") :]
    )
    errors = errors_of(folder)
    line = last_line_of(folder, "sections:")
    assert any(
        f"site.yaml:{line}: error: sections: the section words now belong" in e for e in errors
    )
    assert any("hint: move them into languages:" in e for e in errors), errors
