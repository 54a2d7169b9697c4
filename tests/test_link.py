"""Stage 3: references, duplicate slugs, translations and menu links."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import BuildOptions, check
from tests.conftest import TODAY, ContentFactory, run_cli

ITEM = "nl: {title: t, summary: s}\nen: {title: t, summary: s}\n"


def errors(root: object, strict: bool = False) -> list[str]:
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY, strict=strict))  # type: ignore[arg-type]
    return [p.format() for p in problems if p.severity == "error"]


def test_an_unknown_reference_suggests_the_nearest_slug(content: ContentFactory) -> None:
    root = content(
        **{"events/x.yaml": "start: 2030-01-01\nthemes: [water, biodiversitet]\n" + ITEM}
    )
    messages = errors(root)
    assert any(
        "events/x.yaml:2: error: themes.1: refers to 'biodiversitet'" in m
        and "did you mean 'biodiversiteit'?" in m
        for m in messages
    ), messages


def test_references_inside_nested_blocks_are_checked(content: ContentFactory) -> None:
    text = (
        "communities:\n  - slug: a\n    events: [bestaat-niet]\n    nl: {title: t, summary: s}\n"
        + ITEM
    )
    messages = errors(content(**{"programmes/p.yaml": text}))
    assert any("programmes/p.yaml:3" in m and "communities.0.events.0" in m for m in messages)


def test_the_same_slug_twice_is_an_error(content: ContentFactory) -> None:
    messages = errors(content(**{"themes/water.yml": ITEM}))
    assert any("themes/water.yml" in m and "already used" in m for m in messages), messages


def test_a_missing_translation_is_a_warning_and_an_error_when_strict(
    content: ContentFactory,
) -> None:
    root = content()
    assert errors(root) == []
    strict = errors(root, strict=True)
    assert any("organisations/partner.yaml" in m and "no English text" in m for m in strict)


def test_a_menu_link_to_a_missing_page_names_the_line(content: ContentFactory) -> None:
    root = content()
    site_file = root / "site.yaml"
    text = site_file.read_text().replace('"page:contact"', '"page:contcat"', 1)
    site_file.write_text(text)
    line = text.splitlines().index('    - {label: Contact, link: "page:contcat"}') + 1
    messages = errors(root)
    assert any(f"site.yaml:{line}:" in m and "did you mean 'contact'?" in m for m in messages)


def test_two_pages_wanting_one_address_is_an_error(content: ContentFactory) -> None:
    clash = "nl: {title: t, summary: s, slug: agenda}\nen: {title: t, summary: s}\n"
    messages = errors(content(**{"pages/kalender.yaml": clash}))
    assert any("pages/kalender.yaml" in m and "/agenda/ is already taken" in m for m in messages)


def test_a_footer_link_to_a_missing_page_is_an_error(content: ContentFactory) -> None:
    root = content()
    site_file = root / "site.yaml"
    footer = "footer_links:\n  nl: [{label: T, link: 'page:toegankelijk'}]\n  en: []\n"
    site_file.write_text(site_file.read_text() + footer)
    messages = errors(root)
    assert any("footer_links.nl.0.link" in m and "leads nowhere" in m for m in messages)


def _with_section_word(root: Path, kind: str, lang: str, word: str) -> int:
    """Set one section word of one language in site.yaml; return the line it is on."""
    site_file = root / "site.yaml"
    lines = site_file.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - code: {lang}")
    index = next(i for i in range(start, len(lines)) if lines[i].startswith(f"      {kind}: "))
    lines[index] = f"      {kind}: {word}"
    site_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def _section_field(kind: str, lang: str) -> str:
    return f"languages.{['nl', 'en'].index(lang)}.sections.{kind}"


@pytest.mark.parametrize(
    "word", ['"/evil.example"', '"."', '"../../escape"', '"a b<script>"', "Agenda", "a" * 81]
)
def test_a_section_word_that_is_no_slug_fails_check_and_build_alike(
    content: ContentFactory, tmp_path: Path, word: str
) -> None:
    root = content()
    line = _with_section_word(root, "events", "nl", word)
    out = tmp_path / "site"
    for command in (["check"], ["build", "--out", str(out), "--no-search"]):
        result = run_cli(*command, "--content", str(root), "--today", TODAY.isoformat())
        assert result.returncode == 1, result.stderr
        field = _section_field("events", "nl")
        assert f"site.yaml:{line}: error: {field}:" in result.stderr, result.stderr
        assert "e.g. 'agenda'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*.html"))


@pytest.mark.parametrize(
    ("kind", "lang", "word", "taken_by"),
    [
        ("news", "nl", "agenda", "languages.0.sections.events"),
        ("search", "en", "events", "languages.1.sections.events"),
        ("centres", "nl", "en", "the English pages"),
        ("themes", "nl", "static", "styles and scripts"),
        ("clusters", "en", "pagefind", "the search index"),
        ("programmes", "nl", "contact", "the page"),
    ],
)
def test_two_outputs_on_one_path_are_an_error_naming_both(
    content: ContentFactory, kind: str, lang: str, word: str, taken_by: str
) -> None:
    root = content()
    line = _with_section_word(root, kind, lang, word)
    messages = errors(root)
    field = _section_field(kind, lang)
    clashes = [m for m in messages if "is already taken" in m]
    if taken_by == "the page":  # the page came later: the error is on its file
        assert any("pages/contact.yaml:1:" in m and field in m for m in clashes), messages
    else:
        assert any(f"site.yaml:{line}: error: {field}:" in m and taken_by in m for m in clashes)
    assert len(clashes) == 1, clashes  # one clash, said once (not again by the plan stage)


def test_a_page_slug_equal_to_a_section_word_names_the_line_of_the_slug(
    content: ContentFactory,
) -> None:
    clash = "nl:\n  title: t\n  summary: s\n  slug: zoeken\nen: {title: t, summary: s}\n"
    messages = errors(content(**{"pages/vinden.yaml": clash}))
    assert any(
        "pages/vinden.yaml:4: error: nl.slug:" in m
        and "/zoeken/ is already taken by languages.0.sections.search" in m
        for m in messages
    ), messages


def test_two_pages_with_one_address_in_a_language_are_an_error(content: ContentFactory) -> None:
    clash = "nl: {title: t, summary: s}\nen: {title: t, summary: s, slug: contact}\n"
    messages = errors(content(**{"pages/bereikbaarheid.yaml": clash}))
    assert any(  # the one read second is in error, and the message names the other
        "pages/contact.yaml:1: error:" in m
        and "/en/contact/ is already taken by the page" in m
        and "pages/bereikbaarheid.yaml:2 (en.slug)" in m
        for m in messages
    ), messages


def test_a_dutch_page_named_after_a_language_is_an_error(content: ContentFactory) -> None:
    messages = errors(content(**{"pages/en.yaml": ITEM}))
    assert any("pages/en.yaml:1:" in m and "the English pages" in m for m in messages), messages
