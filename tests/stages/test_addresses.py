"""Addresses (sitegen/stages/addresses.py): section words, the search word and page slugs never
claim one address twice, and a clash names both claims."""

from __future__ import annotations

import pytest

from tests.support.addresses import item_page, search_page
from tests.support.builds import ContentFactory
from tests.support.content import errors, section_word_field, with_section_word

ITEM = "nl: {title: t, summary: s}\nen: {title: t, summary: s}\n"


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
    line = with_section_word(root, kind, lang, word)
    messages = errors(root)
    field = section_word_field(kind, lang)
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
        and f"{search_page('nl')} is already taken by languages.0.sections.search" in m
        for m in messages
    ), messages


def test_two_pages_with_one_address_in_a_language_are_an_error(content: ContentFactory) -> None:
    clash = "nl: {title: t, summary: s}\nen: {title: t, summary: s, slug: contact}\n"
    messages = errors(content(**{"pages/bereikbaarheid.yaml": clash}))
    assert any(  # the one read second is in error, and the message names the other
        "pages/contact.yaml:1: error:" in m
        and f"{item_page('pages', 'contact', 'en')} is already taken by the page" in m
        and "pages/bereikbaarheid.yaml:2 (en.slug)" in m
        for m in messages
    ), messages


def test_a_dutch_page_named_after_a_language_is_an_error(content: ContentFactory) -> None:
    messages = errors(content(**{"pages/en.yaml": ITEM}))
    assert any("pages/en.yaml:1:" in m and "the English pages" in m for m in messages), messages
