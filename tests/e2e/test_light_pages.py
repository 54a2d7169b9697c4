"""Pages stay light: HTML, CSS and scripts together under 60 KB before compression, no script
that blocks rendering, and images that reserve their space (width and height)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import build_into
from tests.support.sitecheck import BuiltPage, read_site

BUDGET = 60_000


# The search page loads Pagefind's interface and WebAssembly: the one page that may be heavier.
SEARCH_PAGES = {"/zoeken/", "/en/search/"}


Built = tuple[Path, dict[str, BuiltPage]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("light") / "site"
    assert build_into(PROJECT_ROOT / "content", out).written
    return out, read_site(out)


def weight(root: Path, page: BuiltPage) -> int:
    """Bytes of the page's HTML, its stylesheets and its scripts."""
    html = root / page.url.lstrip("/") / "index.html"
    loaded: list[str] = page.tree.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    return html.stat().st_size + sum((root / url.lstrip("/")).stat().st_size for url in loaded)


def test_every_page_but_search_weighs_under_60_kb_with_its_css_and_scripts(built: Built) -> None:
    root, pages = built
    weights = {url: weight(root, page) for url, page in pages.items() if url not in SEARCH_PAGES}
    assert len(weights) > 150
    assert {url: size for url, size in weights.items() if size >= BUDGET} == {}


def test_no_script_blocks_rendering(built: Built) -> None:
    _, pages = built
    for url, page in pages.items():
        for script in page.tree.xpath("//script"):
            data = script.get("type") == "application/ld+json"
            deferred = script.get("src") and (script.get("defer") is not None)
            assert data or deferred, (url, script.attrib)


def test_every_image_reserves_its_space(built: Built) -> None:
    _, pages = built
    for url, page in pages.items():
        for image in page.tree.xpath("//img"):
            assert image.get("width") and image.get("height") and image.get("alt") is not None, url
