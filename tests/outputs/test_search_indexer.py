"""Making search bundles (sitegen/outputs/search_indexer.py): Pagefind is handed only the part
of each page it reads, and makes the same bundle from it as from the whole pages."""

from __future__ import annotations

import re

import pytest

from sitegen.outputs.pagefind_service import PagefindService, indexed_part
from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import FIXTURE_SITE, build_into

LANGUAGE = re.compile(rb"<html[^>]*\blang=\"([a-z]+)\"")


@pytest.fixture(scope="module")
def searchable_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Every page the search indexes of the fixture site and of the shipped content, whole:
    {language: {output path: HTML}}, both sites together."""
    pages: dict[str, dict[str, str]] = {}
    for name, content in (("fixture", FIXTURE_SITE), ("shipped", PROJECT_ROOT / "content")):
        out = tmp_path_factory.mktemp(name) / "site"
        assert build_into(content, out).written
        for file in sorted(out.rglob("index.html")):
            html = file.read_bytes()
            language = LANGUAGE.search(html)
            if b"data-pagefind-body" in html and language is not None:
                path = f"{name}/{file.relative_to(out).as_posix()}"
                pages.setdefault(language.group(1).decode(), {})[path] = html.decode()
    return pages


def bundle_files(pages: dict[str, str]) -> list[tuple[str, bytes]]:
    service = PagefindService("/", "test")
    try:
        service.index(sorted(pages.items()))
        service.ask_for_files()
        return service.files()
    finally:
        service.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pagefind_makes_the_same_bundle_from_the_part_it_reads_as_from_whole_pages(
    searchable_pages: dict[str, dict[str, str]], lang: str
) -> None:
    whole = searchable_pages[lang]
    parts = {path: indexed_part(html) for path, html in whole.items()}
    assert len(whole) > 30
    assert sum(map(len, parts.values())) < 0.6 * sum(map(len, whole.values()))
    assert bundle_files(parts) == bundle_files(whole)


def test_the_part_pagefind_reads_leaves_out_what_it_ignores() -> None:
    page = (
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><title>T</title></head><body>'
        '<nav class="menu">Menu</nav><main id="main" data-pagefind-body>'
        "<nav data-pagefind-ignore><div>crumbs <div>nested</div></div></nav>"
        "<h1>Title</h1><p>Text <img src='a.png' alt='A'></p>"
        '<div class="related" data-pagefind-ignore><div><div>x</div></div></div>'
        "<p>More</p></main><footer>Footer</footer></body></html>"
    )
    assert indexed_part(page) == (
        '<!DOCTYPE html><html lang="en" dir="ltr"><body><main id="main" data-pagefind-body>'
        "<h1>Title</h1><p>Text <img src='a.png' alt='A'></p><p>More</p></main></body></html>"
    )


def test_the_attributes_written_as_text_are_text() -> None:
    page = (
        "<html lang='en'><body><main data-pagefind-body><h1>Search</h1>"
        "<p>Mark a block with data-pagefind-ignore to leave it out.</p>"
        "<div data-pagefind-ignore>related</div></main></body></html>"
    )
    assert indexed_part(page) == (
        "<!DOCTYPE html><html lang='en'><body><main data-pagefind-body><h1>Search</h1>"
        "<p>Mark a block with data-pagefind-ignore to leave it out.</p></main></body></html>"
    )


@pytest.mark.parametrize(
    "page",
    [
        "<html lang='en'><body><p>No body marker: Pagefind reads the whole page</p></body></html>",
        "<html lang='en'><body><main data-pagefind-body><p>Never closed</body></html>",
        "<html lang='en'><main data-pagefind-body><div data-pagefind-ignore>open</main></html>",
    ],
)
def test_a_page_that_cannot_be_taken_apart_is_handed_over_whole(page: str) -> None:
    assert indexed_part(page) == page
