"""Markdown as editors know it from GitHub (issue 13): bodies render as cmark-gfm renders them.

cmark-gfm (PyPI cmarkgfm, the C library GitHub renders Markdown with) is the reference: each
snippet an editor typically writes goes through our renderer and through cmark-gfm, whose HTML
then gets the site's own finishing (heading levels and anchors, the sanitiser), so that what is
compared is what the Markdown parsers make of the text. HTML is compared after normalising
whitespace and attribute order, with lxml. The CommonMark spec's own examples (spec.txt of the
npm package commonmark-spec 0.31.2, vendored in tests/fixtures/commonmark/ under its licence)
check the parser itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.metadata import packages_distributions
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from lxml import html as lxml_html

from sitegen.pipeline import BuildOptions, check
from sitegen.reuse.digests import RENDERING_LIBRARIES
from sitegen.stages.footnotes import NOTES_HEADING_CLASS, NoteWords, render_env
from sitegen.stages.markdown import fast_html, finish, render_markdown, site_markdown
from tests.support.builds import TODAY, ContentFactory, run_cli
from tests.support.content import BODY_LINE, news_with_body

SPEC = Path(__file__).parents[1] / "fixtures" / "commonmark" / "spec.txt"
GITHUB_EXTENSIONS = ["table", "autolink", "tagfilter", "strikethrough", "tasklist"]
GITHUB_OPTIONS = (
    Options.CMARK_OPT_UNSAFE  # raw HTML is kept, then sanitised, as on GitHub (and here)
    | Options.CMARK_OPT_FOOTNOTES
    | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES  # align="" is obsolete HTML
)

SNIPPETS = {
    "emphasis": "Dit is **belangrijk** en dit *schuin*, en __ook vet__ of _ook schuin_.",
    "list after a paragraph": "We bespreken:\n- de aanpak\n- het budget\n- de planning",
    "numbered list after a paragraph": "Stappen:\n1. aanmelden\n2. meedoen\n",
    "two-space nested list": "- groen\n  - bomen\n  - water\n- blauw\n  - zee",
    "four-space nested list": "- groen\n    - bomen\n        - eik\n- blauw",
    "1) list": "1) eerst dit\n2) dan dat\n3) klaar",
    "list starting at 3": "3. derde\n4. vierde",
    "fenced code": "Voorbeeld:\n\n```yaml\nstart: 2030-03-12 14:00\nthemes: [water]\n```",
    "fenced code after a paragraph": "Zo:\n```\nbuild.py check\n```\nen klaar.",
    "tilde fence": "~~~\n<b>geen opmaak</b>\n~~~",
    "indented code": "Tekst.\n\n    regel een\n    regel twee",
    "table after a paragraph": "Tarieven:\n| wie | prijs |\n|---|---|\n| leden | gratis |",
    "aligned table": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| `x|y` | **v** | \\| |",
    "bare link": "Zie https://www.example.org/pad?x=1&y=2. En (https://example.org/a_(b)).",
    "www link": "Kijk op www.duurzaammbo.nl voor meer.",
    "bare e-mail": "Mail info@example.nl of <info@example.org>.",
    "strikethrough": "De prijs is ~~20~~ 15 euro.",
    "task list": "- [ ] uitnodiging versturen\n- [x] zaal boeken\n- gewoon punt",
    "footnotes": "Zo staat het in het rapport.[^1]\n\n[^1]: Rapport 2022, blz. 4.",
    "headings": "## Programma\n\nTekst.\n\n### Ochtend\n\nMeer tekst.",
    "heading one": "# Over ons\n\nWie we zijn.\n\n## Leden",
    "setext heading": "Programma\n=========\n\nTekst.",
    "hard line breaks": "Netwerk Duurzaam MBO  \nPostbus 1\\\nDen Haag",
    "quote with a list": "> Wat we willen:\n> - minder afval\n> - meer groen",
    "rules": "Boven\n\n***\n\nOnder\n\n---\n\nEinde",
    "links with titles and references": '[site](https://example.org "De site") en [agenda][].\n\n'
    "[agenda]: /agenda/",
    "underscores in words": "Het bestand heet snake_case_naam en __init__ blijft staan.",
    "code spans and escapes": "Typ `build.py check`, of ``a `b` c``; \\*geen nadruk\\* &amp; AT&T.",
    "loose list": "- eerste punt\n\n  met een tweede alinea\n\n- tweede punt",
    "inline HTML the site keeps": "H<sub>2</sub>O en x<sup>2</sup>,<br>nieuwe regel",
}


def github(text: str) -> str:
    """cmark-gfm's HTML, as GitHub makes it from the same text."""
    return str(
        cmarkgfm.markdown_to_html_with_extensions(
            text, options=GITHUB_OPTIONS, extensions=GITHUB_EXTENSIONS
        )
    )


BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
})  # fmt: skip


class _Canonical(HTMLParser):
    """Tags with sorted attributes and text with runs of whitespace as one space (none beside
    a block's tags), as the CommonMark spec's own normaliser does; <pre> is kept exact."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = "".join(f' {name}="{value or ""}"' for name, value in sorted(attrs))
        self._tag(tag, f"<{tag}{written}>")
        self.in_pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.in_pre -= tag == "pre"
        self._tag(tag, f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data if self.in_pre else re.sub(r"\s+", " ", data))

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.parts.append(f"<!{decl}>")

    def _tag(self, tag: str, markup: str) -> None:
        if tag in BLOCK_TAGS and not self.in_pre:
            if self.parts and not self.parts[-1].startswith("<"):
                self.parts[-1] = self.parts[-1].rstrip()
            markup += "\0"  # the text after a block's tag starts without a space
        self.parts.append(markup)


def normalised(markup: str) -> str:
    """The HTML's tags, attributes (sorted) and text, whitespace collapsed (not in <pre>)."""
    parser = _Canonical()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\0 ?", "", "".join(parser.parts)).strip()


# GitHub's words: cmark-gfm's back-link label, and the heading github.com adds (for screen
# readers, as the site does in each page's language)
GITHUB_NOTE_WORDS = NoteWords("Footnotes", "Back to reference {number}")
GITHUB_NOTES_HEADING = f'<h2 class="{NOTES_HEADING_CLASS}">Footnotes</h2>\n'


def github_page(text: str) -> str:
    """GitHub's HTML as github.com shows it: cmark-gfm's, with the notes' heading."""
    section = '<section class="footnotes" data-footnotes>\n'
    return github(text).replace(section, section + GITHUB_NOTES_HEADING)


def same_as_github(text: str) -> bool:
    ours = render_markdown(text, 0, GITHUB_NOTE_WORDS)
    return normalised(ours) == normalised(finish(github_page(text)))


# where the site differs from GitHub on purpose, and why
DELIBERATE = {
    "task list": "the box and its words are in a <label>, so that a screen reader names the box",
}


def test_at_least_27_of_30_editor_snippets_render_as_on_github() -> None:
    assert len(SNIPPETS) == 30
    different = [name for name, text in SNIPPETS.items() if not same_as_github(text)]
    assert len(SNIPPETS) - len(different) >= 27, different
    assert set(different) <= set(DELIBERATE), different


def test_the_comparison_sees_a_difference_when_there_is_one() -> None:
    """Python-Markdown merges a list into the paragraph before it; GitHub does not."""
    merged = "<p>We bespreken:\n- de aanpak\n- het budget</p>"
    text = SNIPPETS["list after a paragraph"]
    assert normalised(merged) != normalised(finish(github(text)))
    assert normalised("<p>a  <b>b</b>\n</p>") == normalised("<p>a <b>b</b></p>")


