"""A fourth content type added without touching the engine (tests/support/vacancy.py): its item
pages, its list page, its sitemap entries and its JSON-LD, read back with lxml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from sitegen.model.entry import Entry
from sitegen.model.site import Site
from sitegen.pipeline import BuildOptions, BuildResult, build, check
from tests.support.builds import FIXTURE_SITE, TODAY
from tests.support.sitecheck import BuiltPage, broken_links, read_site
from tests.support.vacancy import TEMPLATE_LAYER, WITH_VACANCIES, Vacancy

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def options(out: Path) -> BuildOptions:
    return BuildOptions(
        content_dir=FIXTURE_SITE, out_dir=out, today=TODAY, cache_dir=None, search=False,
        types=WITH_VACANCIES, template_layers=(TEMPLATE_LAYER,),
    )  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, BuildResult, Path]:
    out = tmp_path_factory.mktemp("vacancies") / "site"
    site, _, problems = check(options(out))
    assert site is not None, [p.format() for p in problems]
    result = build(options(out))
    assert result.written, [p.format() for p in result.errors]
    return site, result, out


def vacancies(site: Site) -> list[Entry]:
    return site.all("vacancies")


def vacancy_of(entry: Entry) -> Vacancy:
    assert isinstance(entry.model, Vacancy)
    return entry.model


def json_ld(page: BuiltPage, kind: str) -> dict[str, object]:
    scripts = page.tree.xpath('//script[@type="application/ld+json"]/text()')
    blocks: list[dict[str, object]] = [json.loads(script) for script in scripts]
    found = [block for block in blocks if block.get("@type") == kind]
    assert len(found) == 1, blocks
    return found[0]


def test_each_vacancy_has_a_page_in_each_language_with_its_closing_date(
    built: tuple[Site, BuildResult, Path],
) -> None:
    site, _, out = built
    pages = read_site(out)
    assert len(vacancies(site)) == 2
    for vacancy in vacancies(site):
        for lang in ("nl", "en"):
            page = pages[site.urls.item(vacancy, lang)]
            text = vacancy.model.text(lang)
            assert text is not None
            assert page.tree.xpath("//h1/text()") == [text.title]
            closes = page.tree.xpath("//main//time/@datetime")
            assert closes == [vacancy_of(vacancy).closes.isoformat()]
            crumbs = page.tree.xpath('//nav[contains(@class,"breadcrumb")]//a/@href')
            assert site.urls.section("vacancies", lang) in crumbs


def test_the_list_page_shows_the_vacancy_closing_first(
    built: tuple[Site, BuildResult, Path],
) -> None:
    site, _, out = built
    pages = read_site(out)
    for lang in ("nl", "en"):
        page = pages[site.urls.section("vacancies", lang)]
        listed = page.tree.xpath("//main//ul[@class='cards']//a/@href")
        by_closing = sorted(vacancies(site), key=lambda v: vacancy_of(v).closes)
        assert listed == [site.urls.item(v, lang) for v in by_closing]
        assert page.tree.xpath("//h1/text()") == [site.catalogs[lang]["section_vacancies"]]
    # built without search, so the search page's scripts are missing
    assert [link for link in broken_links(out, pages) if "/pagefind/" not in link] == []


def test_the_hiring_organisation_lists_its_vacancy(built: tuple[Site, BuildResult, Path]) -> None:
    site, _, out = built
    pages = read_site(out)
    vacancy = next(v for v in vacancies(site) if vacancy_of(v).organisation == "testnet")
    organisation = site.get("organisations", "testnet")
    assert organisation is not None
    page = pages[site.urls.item(organisation, "nl")]
    headings = page.tree.xpath("//div[contains(@class,'related')]//h2/text()")
    assert site.catalogs["nl"]["section_vacancies"] in headings
    links = page.tree.xpath("//div[contains(@class,'related')]//a/@href")
    assert site.urls.item(vacancy, "nl") in links


def test_the_sitemap_lists_every_vacancy_page_with_its_translation(
    built: tuple[Site, BuildResult, Path],
) -> None:
    site, _, out = built
    sitemap = etree.parse(str(out / "sitemap.xml"))
    for vacancy in vacancies(site):
        nl, en = (site.urls.absolute(site.urls.item(vacancy, lang)) for lang in ("nl", "en"))
        entry = sitemap.xpath("//s:url[s:loc=$loc]", namespaces=SITEMAP, loc=nl)
        assert len(entry) == 1
        alternates = dict(
            zip(
                entry[0].xpath("x:link/@hreflang", namespaces=SITEMAP),
                entry[0].xpath("x:link/@href", namespaces=SITEMAP),
                strict=True,
            )
        )
        assert alternates == {"nl": nl, "en": en, "x-default": nl}
    lists = [site.urls.absolute(site.urls.section("vacancies", lang)) for lang in ("nl", "en")]
    assert all(sitemap.xpath("//s:url[s:loc=$loc]", namespaces=SITEMAP, loc=url) for url in lists)


def test_a_vacancy_page_says_it_is_a_job_posting_valid_through_its_closing_date(
    built: tuple[Site, BuildResult, Path],
) -> None:
    site, _, out = built
    pages = read_site(out)
    for vacancy in vacancies(site):
        for lang in ("nl", "en"):
            url = site.urls.item(vacancy, lang)
            data = json_ld(pages[url], "JobPosting")
            text = vacancy.model.text(lang)
            assert text is not None
            assert data["title"] == text.title and data["description"] == text.summary
            assert data["validThrough"] == vacancy_of(vacancy).closes.isoformat()
            assert data["url"] == site.urls.absolute(url)


def test_the_shipped_types_leave_the_vacancies_folder_unread(tmp_path: Path) -> None:
    shipped = BuildOptions(content_dir=FIXTURE_SITE, out_dir=tmp_path / "site", today=TODAY)
    site, pages, problems = check(shipped)
    assert site is not None and "vacancies" not in site.entries
    assert [p.format() for p in problems if "vacanc" in p.format()] == []
    assert all(page.entry is None or page.entry.kind != "vacancies" for page in pages)
