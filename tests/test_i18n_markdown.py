"""Localized dates and figures; Markdown with tables and anchors, sanitised."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from lxml import html as lxml_html

from schemas.fields import SITE_TIMEZONE, Figure
from schemas.languages import for_languages
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
    figure = for_languages(Figure, site.languages)  # the label has a field per language
    label = dict.fromkeys(site.languages, "a")
    more = figure.model_validate({"value": 1600, "qualifier": "more_than", "label": label})
    share = figure.model_validate({"value": 96, "unit": "percent", "label": label})
    assert isinstance(more, Figure) and isinstance(share, Figure)
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
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "[x](&#106;avascript:alert(1))",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
        '<iframe src="https://evil.example/"></iframe>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example/"><input name="x"></form>',
        '<div style="position:fixed">x</div>',
    ],
)
def test_markdown_html_is_sanitised(hostile: str) -> None:
    html = render_markdown(f"tekst {hostile} tekst").lower()
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "data:" not in html
    assert not any(f"<{tag}" in html for tag in ("iframe", "svg", "style", "form", "input"))
    assert "style=" not in html


def test_markdown_links_get_noopener_and_a_removed_href_takes_its_rel_along() -> None:
    html = render_markdown("[a](https://example.org/) en [b](javascript:alert(1))")
    assert '<a href="https://example.org/" rel="noopener noreferrer">a</a>' in html
    assert "<a>b</a>" in html  # rel without href would be invalid HTML


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
