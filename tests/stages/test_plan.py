"""The page plan (sitegen/stages/plan.py): one page per address, a 404 page per language."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.support.builds import ContentFactory
from tests.support.content import errors


def test_two_pages_wanting_one_address_is_an_error(content: ContentFactory) -> None:
    clash = "nl: {title: t, summary: s, slug: agenda}\nen: {title: t, summary: s}\n"
    messages = errors(content(**{"pages/kalender.yaml": clash}))
    assert any("pages/kalender.yaml" in m and "/agenda/ is already taken" in m for m in messages)


def test_a_404_page_exists_in_each_language(out: Path) -> None:
    for path, lang in (("404.html", "nl"), ("en/404.html", "en")):
        tree = etree.parse(str(out / path), etree.HTMLParser())
        assert tree.getroot().get("lang") == lang
        assert tree.xpath("//h1/text()")