def spec_examples() -> list[tuple[int, str, str, str]]:
    """(number, section, Markdown, HTML) of each example, read as the spec's own tools do."""
    text = SPEC.read_text(encoding="utf-8").replace("\r\n", "\n")
    text = text.split("\n<!-- END TESTS -->", 1)[0]
    fence = "`" * 32
    pattern = re.compile(
        rf"^{fence} example\n(.*?)^\.\n(.*?)^{fence}$|^#{{1,6}} *([^\n]*)$",
        re.MULTILINE | re.DOTALL,
    )
    examples: list[tuple[int, str, str, str]] = []
    section = ""
    for found in pattern.finditer(text):
        if found[3] is not None:
            section = found[3]
            continue
        markdown, expected = (part.replace("→", "\t") for part in (found[1], found[2]))
        examples.append((len(examples) + 1, section, markdown, expected))
    return examples


def spec_passes(section: str | None = None) -> tuple[int, int]:
    """(passed, examples) of the CommonMark spec, for our parser with raw HTML kept."""
    parser = site_markdown(keep_raw_html=True)
    chosen = [e for e in spec_examples() if section is None or e[1] == section]
    passed = sum(
        normalised(parser.render(markdown)) == normalised(expected)
        for _, _, markdown, expected in chosen
    )
    return passed, len(chosen)


def test_at_least_95_percent_of_the_commonmark_spec_passes() -> None:
    passed, examples = spec_passes()
    assert examples == 652
    assert passed / examples >= 0.95, f"{passed} of {examples}"


def test_every_fenced_code_example_of_the_spec_passes() -> None:
    passed, examples = spec_passes("Fenced code blocks")
    assert (passed, examples) == (29, 29)


def visible_text(markup: str) -> str:
    if not markup.strip():
        return ""
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    return " ".join(tree.text_content().split())


def test_the_sanitiser_removes_no_text_from_any_example_of_the_spec() -> None:
    """Nothing an editor writes vanishes unseen: whatever the 652 examples hold (raw HTML of
    every kind, links to any scheme, entities), the page shows the same words as the parser
    made, except an HTML comment (a note for editors) and images (refused by check)."""
    lost = [
        number
        for number, _, markdown, _ in spec_examples()
        if "<!--" not in markdown and "![" not in markdown
        for rendered in [site_markdown().render(markdown)]
        if visible_text(rendered) != visible_text(finish(rendered))
    ]
    assert lost == []


@pytest.mark.parametrize(
    "text, tag",
    [("~~weg~~", "del"), ("- [x] klaar", "input"), ("a[^1]\n\n[^1]: b", "section")],
)
def test_what_gfm_adds_survives_the_sanitiser(text: str, tag: str) -> None:
    tree = lxml_html.fragment_fromstring(str(render_markdown(text)), create_parent="div")
    assert tree.findall(f".//{tag}")


def test_a_task_box_cannot_be_ticked_on_the_site() -> None:
    tree = lxml_html.fragment_fromstring(
        str(render_markdown("- [x] klaar\n- [ ] nog doen")), create_parent="div"
    )
    boxes = tree.findall(".//li/label/input")
    assert [box.get("type") for box in boxes] == ["checkbox", "checkbox"]
    assert all(box.get("disabled") is not None for box in boxes)
    assert [box.get("checked") is not None for box in boxes] == [True, False]
    # each box is named by its words (a screen reader says "klaar, checkbox, checked")
    assert [box.getparent().text_content().strip() for box in boxes] == ["klaar", "nog doen"]


def test_a_footnote_and_its_reference_link_to_each_other() -> None:
    tree = lxml_html.fragment_fromstring(
        str(render_markdown("Bron.[^bron]\n\n[^bron]: Het rapport.")), create_parent="div"
    )
    (reference,) = tree.xpath("//p/sup/a")
    (note,) = tree.xpath("//section/ol/li")
    assert reference.get("href") == f"#{note.get('id')}"
    (back,) = note.xpath(".//a")
    assert back.get("href") == f"#{reference.get('id')}"
    assert reference.text_content() == "1"


