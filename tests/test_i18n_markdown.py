"""Localized dates and figures; Markdown with tables and anchors, sanitised."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from lxml import html as lxml_html

from schemas.fields import SITE_TIMEZONE, Figure
from sitegen.model.site import Site
from sitegen.pipeline import BuildOptions, check
from sitegen.stages.i18n import Localizer
from sitegen.stages.markdown import render_markdown, with_site_prefix
from tests.conftest import FIXTURE_SITE, TODAY


@pytest.fixture(scope="module")
def site() -> Site:
    linked, _, _ = check(BuildOptions(content_dir=FIXTURE_SITE, today=TODAY))
    assert linked is not None
    return linked


def test_dates_are_written_out_in_each_language(site: Site) -> None:
    day = date(2017, 6, 21)
    assert Localizer(site, "nl").date(day) == "woensdag 21 juni 2017"
    assert Localizer(site, "en").date(day) == "Wednesday 21 June 2017"


def test_an_event_on_one_afternoon_reads_naturally(site: Site) -> None:
    start = datetime(2017, 6, 20, 14, 0, tzinfo=SITE_TIMEZONE)
    end = datetime(2017, 6, 20, 17, 30, tzinfo=SITE_TIMEZONE)
    assert Localizer(site, "nl").when(start, end) == "dinsdag 20 juni 2017, 14:00–17:30"
    assert Localizer(site, "en").month(start) == "June 2017"


def test_figures_carry_their_qualifier_in_words(site: Site) -> None:
    more = Figure.model_validate(
        {"value": 1600, "qualifier": "more_than", "label": {"nl": "a", "en": "a"}}
    )
    share = Figure.model_validate({"value": 96, "unit": "percent", "label": {"nl": "a", "en": "a"}})
    assert Localizer(site, "nl").figure(more) == "ruim 1.600"
    assert Localizer(site, "en").figure(more) == "more than 1,600"
    assert Localizer(site, "nl").figure(share) == "96%"


def test_markdown_tables_lists_and_heading_anchors() -> None:
    html = render_markdown(
        "## Aanpak en doel\n\n- een\n- twee\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert '<h2 id="aanpak-en-doel">' in html
    assert "<li>een</li>" in html
    assert "<td>1</td>" in html


@pytest.mark.parametrize(
    "hostile, shown",
    [
        ("<script>alert(1)</script>", None),
        ('<img src=x onerror="alert(1)">', None),
        ("[klik](javascript:alert(1))", None),
        ('<a href="javascript:alert(1)">x</a>', None),
        ('<p onclick="alert(1)">x</p>', None),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', None),
        ("[x](&#106;avascript:alert(1))", "[x](javascript:alert(1))"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', None),
        ('<svg onload="alert(1)"><script>alert(1)</script></svg>', None),
        ('<iframe src="https://evil.example/"></iframe>', None),
        ("<style>body{display:none}</style>", None),
        ('<form action="https://evil.example/"><input name="x"></form>', None),
        ('<div style="position:fixed">x</div>', None),
    ],
)
def test_markdown_html_is_sanitised_and_shown_as_written(hostile: str, shown: str | None) -> None:
    """Nothing runs, and nothing vanishes either: the editor sees what the site left out."""
    tree = lxml_html.fragment_fromstring(
        str(render_markdown(f"tekst {hostile} tekst")), create_parent="div"
    )
    unsafe = ("script", "img", "svg", "iframe", "style", "form", "input", "div")
    assert not [element.tag for element in tree.iterdescendants() if element.tag in unsafe]
    assert not [name for element in tree.iter() for name in element.attrib if name[:2] == "on"]
    assert not tree.xpath("//@style")
    assert not [href for href in tree.xpath("//@href") if not href.startswith("https:")]
    assert (shown or hostile) in tree.text_content()


def test_markdown_links_get_noopener_and_a_link_that_cannot_be_followed_shows_as_written() -> None:
    html = render_markdown("[a](https://example.org/) en [b](javascript:alert(1))")
    assert '<a href="https://example.org/" rel="noopener noreferrer">a</a>' in html
    assert "en [b](javascript:alert(1))</p>" in html  # text, not a link that leads nowhere


def test_root_relative_links_follow_the_site_into_its_sub_path() -> None:
    html = render_markdown(
        "[agenda](/agenda/), [elders](https://example.org/x), [//cdn](//cdn.example/x)\n\n"
        '`<a href="/code/">`'
    )
    moved = with_site_prefix(html, "/repo/")
    links = [
        a.get("href") for a in lxml_html.fragment_fromstring(moved, create_parent="div").iter("a")
    ]
    assert links == ["/repo/agenda/", "https://example.org/x", "//cdn.example/x"]
    assert '<code>&lt;a href="/code/"&gt;</code>' in moved  # words about links stay as written
    assert with_site_prefix(html, "/") == html
