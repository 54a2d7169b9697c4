"""Stage 3, linking (sitegen/stages/link.py): references, duplicate slugs, translations and menu
links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builds import TODAY, ContentFactory, run_cli
from tests.support.content import errors, section_word_field, with_section_word

ITEM = "nl: {title: t, summary: s}\nen: {title: t, summary: s}\n"


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


def test_a_footer_link_to_a_missing_page_is_an_error(content: ContentFactory) -> None:
    root = content()
    site_file = root / "site.yaml"
    footer = "footer_links:\n  nl: [{label: T, link: 'page:toegankelijk'}]\n  en: []\n"
    site_file.write_text(site_file.read_text() + footer)
    messages = errors(root)
    assert any("footer_links.nl.0.link" in m and "leads nowhere" in m for m in messages)


@pytest.mark.parametrize(
    "word", ['"/evil.example"', '"."', '"../../escape"', '"a b<script>"', "Agenda", "a" * 81]
)
def test_a_section_word_that_is_no_slug_fails_check_and_build_alike(
    content: ContentFactory, tmp_path: Path, word: str
) -> None:
    root = content()
    line = with_section_word(root, "events", "nl", word)
    out = tmp_path / "site"
    for command in (["check"], ["build", "--out", str(out), "--no-search"]):
        result = run_cli(*command, "--content", str(root), "--today", TODAY.isoformat())
        assert result.returncode == 1, result.stderr
        field = section_word_field("events", "nl")
        assert f"site.yaml:{line}: error: {field}:" in result.stderr, result.stderr
        assert "e.g. 'agenda'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*.html"))
