"""Footnotes speak the page's language: their heading (for screen readers) and each back link's
label come from templates/i18n/<lang>.yaml."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import html as lxml_html

from sitegen.pipeline import BuildOptions, build
from sitegen.stages.footnotes import NoteWords
from sitegen.stages.markdown import render_markdown
from tests.support.builds import TODAY, ContentFactory

WORDS = NoteWords("Voetnoten", "Terug naar verwijzing {number}")
NEWS = """\
date: 2026-11-20
nl:
  title: Bericht
  summary: Kort.
  body: "Zo staat het er.[^1]\\n\\n[^1]: Rapport, blz. 4."
en:
  title: News
  summary: Short.
  body: "So it says.[^1] Again.[^1]\\n\\n[^1]: Report, page 4."
"""


def notes(markup: str) -> lxml_html.HtmlElement:
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    (section,) = tree.find_class("footnotes")
    return section


def test_the_notes_heading_is_at_the_bodys_heading_level_and_only_for_screen_readers() -> None:
    for shift, tag in ((0, "h2"), (2, "h4")):
        section = notes(str(render_markdown("Tekst.[^1]\n\n[^1]: Noot.", shift, WORDS)))
        heading = section[0]
        assert (heading.tag, heading.text, heading.get("class")) == (
            tag,
            "Voetnoten",
            "visually-hidden",
        )


def test_each_back_link_is_labelled_with_the_reference_it_leads_to() -> None:
    section = notes(str(render_markdown("Een.[^a] Twee.[^a]\n\n[^a]: Noot.", 0, WORDS)))
    labels = [link.get("aria-label") for link in section.iter("a")]
    assert labels == ["Terug naar verwijzing 1", "Terug naar verwijzing 1-2"]


def test_raw_html_may_not_hide_a_heading_as_the_notes_heading_is() -> None:
    markup = str(render_markdown('<h2 class="visually-hidden">Weg</h2>\n\nTekst.'))
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    assert not tree.find_class("visually-hidden") and "Weg" in tree.text_content()


def test_a_built_page_and_feed_give_the_notes_words_of_their_language(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content(**{"news/met-noot.yaml": NEWS})
    out = tmp_path / "site"
    options = BuildOptions(content_dir=root, out_dir=out, today=TODAY, cache_dir=None, search=False)
    result = build(options)
    assert result.written
    expected = {
        "nl": ("Voetnoten", "Terug naar verwijzing 1"),
        "en": ("Footnotes", "Back to reference 1"),
    }
    pages = [p for p in result.pages if p.entry is not None and p.entry.slug == "met-noot"]
    assert {page.lang for page in pages} == {"nl", "en"}
    for page in pages:
        section = notes(lxml_html.tostring(
            lxml_html.fromstring((out / page.output_path).read_bytes()).find_class("footnotes")[0],
            encoding="unicode",
        ))  # fmt: skip
        heading, back = expected[page.lang]
        assert section[0].text == heading
        assert next(section.iter("a")).get("aria-label") == back
    english_feeds = [
        feedparser.parse(path.read_bytes(), sanitize_html=False)  # its own would drop the label
        for path in out.glob("en/**/feed.xml")
    ]
    bodies = [c.value for f in english_feeds for e in f.entries for c in e.get("content", [])]
    assert any("Back to reference 1-2" in body and "Footnotes" in body for body in bodies)
