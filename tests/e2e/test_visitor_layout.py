"""What a visitor meets on the shipped site (issue 14): an honest agenda when nothing is
upcoming, a programme page that lists each event once, the organisations directory in groups,
the menu, and no link to a placeholder host. The built HTML is read with lxml."""

from __future__ import annotations

from collections import Counter

import pytest

from sitegen.model.urls import Urls
from sitegen.pipeline import PROJECT_ROOT
from tests.support.addresses import site_of
from tests.support.sitecheck import BuiltPage, words

CONTENT = PROJECT_ROOT / "content"
AGENDA_PAGES = {"nl": "/agenda/", "en": "/en/events/"}


@pytest.fixture
def pages(shipped_pages: dict[str, BuiltPage]) -> dict[str, BuiltPage]:
    return shipped_pages


def agenda_lists(pages: dict[str, BuiltPage], lang: str) -> list[str]:
    """Every agenda page of a language: the agenda and its filter pages."""
    return [url for url in pages if url.startswith(AGENDA_PAGES[lang]) and _is_list(pages[url])]


def _is_list(page: BuiltPage) -> bool:
    return bool(page.tree.xpath('//nav[contains(@class, "agenda-filters")]'))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_agenda_page_has_an_empty_upcoming_block(pages: dict[str, BuiltPage], lang: str) -> None:
    catalog_message = {"nl": "geen activiteiten gepland", "en": "No events are planned"}[lang]
    lists = [*agenda_lists(pages, lang), {"nl": "/", "en": "/en/"}[lang]]
    assert len(lists) > 10  # the agenda, its filter pages and home
    for url in lists:
        tree = pages[url].tree
        # every shipped event is past or has a date to follow: no 'upcoming' heading at all
        assert tree.xpath('//section[h2[@id="upcoming"]]') == [], url
        notices = [p for p in tree.xpath("//main//p") if catalog_message in words(p)]
        assert len(notices) == 1, url  # said once


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_empty_agenda_shows_dates_to_follow_recent_events_and_where_they_come_from(
    pages: dict[str, BuiltPage], lang: str
) -> None:
    tree = pages[AGENDA_PAGES[lang]].tree
    to_follow = tree.xpath('//section[h2[@id="to-follow"]]//li//a')
    past = tree.xpath('//section[h2[@id="past"]]//li//a')
    origins = [a.get("href") for a in tree.xpath('//section[h2[@id="agenda-origins"]]//a')]
    assert len(to_follow) == 3 and len(past) == 6
    # a date to follow is not in the past, and not written as a date
    assert not {a.get("href") for a in to_follow} & {a.get("href") for a in past}
    assert all(not li.xpath(".//time") for li in tree.xpath('//section[h2[@id="to-follow"]]//li'))
    assert any("circular-skills" in h for h in origins)
    assert any("natuur-leefomgeving" in h for h in origins)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_home_page_shows_recent_events_instead_of_an_empty_list(
    pages: dict[str, BuiltPage], lang: str
) -> None:
    tree = pages[{"nl": "/", "en": "/en/"}[lang]].tree
    cards = tree.xpath('//section[@aria-labelledby="home-events"]//li[contains(@class, "card")]')
    assert cards, "the events block lists what is known"
    assert tree.xpath('//section[@aria-labelledby="home-events"]//p[@class="subscribe"]//a')


def test_the_cluster_page_does_not_call_its_events_the_next_meetings(
    pages: dict[str, BuiltPage],
) -> None:
    for url in (
        "/praktijkclusters/natuur-leefomgeving/",
        "/en/practice-clusters/natuur-leefomgeving/",
    ):
        text = pages[url].text().lower()
        assert "eerstvolgende bijeenkomsten" not in text and "next meetings" not in text


@pytest.mark.parametrize("url", ["/programmas/circular-skills/", "/en/programmes/circular-skills/"])
def test_a_programme_page_lists_each_event_once(pages: dict[str, BuiltPage], url: str) -> None:
    tree = pages[url].tree
    links = [a.get("href") for a in tree.xpath('//main//li[contains(@class, "event-card")]//a')]
    counts = Counter(links)
    assert len(counts) == 6 and set(counts.values()) == {1}, counts
    headings = [words(h) for h in tree.xpath("//main//h2")]
    assert len(headings) == len(set(headings)), headings  # one 'Agenda' section


