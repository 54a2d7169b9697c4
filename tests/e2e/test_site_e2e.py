"""End to end: build the fixture site and the shipped content, then read them back with lxml."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from tests.support.addresses import item_page, language_at, section
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.sitecheck import BuiltPage, broken_links, read_site

SITES = {"fixture": FIXTURE_SITE, "shipped": PROJECT_ROOT / "content"}


@pytest.fixture(scope="module", params=sorted(SITES))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, BuiltPage]]:
    out = tmp_path_factory.mktemp(request.param) / "site"
    result = build_into(SITES[request.param], out)
    assert result.written, [p.format() for p in result.errors]
    return out, read_site(out)


def test_every_internal_link_and_asset_resolves(built: tuple[Path, dict[str, BuiltPage]]) -> None:
    root, pages = built
    assert broken_links(root, pages) == []


def test_every_page_declares_its_language_and_canonical_url(
    built: tuple[Path, dict[str, BuiltPage]],
) -> None:
    _, pages = built
    for url, page in pages.items():
        expected = language_at(url)  # the language of the folder it lies in
        assert page.tree.get("lang") == expected, url
        canonical = page.tree.xpath('//link[@rel="canonical"]/@href')
        assert len(canonical) == 1 and canonical[0].endswith(url), url
        assert page.tree.xpath("//title")[0].text.strip(), url


def test_hreflang_alternates_are_reciprocal_and_include_x_default(
    built: tuple[Path, dict[str, BuiltPage]],
) -> None:
    _, pages = built
    for url, page in pages.items():
        alternates = page.hreflangs()
        own_language = page.tree.get("lang")
        assert alternates.get(own_language) == url, url
        assert "x-default" in alternates, url
        for lang, other in alternates.items():
            if lang != "x-default":
                assert pages[other].hreflangs().get(own_language) == url, (url, other)


def test_the_language_switcher_leads_to_an_existing_page(
    built: tuple[Path, dict[str, BuiltPage]],
) -> None:
    _, pages = built
    for url, page in pages.items():
        switch = page.tree.xpath('//div[@class="language-switch"]//a')
        assert len(switch) == 1, url
        target = switch[0].get("href")
        assert target in pages, (url, target)
        assert pages[target].tree.get("lang") == switch[0].get("hreflang")


def test_no_page_loads_anything_from_another_host(built: tuple[Path, dict[str, BuiltPage]]) -> None:
    _, pages = built
    for url, page in pages.items():
        loaded = page.tree.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src")
        assert all(src.startswith("/") for src in loaded), url


def test_a_missing_translation_links_to_the_overview_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(FIXTURE_SITE, out)
    page = read_site(out)[item_page("organisations", "partner")]
    link = page.tree.xpath('//div[@class="language-switch"]//a')[0]
    assert link.get("href") == section("organisations", "en")
    assert "not translated" in link.text_content()
    assert set(page.hreflangs()) == {"nl", "x-default"}


def test_dates_are_localized_on_event_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(FIXTURE_SITE, out)
    pages = read_site(out)
    assert "woensdag 21 juni 2017" in pages[item_page("events", "startbijeenkomst")].text()
    assert "Wednesday 21 June 2017" in pages[item_page("events", "startbijeenkomst", "en")].text()


def test_agenda_splits_upcoming_from_past_by_the_build_date(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(FIXTURE_SITE, out)
    agenda = read_site(out)[section("events", "en")]
    upcoming = agenda.tree.xpath('//section[h2[@id="upcoming"]]//h4/a/text()')
    past = agenda.tree.xpath('//section[h2[@id="past"]]//h4/a/text()')
    # a month or a season after the exact days in it (tests/test_dates_e2e.py has the groups)
    assert upcoming == [
        "Network day in November",
        "Series, part 1",
        "Excursion in March",
        "Cancelled webinar",
        "Spring course",
        "Series, part 2",
        "Conference in 2031",
    ]
    assert past == ["Autumn visit", "Kick-off meeting"]
    # a date to follow is neither upcoming nor past
    to_follow = agenda.tree.xpath('//section[h2[@id="to-follow"]]//li/h3/a/text()')
    assert to_follow == ["Yearly return day"]


def test_events_in_a_series_link_to_each_other(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(FIXTURE_SITE, out)
    page = read_site(out)[item_page("events", "reeks-1")]
    assert item_page("events", "reeks-2") in page.tree.xpath("//ol[@class='series']//a/@href")


def test_hostile_markdown_in_content_does_not_reach_the_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_into(FIXTURE_SITE, out)
    page = read_site(out)[item_page("news", "start-netwerk")]
    assert page.tree.xpath("//main//script") == []
    assert not [h for h in page.tree.xpath("//main//a/@href") if h.startswith("javascript:")]
