"""Issue 14's leftovers on the shipped site, read from the built HTML with lxml: one card look
for every list, partner cards that do not repeat one sentence, no call to action that leads
nowhere, and a Dutch quotation on an English page marked as Dutch."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Browser

from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.markdown import render_markdown
from tests.support.builds import ServedSite
from tests.support.quality import DESKTOP, PHONE
from tests.support.sitecheck import BuiltPage, read_site, words

CONTENT = PROJECT_ROOT / "content"
DIRECTORY = {"nl": "/organisaties/", "en": "/en/organisations/"}


@pytest.fixture
def pages(shipped_pages: dict[str, BuiltPage]) -> dict[str, BuiltPage]:
    return shipped_pages


def cards(page: BuiltPage) -> list[etree._Element]:
    return list(page.tree.xpath('//main//ul[@class="cards"]/li'))


def test_every_list_on_every_page_is_made_of_the_same_card(pages: dict[str, BuiltPage]) -> None:
    seen: Counter[str] = Counter()
    for url, page in pages.items():
        for card in cards(page):
            classes = card.get("class", "").split()
            assert "card" in classes, (url, classes)
            children = [child for child in card if child.tag != "picture"]
            # first the title, a heading holding one link: the card's one target
            assert children and children[0].tag in ("h2", "h3", "h4"), (url, words(card))
            assert len(children[0].xpath(".//a")) == 1, (url, words(card))
            assert len(card.xpath(".//a")) == 1, (url, words(card))  # nothing else to click
            rest = [child.tag for child in children[1:]]
            assert set(rest) <= {"p", "ul"}, (url, rest)
            if "event-card" in classes:
                seen["event"] += 1
                # the agenda filter's data, and the date line first under the title
                assert {"data-clusters", "data-themes", "data-audience"} <= set(card.keys())
                assert "event-when" in children[1].get("class", "").split(), url
            elif card.xpath('./*/a[contains(@href, "/nieuws/")]'):
                seen["news"] += 1
                assert children[1].get("class") == "meta" and children[1].xpath("./time/@datetime")
            elif "organisation-card" in classes:
                seen["organisation"] += 1
            else:
                seen["other"] += 1
    assert seen["event"] > 50 and seen["news"] and seen["organisation"] > 29 and seen["other"]


def test_an_event_card_keeps_its_badges(out: Path) -> None:
    """On the fixture site, which has a provisional full event and a cancelled one."""
    agenda = read_site(out)["/agenda/"]
    badge = './/span[contains(@class, "badge")]'
    badges = {words(card[0]): [words(b) for b in card.xpath(badge)] for card in cards(agenda)}
    assert badges["Reeks, deel 2"] == ["Voorlopig", "Vol"]
    assert badges["Afgelaste webinar"] == ["Afgelast"]
    cancelled = agenda.tree.xpath('//li[contains(@class, "event-cancelled")]/*[1]')
    assert [words(title) for title in cancelled] == ["Afgelaste webinar"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_partner_cards_do_not_repeat_one_sentence(
    pages: dict[str, BuiltPage], lang: str
) -> None:
    tree = pages[DIRECTORY[lang]].tree
    partners = tree.xpath('//section[h2[@id="role-programme_partner"]]//li')
    assert len(partners) >= 15
    summaries = [words(p) for card in partners for p in card.xpath("./p")]
    # the group's heading says they are Circular Skills partners; no card says it again
    assert not [s for s in summaries if re.search(r"partner (van|in) Circular Skills", s)]
    every_line = [words(p) for p in tree.xpath('//main//li[contains(@class, "card")]/p')]
    repeated = {line: n for line, n in Counter(every_line).items() if n > 1}
    assert repeated == {}
    # a card without a summary is still a whole card: the name, linked to a page that says more
    bare = [card for card in partners if not card.xpath("./p")]
    assert len(bare) == 13
    for card in bare:
        target = pages[card.xpath(".//a/@href")[0]]
        assert "Circular Skills" in words(target.tree.xpath('//main//p[@class="lead"]')[0])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_card_does_not_say_its_key_figure_twice(pages: dict[str, BuiltPage], lang: str) -> None:
    for card in pages[DIRECTORY[lang]].tree.xpath('//li[contains(@class, "organisation-card")]'):
        summary = [words(p) for p in card.xpath("./p")]
        facts = [words(li) for li in card.xpath('./ul[@class="card-facts"]/li')]
        numbers = {n for line in facts for n in re.findall(r"\d+", line)}
        assert not [n for n in numbers for line in summary if n in line.split()], (summary, facts)


# What the issue calls dead ends: a call to action with no link or address behind it, and the
# same 'details to follow' on page after page.
DEAD_ENDS = [
    r"meld je (hier )?aan", r"sign up here", r"contactgegevens (van \w+ )?volgen",
    r"contact details (are )?(still )?to follow", r"hoort graag van je", r"aanmeldlink",
    r"would like to hear from you", r"sign-up link", r"aanmelden gaat via", r"to sign up, contact",
]  # fmt: skip


def test_no_page_calls_for_an_action_the_site_gives_no_way_to_take(
    pages: dict[str, BuiltPage],
) -> None:
    found = [
        (url, pattern)
        for url, page in pages.items()
        for pattern in DEAD_ENDS
        if re.search(pattern, page.text(), re.IGNORECASE)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("url", "facts"),
    [
        ("/programmas/circular-skills/", ["Daan, de projectmanager", "Nieuwsbrief"]),
        ("/en/programmes/circular-skills/", ["Daan, the project manager", "Newsletter"]),
        ("/programmas/routekaart-duurzaam-onderwijs/", ["Froukje Zumbrink"]),
        ("/en/programmes/routekaart-duurzaam-onderwijs/", ["Froukje Zumbrink"]),
        ("/contact/", ["hallo@wijzijnkatapult.nl", "geen contactgegevens", "geen aanspreekpunt"]),
        ("/en/contact/", ["hallo@wijzijnkatapult.nl", "no contact details", "No contact has"]),
    ],
)  # fmt: skip
def test_the_facts_of_who_handles_what_stay_where_they_belong(
    pages: dict[str, BuiltPage], url: str, facts: list[str]
) -> None:
    text = pages[url].text()
    assert [fact for fact in facts if fact not in text] == []


def test_the_only_address_the_sources_give_is_said_for_what_it_is(
    pages: dict[str, BuiltPage],
) -> None:
    mailto = {
        href
        for page in pages.values()
        for href in page.tree.xpath("//a/@href")
        if href.startswith("mailto:")
    }
    assert mailto == {"mailto:hallo@wijzijnkatapult.nl"}


def test_the_dutch_quotation_on_the_english_centres_page_is_marked_dutch(
    pages: dict[str, BuiltPage],
) -> None:
    tree = pages["/en/centres/pps-centra/"].tree
    assert tree.get("lang") == "en"
    quoted = tree.xpath('//main//blockquote//*[contains(text(), "aan de baas gaan vragen")]')
    assert len(quoted) == 1
    assert quoted[0].xpath("ancestor-or-self::*[@lang][1]/@lang") == ["nl"]
    # its English translation beside it stays English
    translation = tree.xpath('//main//blockquote//*[contains(text(), "ask the boss")]')
    assert translation[0].xpath("ancestor-or-self::*[@lang][1]/@lang") == ["en"]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ('<span lang="nl">woorden</span>', True),
        ('<span lang="en-GB">words</span>', True),
        ("<span>woorden</span>", False),  # a span says nothing without its language
        ('<span lang="nl" style="color:red">woorden</span>', False),
        ('<span lang="nl onclick=x">woorden</span>', False),
        ('<span class="x" lang="nl">woorden</span>', False),
    ],
)
def test_a_text_may_mark_words_in_another_language_and_nothing_else_with_a_span(
    written: str, kept: bool
) -> None:
    html = str(render_markdown(f"> {written} (words)"))
    tree = etree.fromstring(f"<div>{html}</div>")
    spans = tree.xpath("//span")
    if kept:
        assert len(spans) == 1 and words(spans[0]) in ("woorden", "words")
        assert set(spans[0].keys()) == {"lang"}
    else:
        assert spans == [] and written in words(tree)  # shown as typed, so the editor sees it


@pytest.mark.browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_numbers_of_key_figures_line_up_across_a_row(
    browser: Browser, shipped_site: ServedSite, width: int
) -> None:
    """A qualifier ('gemiddeld', 'ruim') takes a line of its own above the number, also when a
    figure has none, so the numbers of one row stand at one height and no word breaks."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for url in ("/centra/pps-centra/", "/en/centres/pps-centra/"):
            tab.goto(shipped_site.base_url + url)
            boxes = [
                (box["y"], number.bounding_box(), number.inner_text())
                for number in tab.locator(".figure-number").all()
                if (box := number.locator("xpath=ancestor::div[1]").bounding_box())
            ]
            assert len(boxes) == 7
            rows: dict[float, set[float]] = {}
            for card_top, box, _ in boxes:
                assert box is not None and box["height"] < 60  # the number on one line
                rows.setdefault(round(card_top), set()).add(round(box["y"]))
            assert all(len(tops) == 1 for tops in rows.values()), rows
            if width == DESKTOP:
                assert len(rows) < len(boxes)  # several figures share a row
    finally:
        context.close()
