"""Lists (sitegen/stages/lists.py): long lists are cut into numbered pages, item pages show the
first few and link to the rest, and the agenda has a static page per filter."""

from __future__ import annotations

from pathlib import Path

from schemas.event import EVENTS
from tests.support.addresses import agenda_filter, item_page, list_page, section
from tests.support.builds import FIXTURE_SITE, ContentFactory, build_into
from tests.support.sitecheck import broken_links, read_site

EVENTS_PER_PAGE = EVENTS.listing.per_page or 0
MANY = EVENTS_PER_PAGE + 10


def many_events(count: int) -> dict[str, str]:
    return {
        f"events/extra-{n:03d}.yaml": (
            f"start: 2031-01-01\nthemes: [water]\n"
            f"nl: {{title: Extra {n}, summary: s}}\nen: {{title: Extra {n}, summary: s}}\n"
        )
        for n in range(count)
    }


def test_the_agenda_is_split_into_numbered_pages(content: ContentFactory, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_into(content(**many_events(MANY)), out).written
    pages = read_site(out)
    agenda = section("events", "en")
    first, second = pages[agenda], pages[list_page(agenda, 2, "en")]
    cards = first.tree.xpath("//li[contains(@class,'event-card')]")
    assert len(cards) == EVENTS_PER_PAGE
    assert first.tree.xpath("//a[@rel='next']/@href") == [list_page(agenda, 2, "en")]
    assert second.tree.xpath("//a[@rel='prev']/@href") == [agenda]
    assert second.hreflangs()["nl"] == list_page(section("events", "nl"), 2, "nl")
    total = len(cards) + len(second.tree.xpath("//li[contains(@class,'event-card')]"))
    assert total == MANY + len(list((FIXTURE_SITE / "events").glob("*.yaml")))  # and its own
    assert list_page(agenda_filter("themes", "water", "en"), 2, "en") in pages
    assert broken_links(out, pages) == []


def test_an_item_page_shows_a_few_events_and_links_to_all_of_them(
    content: ContentFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build_into(content(**many_events(MANY)), out).written
    theme = read_site(out)[item_page("themes", "water", "en")]
    assert len(theme.tree.xpath("//li[contains(@class,'event-card')]")) == 12
    link = theme.tree.xpath(f"//a[@href='{agenda_filter('themes', 'water', 'en')}']")
    assert link and f"All {MANY + 1} events" in link[0].text_content()


def test_a_theme_written_in_english_only_names_its_dutch_agenda_in_english(
    content: ContentFactory, tmp_path: Path
) -> None:
    """A missing translation is a warning: the build goes on and the filter page still has a
    name (here it raised a KeyError)."""
    theme = "order: 1\nen: {title: Wildlife, summary: Room for plants and animals.}\n"
    result = build_into(content(**{"themes/biodiversiteit.yaml": theme}), tmp_path / "site")
    assert result.written and not result.errors
    pages = read_site(tmp_path / "site")
    filters = {agenda_filter("themes", "biodiversiteit", lang) for lang in ("nl", "en")}
    titles = [pages[url].tree.findtext(".//h1") for url in pages if url in filters]
    assert titles and all(title and "Wildlife" in title for title in titles)


def test_static_agenda_filters_exist_per_theme_cluster_and_audience(out: Path) -> None:
    pages = read_site(out)
    water = pages[agenda_filter("themes", "water")].tree.xpath(
        "//li[contains(@class,'event-card')]//a/text()"
    )
    assert water == ["Afgelaste webinar"]
    assert agenda_filter("audience", "mbo", "en") in pages
    assert agenda_filter("clusters", "groen") in pages