def test_table_alignment_is_kept_as_a_class() -> None:
    tree = lxml_html.fragment_fromstring(
        str(render_markdown("| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |")), create_parent="div"
    )
    cells = tree.xpath("//tbody/tr/td")
    assert [cell.get("class") for cell in cells] == ["align-left", "align-center", "align-right"]
    assert not tree.xpath("//@style")


def heading_levels(text: str, shift: int = 0) -> list[tuple[str, str | None]]:
    tree = lxml_html.fragment_fromstring(str(render_markdown(text, shift)), create_parent="div")
    return [(h.tag, h.get("id")) for h in tree.iterdescendants("h1", "h2", "h3", "h4", "h5", "h6")]


@pytest.mark.parametrize(
    "text, shift, levels",
    [
        ("# Over ons\n\n## Leden\n\n### Bestuur", 0, ["h2", "h3", "h4"]),
        ("## Over ons\n\n### Leden", 0, ["h2", "h3"]),  # the shipped bodies' style, unchanged
        ("### Alleen klein", 0, ["h2"]),  # never a level skipped under the page title
        ("Over ons\n===\n\nLeden\n---", 0, ["h2", "h3"]),
        ("# Over ons\n\n## Leden", 2, ["h4", "h5"]),  # a community's text under its h3
        (
            "# a\n\n## b\n\n### c\n\n#### d\n\n##### e\n\n###### f",
            0,
            ["h2", "h3", "h4", "h5", "h6", "h6"],
        ),
    ],
)
def test_the_largest_heading_of_a_body_is_one_level_under_the_page_title(
    text: str, shift: int, levels: list[str]
) -> None:
    assert [tag for tag, _ in heading_levels(text, shift)] == levels


def test_headings_keep_the_anchors_they_had() -> None:
    text = "# Aanpak & doel\n\n## Aanpak & doel\n\n## Café *nieuw*"
    assert [anchor for _, anchor in heading_levels(text)] == [
        "aanpak-doel",
        "aanpak-doel_1",
        "cafe-nieuw",
    ]


def with_body(content: ContentFactory, body: str) -> Path:
    return content(**{"news/proef.yaml": news_with_body(body)})


def body_problems(content: ContentFactory, body: str) -> list[str]:
    _, _, problems = check(BuildOptions(content_dir=with_body(content, body), today=TODAY))
    return [problem.format() for problem in problems if problem.path.endswith("proef.yaml")]


def test_an_image_in_a_body_is_an_error_with_file_line_field_and_a_hint(
    content: ContentFactory,
) -> None:
    root = with_body(content, "Het logo:\n\nZie hier ![Logo van het netwerk](logo.png).")
    done = run_cli("check", "--content", str(root), "--today", TODAY.isoformat())
    assert done.returncode == 1
    said = done.stdout + done.stderr
    image_line = BODY_LINE + 3  # the body's third line, in the file
    assert f"proef.yaml:{image_line}: error: nl.body: line 3 of the text shows an image" in said
    assert "remove the '!' to link to the image instead" in said
    assert "Traceback" not in said


@pytest.mark.parametrize(
    "body",
    ["Een ![logo][l].\n\n[l]: logo.png", "- punt\n- ![foto](a.jpg)", "> ![x](y.png)"],
)
def test_every_way_to_write_an_image_is_named(content: ContentFactory, body: str) -> None:
    (problem,) = body_problems(content, body)
    assert "error: nl.body: line" in problem and "shows an image" in problem


