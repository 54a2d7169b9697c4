"""Markdown bodies (sitegen/stages/markdown.py): tables, lists and heading anchors, sanitised HTML,
safe links that follow the site into its sub-path; and bodies that would keep the renderer
busy for minutes are refused (issue 17).

Speed itself is measured by benchmarks/markdown_worst_cases.py, not asserted here: these tests
check what an editor sees, an error naming the file, the line of the body and the field, while
legitimate bodies, however full of markup, still render as before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sitegen.pipeline import PROJECT_ROOT, BuildOptions, check
from sitegen.stages.markdown import render_markdown, with_site_prefix
from tests.support.builds import TODAY, ContentFactory
from tests.support.content import BODY_LINE, news_with_body


def body_errors(content: ContentFactory, body: str) -> list[str]:
    root = content(**{"news/proef.yaml": news_with_body(body)})
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    return [
        problem.format()
        for problem in problems
        if problem.path.endswith("proef.yaml") and problem.severity == "error"
    ]


def wide_table_with_empty_rows() -> str:
    return "|a" * 200 + "|\n" + "|-" * 200 + "|\n" + "|\n" * 9_000


HOSTILE = {
    # the four of the issue
    "20 KB of [": ("[" * 20_000, "has '[' without ']'"),
    "[a]( repeated": ("[a](" * 5_000, "'](' without ')'"),
    "<a repeated": ("<a " * 6_666, "6,666 '<'"),
    "2,500 nested list levels": ("- " * 2_500 + "x", "2500 levels deep"),
    # other shapes found quadratic or worse (see the benchmark)
    "2,500 nested quotes": ("> " * 2_500 + "x", "2500 levels deep"),
    "2,000 nested numbered lists": ("1. " * 2_000 + "x", "2000 levels deep"),
    "links with an apostrophe": ("[a](/it's) " * 1_500, "or with a quote inside"),
    "![ repeated": ("![" * 10_000, "has '[' without ']'"),
    "*a repeated": ("*a" * 10_000, "10,000 of the marks * _ `"),
    "_a repeated": ("_a" * 10_000, "10,000 of the marks * _ `"),
    "backticks": ("`a" * 10_000, "10,000 of the marks * _ `"),
    "<!-- repeated": ("<!--" * 5_000, "5,000 '<'"),
    "a line of 10,000 pipes": ("a|b\n-|-\n" + "|" * 10_000, "cells"),
    "a wide header padding empty rows": (wide_table_with_empty_rows(), "cells"),
    "5,000 equal headings": ("# a\n" * 5_000, "5,000 headings"),
    "a body as large as a file may be": ("Een zin. " * 110_000, "989,999 characters long"),
}


@pytest.mark.parametrize("body, said", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_body_too_costly_to_render_is_refused_by_check(
    content: ContentFactory, body: str, said: str
) -> None:
    errors = body_errors(content, body)
    assert len(errors) == 1
    where, hint = errors[0].split("\n")
    assert f"proef.yaml:{BODY_LINE}: error: nl.body: " in where
    assert said in where
    assert "at most 20,000 characters" in hint


def test_a_build_of_20_kb_of_brackets_ends_with_the_error_not_after_minutes(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content(**{"news/proef.yaml": news_with_body("[" * 20_000)})
    out = tmp_path / "site"
    arguments = ["build", "--content", str(root), "--out", str(out), "--today", TODAY.isoformat()]
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "build.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=60,  # only a guard against hanging; it took 125 s before the limits
        check=False,
    )
    assert done.returncode == 1
    assert f"proef.yaml:{BODY_LINE}: error: nl.body:" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


NESTING = {
    "ten list markers": ("- " * 10 + "x", None),
    "eleven list markers": ("- " * 11 + "x", "line 1 of the text nests lists or quotes 11 levels"),
    "eleven levels of indentation": (
        "".join("    " * level + "- x\n" for level in range(11)),
        "line 11 of the text nests lists or quotes 11 levels",
    ),
}


@pytest.mark.parametrize("body, said", NESTING.values(), ids=NESTING.keys())
def test_nesting_is_allowed_up_to_ten_levels(
    content: ContentFactory, body: str, said: str | None
) -> None:
    errors = body_errors(content, body)
    if said is None:
        assert errors == []
    else:
        assert len(errors) == 1
        assert said in errors[0]


def long_article() -> str:
    """About 18,000 characters, full of what editors write: links, bold, lists, a table."""
    paragraph = (
        "Op **dinsdag** kwam het *netwerk* bijeen; zie [het verslag](/nieuws/verslag/) en"
        " [de agenda](/agenda/), of mail <info@example.nl>. Kosten: `EUR 10` (incl. koffie).\n\n"
    )
    nested = "- een\n    - twee\n        - drie [link](https://example.nl/a_(b))\n\n"
    table = "| wie | wat |\n|---|---|\n" + "| [a](/a/) | **b** |\n" * 40 + "\n"
    rules = "* * * * * * * * * * * *\n\n- - - - - - - - - - - - -\n\n"
    titled = "[Titel](/a/ 'met een titel') " * 50 + "\n\n"
    return "## Verslag\n\n" + titled + paragraph * 90 + nested + table + rules + "\\[" * 300


def test_a_long_body_full_of_ordinary_markup_is_accepted_and_rendered(
    content: ContentFactory,
) -> None:
    body = long_article()
    assert 15_000 < len(body) < 20_000
    assert body_errors(content, body) == []
    tree = lxml_html.fragment_fromstring(str(render_markdown(body)), create_parent="div")
    assert len(tree.findall(".//p/a[@href='/agenda/']")) == 90
    assert len(tree.findall(".//p/a[@title='met een titel']")) == 50
    assert len(tree.findall(".//ul/li/ul/li/ul/li")) == 1
    assert len(tree.findall(".//tbody/tr")) == 40
    assert len(tree.findall(".//hr")) == 2
    assert tree.findall(".//p")[-1].text_content() == "[" * 300  # escaped: plain text


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
        ("<?php echo 1; ?>", None),
        ("<!DOCTYPE html>", None),
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
