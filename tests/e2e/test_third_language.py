"""A third language, end to end: the fixture site with German (tests/support/german.py) is
published under /de/, named in hreflang, the switcher and the sitemap, warned about per
language, and gets its own feeds, calendars, search bundle and 404 page in the preview."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from lxml import etree
from lxml import html as lxml_html

from sitegen.model.entry import Entry
from sitegen.model.site import Site
from sitegen.outputs.calendar import agenda_calendar_path
from sitegen.outputs.feeds import FEED_KINDS, feed_path
from sitegen.pipeline import BuildResult, build, check
from sitegen.tools.editor import SCHEMA_FOLDER, write_editor_files
from sitegen.tools.scaffold import skeleton
from sitegen.tools.serve import Preview
from tests.support.builds import TODAY, run_cli
from tests.support.german import CODES, options_for, with_german
from tests.support.sitecheck import BuiltPage, read_site

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class GermanSite:
    folder: Path
    site: Site
    result: BuildResult
    pages: dict[str, BuiltPage]

    def entry(self, kind: str, slug: str) -> Entry:
        found = self.site.get(kind, slug)
        assert found is not None
        return found


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> GermanSite:
    folder = with_german(tmp_path_factory.mktemp("german"))
    site, _, _ = check(options_for(folder))
    assert site is not None
    result = build(options_for(folder))
    assert result.written, [p.format() for p in result.errors]
    return GermanSite(folder, site, result, read_site(folder / "site"))


def built(german: GermanSite, address: str) -> BuiltPage:
    return german.pages[address]  # the fixture lives at the root of its host: address == URL


def test_the_german_pages_are_published_under_their_prefix(german: GermanSite) -> None:
    urls = german.site.urls
    assert urls.home("de") == "/de/"
    for address in (
        urls.home("de"),
        urls.item(german.entry("pages", "over"), "de"),
        urls.item(german.entry("themes", "water"), "de"),
        urls.item(german.entry("events", "startbijeenkomst"), "de"),
        urls.section("events", "de"),
        urls.search("de"),
    ):
        assert address.startswith("/de/")
        assert built(german, address).tree.get("lang") == "de", address
    over = built(german, urls.item(german.entry("pages", "over"), "de"))
    assert over.tree.findtext(".//h1") == "Über uns"
    german_pages = {page.lang for page in german.result.pages if page.url.startswith("/de/")}
    assert german_pages == {"de"} and german.result.page_counts["de"] > 5


def test_a_page_in_three_languages_names_all_three_in_hreflang(german: GermanSite) -> None:
    over = german.entry("pages", "over")
    urls = german.site.urls
    expected = {lang: urls.item(over, lang) for lang in CODES}
    for lang in CODES:
        assert built(german, expected[lang]).hreflangs() == {
            **expected,
            "x-default": expected["nl"],
        }


def switcher(page: BuiltPage) -> dict[str, tuple[str, str, str]]:
    links = page.tree.xpath('//*[contains(@class, "language-switch")]//a')
    return {
        a.get("hreflang"): (a.get("href"), a.text_content(), a.get("class") or "") for a in links
    }


def test_the_switcher_offers_both_other_languages_in_their_own_names(german: GermanSite) -> None:
    over = german.entry("pages", "over")
    urls = german.site.urls
    offered = switcher(built(german, urls.item(over, "de")))
    assert offered == {
        "nl": (urls.item(over, "nl"), "Nederlands", ""),
        "en": (urls.item(over, "en"), "English", ""),
    }
    assert set(switcher(built(german, urls.item(over, "nl")))) == {"en", "de"}


def test_the_switcher_says_a_page_has_no_german_text(german: GermanSite) -> None:
    contact = german.entry("pages", "contact")
    urls = german.site.urls
    offered = switcher(built(german, urls.item(contact, "en")))
    href, text, css_class = offered["de"]
    assert href == urls.nearest(contact, "de") == urls.home("de")
    assert text == german.site.catalogs["de"]["translation_missing"]
    assert "missing-translation" in css_class
    assert offered["nl"][2] == ""  # the Dutch page exists


def test_the_sitemap_lists_three_alternates_for_a_page_in_three_languages(
    german: GermanSite,
) -> None:
    sitemap = etree.parse(str(german.folder / "site" / "sitemap.xml"))
    urls = german.site.urls
    water = german.entry("themes", "water")
    wanted = {lang: urls.absolute(urls.item(water, lang)) for lang in CODES}
    for lang in CODES:
        (entry,) = [
            u for u in sitemap.iter(f"{SITEMAP}url") if u.findtext(f"{SITEMAP}loc") == wanted[lang]
        ]
        links = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
        assert links == {**wanted, "x-default": wanted["nl"]}


def test_an_item_without_german_words_warns_in_german_terms(german: GermanSite) -> None:
    warned = {
        (Path(p.path).name, p.field): p.message
        for p in german.result.warnings
        if p.message.startswith("has no ")
    }
    assert warned[("contact.yaml", "de")] == "has no German text yet"
    assert warned[("partner.yaml", "en")] == "has no English text yet"  # Dutch only
    assert warned[("partner.yaml", "de")] == "has no German text yet"
    assert ("over.yaml", "de") not in warned and ("water.yaml", "de") not in warned


def test_feeds_calendars_and_search_are_made_per_language(german: GermanSite) -> None:
    out = german.folder / "site"
    for kind in FEED_KINDS:
        assert (out / feed_path(german.site, kind, "de")).is_file(), kind
    assert (
        (out / agenda_calendar_path(german.site, "de")).read_bytes().startswith(b"BEGIN:VCALENDAR")
    )
    entry = json.loads((out / "de" / "pagefind" / "pagefind-entry.json").read_bytes())
    assert set(entry["languages"]) == {"de"}


def test_the_editor_files_and_a_new_item_have_a_block_per_language(tmp_path: Path) -> None:
    folder = with_german(tmp_path)
    assert write_editor_files(root=folder) == 0
    schema = json.loads((folder / SCHEMA_FOLDER / "events.schema.json").read_text())
    assert {"nl", "en", "de"} <= set(schema["properties"])
    site_schema = json.loads((folder / SCHEMA_FOLDER / "site.schema.json").read_text())
    assert set(site_schema["$defs"]["Localized"]["properties"]) == set(CODES)
    text = skeleton("events", TODAY, CODES)
    assert "de:  # the German text" in text and "New title in German" in text
    new = run_cli("new", "events", "neu", "--content", str(folder / "content"))
    assert new.returncode == 0, new.stderr
    written = (folder / "content" / "events" / "neu.yaml").read_text()
    assert [line for line in written.splitlines() if line.endswith(" text")] == [
        "nl:  # the Dutch text",
        "en:  # the English text",
        "de:  # the German text",
    ]


def test_the_preview_answers_a_missing_page_with_the_404_page_of_its_language(
    tmp_path: Path,
) -> None:
    folder = with_german(tmp_path)
    site, _, _ = check(options_for(folder))
    assert site is not None
    preview = Preview(
        options_for(folder, search=False), port=0, fixed_today=True, log=lambda _: None
    )
    assert preview.rebuild().written
    server = preview.start_server()
    try:
        for lang in CODES:
            missing = f"{site.urls.home(lang)}gibt/es/nicht/"
            with pytest.raises(HTTPError) as answer:
                urlopen(f"http://127.0.0.1:{server.server_port}{missing}", timeout=10)
            assert answer.value.code == 404
            page = lxml_html.fromstring(answer.value.read())
            assert page.get("lang") == lang, missing
    finally:
        server.shutdown()
        server.server_close()