@pytest.mark.parametrize(
    ("written", "line"),
    [
        ('"Tekst.\\n\\n![x](y.png)"', BODY_LINE),  # not a | block: the field's own line
        ("|\n\n    Na een lege regel.\n\n    ![x](y.png)", BODY_LINE + 4),
    ],
)
def test_an_images_line_is_the_files_where_the_text_has_the_files_lines(
    content: ContentFactory, written: str, line: int
) -> None:
    news = news_with_body("").replace("  body: |-\n", f"  body: {written}\n")
    root = content(**{"news/proef.yaml": news})
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    (problem,) = [p for p in problems if p.path.endswith("proef.yaml")]
    assert (problem.line, problem.field) == (line, "nl.body"), problem.format()


def test_an_image_written_as_code_is_no_image(content: ContentFactory) -> None:
    assert body_problems(content, "Schrijf `![tekst](adres)` voor een beeld.\n\n\\![x](y)") == []
    html = render_markdown("Schrijf `![tekst](adres)` voor een afbeelding.")
    assert "<code>![tekst](adres)</code>" in html


def test_raw_html_the_site_drops_is_shown_to_the_editor_not_lost(content: ContentFactory) -> None:
    """The decision for raw HTML: shown as written (escaped), so the preview shows it and
    nothing vanishes; what the site keeps (sup, sub, br, abbr...) works as on GitHub."""
    written = '<span style="color:red">rood</span> en <iframe src="https://x.example/"></iframe>'
    tree = lxml_html.fragment_fromstring(
        str(render_markdown(f"{written} en H<sub>2</sub>O")), create_parent="div"
    )
    assert tree.text_content().startswith(written)
    assert [element.tag for element in tree.iterdescendants()] == ["p", "sub"]
    assert body_problems(content, written) == []  # shown, not refused


def test_an_upgrade_of_the_markdown_libraries_renders_every_page_again() -> None:
    """The engine's version (in every page's and fragment's key) names each library whose code
    makes a body's HTML, so a new version of one is never served from the cache."""
    distributions = packages_distributions()
    renderers = {name for module in ("cmarkgfm", "markdown_it", "mdit_py_plugins", "nh3")
                 for name in distributions[module]}  # fmt: skip
    assert renderers <= set(RENDERING_LIBRARIES)


def site_rules_html(text: str) -> str:
    """The body as the site's own rules render it (markdown-it-py, the parser `check` reads
    bodies with), finished as every body is."""
    return finish(site_markdown().render(text, render_env(GITHUB_NOTE_WORDS, 0)))


def test_both_parsers_render_every_editor_snippet_alike() -> None:
    """cmark-gfm renders most bodies (issue 16), markdown-it-py those that need the site's own
    rules; a snippet without such a need comes out the same from both."""
    fast = {name: text for name, text in SNIPPETS.items() if fast_html(text) is not None}
    assert len(fast) >= 25, sorted(set(SNIPPETS) - set(fast))
    different = [
        name
        for name, text in fast.items()
        if normalised(str(render_markdown(text, 0, GITHUB_NOTE_WORDS)))
        != normalised(site_rules_html(text))
    ]
    assert different == []


@pytest.mark.parametrize(
    "text",
    [
        "H<sub>2</sub>O",  # raw HTML: shown as written where the site drops it
        "<div>\nblok\n</div>",
        "a <!-- noot --> b",
        "- [ ] taak",  # a task's box gets a <label>
        "Bron.[^1]\n\n[^1]: Rapport.",  # ids by number, the page's words
        "[a](ftp://example.org/x)",  # a link the site does not follow: shown as written
        "[a](javascript:alert(1))",
        "<xmpp:iemand@example.org>",
        "[a]()",
    ],
)
def test_a_body_that_needs_the_sites_own_rules_gets_them(text: str) -> None:
    assert fast_html(text) is None
    assert normalised(str(render_markdown(text, 0, GITHUB_NOTE_WORDS))) == normalised(
        site_rules_html(text)
    )


def test_a_link_the_site_does_not_follow_shows_as_written() -> None:
    html = str(render_markdown("Zie [het archief](ftp://example.org/x) en www.example.org."))
    assert "[het archief](ftp://example.org/x)" in html
    assert 'href="http://www.example.org"' in html
