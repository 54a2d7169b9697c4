"""The URL scheme (sitegen/model/urls.py), written out: the one test module that spells the
fixture site's addresses. Every other test asks tests/support/addresses.py for them, so a change
of the scheme fails here and nowhere else."""

from __future__ import annotations

import pytest

from sitegen.pipeline import BuildOptions, check
from tests.support import addresses
from tests.support.addresses import item_page, urls
from tests.support.builds import FIXTURE_SITE, TODAY


@pytest.mark.parametrize(
    ("kind", "slug", "lang", "address"),
    [
        ("events", "reeks-1", "nl", "/agenda/reeks-1/"),
        ("events", "reeks-1", "en", "/en/events/reeks-1/"),
        ("news", "start-netwerk", "nl", "/nieuws/start-netwerk/"),
        ("themes", "water", "nl", "/themas/water/"),
        ("themes", "water", "en", "/en/themes/water/"),
        ("organisations", "testnet", "nl", "/organisaties/testnet/"),
        ("centres", "pps", "nl", "/centra/pps/"),
        ("pages", "contact", "en", "/en/contact/"),
        ("pages", "home", "nl", "/"),
        ("pages", "home", "en", "/en/"),
    ],
)
def test_an_item_lives_in_its_section_under_its_language(
    kind: str, slug: str, lang: str, address: str
) -> None:
    assert item_page(kind, slug, lang) == address


def test_sections_search_and_the_404_page_have_a_word_per_language() -> None:
    site = urls()
    assert (site.section("events", "nl"), site.section("events", "en")) == (
        "/agenda/",
        "/en/events/",
    )
    assert (site.search("nl"), site.search("en")) == ("/zoeken/", "/en/search/")
    assert (site.not_found("nl"), site.not_found("en")) == ("/404.html", "/en/404.html")


def test_agenda_filters_and_list_pages_have_their_own_words() -> None:
    site = urls()
    assert site.agenda_filter("themes", "water", "nl") == "/agenda/thema/water/"
    assert site.agenda_filter("clusters", "groen", "nl") == "/agenda/cluster/groen/"
    assert site.agenda_filter("audience", "mbo", "en") == "/en/events/for/mbo/"
    assert site.page_of("/en/events/", 1, "en") == "/en/events/"
    assert site.page_of("/en/events/", 2, "en") == "/en/events/page/2/"
    assert site.page_of("/agenda/", 2, "nl") == "/agenda/pagina/2/"


def test_addresses_lie_in_folders_of_the_built_site() -> None:
    site = urls()
    assert site.site_path("/en/events/") == "en/events/"
    assert site.output_path("/en/events/") == "en/events/index.html"
    assert site.output_path("/en/404.html") == "en/404.html"
    assert site.absolute("/agenda/reeks-1/") == "https://test.example/agenda/reeks-1/"
    languages = (site.language_of("en/events/index.html"), site.language_of("agenda/index.html"))
    assert languages == ("en", "nl")


def test_calendars_and_feeds_lie_beside_the_lists_and_pages_they_belong_to() -> None:
    assert addresses.event_calendar("reeks-1") == "agenda/reeks-1/reeks-1.ics"
    assert addresses.agenda_calendar("nl") == "agenda/agenda.ics"
    assert addresses.agenda_calendar("en") == "en/events/events.ics"
    assert addresses.feed("news", "en") == "en/news/feed.xml"


def test_a_sub_path_changes_every_address_and_no_output_path() -> None:
    """The folder's layout is the same wherever the site is published; only links differ."""
    at_root = check(BuildOptions(content_dir=FIXTURE_SITE, today=TODAY))[1]
    base_url = "https://user.github.io/repo/sub"  # without the last '/', as people write it
    site, under_sub_path, _ = check(
        BuildOptions(content_dir=FIXTURE_SITE, today=TODAY, base_url=base_url)
    )
    assert site is not None
    assert [page.output_path for page in under_sub_path] == [page.output_path for page in at_root]
    assert [page.url for page in under_sub_path] == [
        "/repo/sub/" + page.url.removeprefix("/") for page in at_root
    ]
    urls = site.urls
    assert urls.home("en") == "/repo/sub/en/"
    assert urls.output_path(urls.not_found("en")) == "en/404.html"
    assert (
        urls.absolute(urls.address("sitemap.xml")) == "https://user.github.io/repo/sub/sitemap.xml"
    )
    with pytest.raises(ValueError, match="is not an address of the site"):
        urls.site_path("/static/css/site.css")