FOUNDERS = {"duurzaam-mbo", "het-groene-brein-roots", "katapult", "leren-voor-morgen",
            "netwerk-duurzaam-beroepsonderwijs"}  # fmt: skip
NATIONAL = {"agrarisch-opleidingscentrum", "de-innovatiemaatschap", "sterk-techniekonderwijs",
            "schoolleiders-voor-de-toekomst", "stichting-vo-content",
            "taskforce-ontwikkelingsgericht-onderwijs"}  # fmt: skip


@pytest.mark.parametrize(
    ("url", "group", "members"),
    [
        ("/organisaties/", "role-founder", FOUNDERS),
        ("/organisaties/", "role-government", {"ministerie-van-ienw"}),
        ("/en/organisations/", "role-national", NATIONAL),
    ],
)
def test_the_directory_groups_organisations_by_their_role(
    pages: dict[str, BuiltPage], url: str, group: str, members: set[str]
) -> None:
    tree = pages[url].tree
    hrefs = tree.xpath(f'//section[h2[@id="{group}"]]//li[contains(@class, "card")]//h3/a/@href')
    assert {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs} == members


def test_every_organisation_is_in_one_group_and_partners_are_the_circular_skills_list(
    pages: dict[str, BuiltPage],
) -> None:
    tree = pages["/organisaties/"].tree
    cards = tree.xpath('//section[h2[starts-with(@id, "role-")]]//h3/a/@href')
    assert len(cards) == len(set(cards)) == len(list((CONTENT / "organisations").glob("*.yaml")))
    partners = tree.xpath('//section[h2[@id="role-programme_partner"]]//h3/a/@href')
    programme = pages["/programmas/circular-skills/"].tree
    listed = programme.xpath('//section[h2[text()="Partners"]]//a/@href')
    assert set(partners) == set(listed)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_menu_holds_the_directory_and_the_themes_and_one_item_sections_link_to_it(
    pages: dict[str, BuiltPage], lang: str
) -> None:
    home = pages[{"nl": "/", "en": "/en/"}[lang]].tree
    menu = home.xpath('//nav[contains(@class, "site-nav")]//a/@href')
    prefix = {"nl": "/", "en": "/en/"}[lang]
    directory = {"nl": "organisaties", "en": "organisations"}[lang]
    themes = {"nl": "themas", "en": "themes"}[lang]
    assert f"{prefix}{directory}/" in menu and f"{prefix}{themes}/" in menu
    # one centre and one cluster: the menu goes straight to them, not to a list of one card
    centres = {"nl": "centra", "en": "centres"}[lang]
    clusters = {"nl": "praktijkclusters", "en": "practice-clusters"}[lang]
    assert f"{prefix}{centres}/pps-centra/" in menu
    assert f"{prefix}{clusters}/natuur-leefomgeving/" in menu
    assert all(href in pages for href in menu), menu


def test_no_link_of_the_shipped_site_points_at_a_placeholder_host(
    pages: dict[str, BuiltPage],
) -> None:
    placeholder = [
        (url, href)
        for url, page in pages.items()
        for href in page.tree.xpath("//a/@href")
        if ".example" in href or href.startswith("webcal:")
    ]
    assert placeholder == []
    downloads = pages["/agenda/"].tree.xpath('//p[@class="subscribe"]//a[@download]/@href')
    assert downloads == ["/agenda/agenda.ics"]


@pytest.mark.parametrize(
    ("base_url", "webcal"),
    [
        ("https://duurzaamberoepsonderwijs.example/", None),
        ("https://www.example.org/netwerk/", None),
        ("http://localhost:8000/", None),
        ("https://netwerk.nl/", "webcal://netwerk.nl/agenda/agenda.ics"),
        ("https://someone.github.io/site/", "webcal://someone.github.io/site/agenda/agenda.ics"),
    ],
)
def test_a_calendar_subscription_is_offered_only_on_a_real_host(
    base_url: str, webcal: str | None
) -> None:
    site = site_of(CONTENT)
    settings = site.settings.model_copy(update={"base_url": base_url})
    addresses = Urls(settings, site.entries, site.types)
    assert addresses.webcal(addresses.address("agenda/agenda.ics")) == webcal
