"""A site published under a sub-path, as GitHub Pages serves a project site (USER.github.io/REPO/).

Built for http://127.0.0.1:PORT/repo/sub/ and served from the folder above it, every URL that
any file names (pages, assets, feeds, calendars, sitemap, robots.txt, JSON-LD, search bundles
and the pages in their index) must lead to a file of the site, and none to the server's root
outside /repo/sub/. Then in Chromium: search, the language switch, the agenda filter and the
404 page; and the live preview, which serves the site under the same path.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from lxml import html as lxml_html
from playwright.sync_api import Browser, Page, Response

from sitegen.outputs import search as search_output
from sitegen.outputs.search import bundle_of
from sitegen.outputs.search_bundle import Bundle
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from tests.support.addresses import SHIPPED_CONTENT, item_page, not_found_page, site_path, urls
from tests.support.browser import serve
from tests.support.builds import FIXTURE_SITE, TODAY, ContentFactory
from tests.support.sitecheck import Reference, references_in, resolved

SUB_PATH = "/repo/sub/"


SITES = {"fixture": FIXTURE_SITE, "shipped": PROJECT_ROOT / "content"}


SMALL_BUNDLES = 20  # the shipped content then has three search bundles per language, merged


EVERY_KIND = {"html", "webcal", "feed", "sitemap", "calendar", "robots", "json-ld", "search"}


def in_shipped(what: str, lang: str = "nl") -> str:
    """Where a page of the shipped content lies below the site's root: 'home', 'search', a
    section ('events') or an item ('clusters/natuur-leefomgeving'), from the URL function."""
    shipped = urls(SHIPPED_CONTENT)
    if what in ("home", "search"):
        address = shipped.home(lang) if what == "home" else shipped.search(lang)
    elif "/" in what:
        kind, slug = what.split("/")
        address = item_page(kind, slug, lang, SHIPPED_CONTENT)
    else:
        address = shipped.section(what, lang)
    return shipped.site_path(address)


WAIT = 20.0


@dataclass(frozen=True)
class SubPathSite:
    out: Path  # the site's folder: <host root>/repo/sub
    url: str  # where it is served: http://127.0.0.1:PORT/repo/sub/


@pytest.fixture(scope="module")
def sub_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SubPathSite]]:
    """The fixture site and the shipped content, each served from the folder two levels above
    it and built for the port that server listens on."""
    with ExitStack() as servers:
        sites = {}
        for name, content_dir in SITES.items():
            host_root = tmp_path_factory.mktemp(f"{name}-host")
            site_url = servers.enter_context(serve(host_root)) + SUB_PATH
            out = host_root / "repo" / "sub"
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(search_output, "BUNDLE_ITEMS", SMALL_BUNDLES)
                build_for(content_dir, out, site_url)
            sites[name] = SubPathSite(out, site_url)
        yield sites


def build_for(content_dir: Path, out: Path, base_url: str) -> None:
    options = BuildOptions(
        content_dir=content_dir, out_dir=out, today=TODAY, base_url=base_url, cache_dir=None
    )
    result = build(options)
    assert result.written, [p.format() for p in result.errors]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a link that only works through a redirect is reported, not followed


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[int, set[str] | None]:
    """The status of a GET, and the ids in the page when it is HTML."""
    try:
        with _OPENER.open(url, timeout=10) as response:
            body = response.read()
            if response.headers.get_content_type() != "text/html":
                return response.status, None
            return response.status, set(lxml_html.fromstring(body).xpath("//@id"))
    except urllib.error.HTTPError as error:
        return error.code, None


def problems_with(references: list[Reference], site_url: str) -> list[str]:
    """'file -> url: why' for every URL on the site's own server that lies outside the site's
    path, does not answer 200 (without a redirect), or names an #anchor its page lacks."""
    host = urlsplit(site_url).netloc
    site_path = urlsplit(site_url).path
    answers: dict[str, tuple[int, set[str] | None]] = {}
    problems = []
    for reference in references:
        url = resolved(reference, site_url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue  # mailto:, tel: and other sites
        where = f"{reference.file} -> {reference.url}"
        if not parts.path.startswith(site_path):
            problems.append(f"{where}: outside {site_path}")
            continue
        address, anchor = urldefrag(url)
        if address not in answers:
            answers[address] = fetch(address)
        status, ids = answers[address]
        if status != 200:
            problems.append(f"{where}: {status}")
        elif anchor and ids is not None and anchor not in ids:
            problems.append(f"{where}: no #{anchor} there")
    return problems


def as_served_anywhere(references: list[Reference]) -> list[Reference]:
    """The 404 pages' references once more, as read from a deep address that does not exist:
    a host serves a 404 page at whatever address was asked for. (#main is in the page itself.)"""
    return [
        replace(reference, file="no/such/deep/page/index.html")
        for reference in references
        if reference.file.endswith("404.html") and not reference.url.startswith("#")
    ]


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_url_in_every_file_leads_into_the_sub_path(
    sub_sites: dict[str, SubPathSite], name: str
) -> None:
    site = sub_sites[name]
    references = references_in(site.out)
    assert {reference.kind for reference in references} >= EVERY_KIND
    assert problems_with(references + as_served_anywhere(references), site.url) == []


def test_the_check_reports_links_to_the_server_root_and_to_missing_files(tmp_path: Path) -> None:
    site = tmp_path / "repo" / "sub"
    site.mkdir(parents=True)
    (site / "style.css").write_text("")
    links = ["/static/site.css", "missing/", "style.css", "/repo/sub/style.css", "mailto:a@b.nl"]
    anchors = "".join(f'<a href="{link}">x</a>' for link in links)
    (site / "index.html").write_text(f"<!doctype html><html><body>{anchors}</body></html>")
    with serve(tmp_path) as server:
        problems = problems_with(references_in(site), server + SUB_PATH)
    assert problems == [
        f"index.html -> /static/site.css: outside {SUB_PATH}",
        "index.html -> missing/: 404",
    ]


@pytest.fixture
def shipped(sub_sites: dict[str, SubPathSite]) -> SubPathSite:
    return sub_sites["shipped"]


@dataclass
class Requests:
    site_url: str
    failed: list[str]

    def watch(self, response: Response) -> None:
        parts = urlsplit(response.url)
        if parts.netloc != urlsplit(self.site_url).netloc:
            return  # the site loads nothing from elsewhere (its CSP says so)
        if response.status >= 400 or not parts.path.startswith(SUB_PATH):
            self.failed.append(f"{response.status} {response.url}")


@pytest.fixture
def tab(browser: Browser, shipped: SubPathSite) -> Iterator[tuple[Page, Requests]]:
    context = browser.new_context()
    page = context.new_page()
    requests = Requests(shipped.url, [])
    page.on("response", requests.watch)
    yield page, requests
    context.close()


def search(page: Page, url: str, words: str, expected: str) -> list[str]:
    """Search, wait for the expected result, and return every result link."""
    page.goto(url)
    page.fill("#search input", words)
    page.locator(f".pagefind-ui__result-link[href='{expected}']").wait_for(timeout=15_000)
    return [
        link.get_attribute("href") or "" for link in page.locator(".pagefind-ui__result-link").all()
    ]


def theme_in_bundle(number: int) -> tuple[str, str]:
    """An English theme page indexed in the given bundle, and its title."""
    bundles = [Bundle("en", n, SUB_PATH, "en") for n in (1, 2, 3)]
    for path in sorted((PROJECT_ROOT / "content" / "themes").glob("*.yaml")):
        theme = in_shipped(f"themes/{path.stem}", "en")
        if bundle_of(f"{theme}index.html", bundles).number == number:
            return theme, yaml.safe_load(path.read_text())["en"]["title"]
    raise AssertionError(f"no theme in bundle {number}")


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("nl", "groenvoorziening", "clusters/natuur-leefomgeving"),
        ("en", "garden centres", "clusters/natuur-leefomgeving"),
        ("en", None, 2),  # a page in a bundle merged into the first
        ("en", None, 3),
    ],
)
@pytest.mark.browser
def test_search_under_the_sub_path_finds_pages_whose_links_work(
    tab: tuple[Page, Requests],
    shipped: SubPathSite,
    lang: str,
    words: str | None,
    expected: str | int,
) -> None:
    page, requests = tab
    if isinstance(expected, int):
        expected, words = theme_in_bundle(expected)
    else:
        expected = in_shipped(expected, lang)
    assert words is not None
    search_page = in_shipped("search", lang)
    results = search(page, shipped.url + search_page, words, SUB_PATH + expected)
    language_root = SUB_PATH + in_shipped("home", lang)
    assert results and all(href.startswith(language_root) for href in results)
    with page.expect_navigation() as landed:
        page.click(f".pagefind-ui__result-link[href='{SUB_PATH + expected}']")
    response = landed.value
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path == SUB_PATH + expected
    assert requests.failed == []


@pytest.mark.parametrize(
    "dutch", ["home", "events", "clusters/natuur-leefomgeving", "search", "news"]
)
@pytest.mark.browser
def test_the_language_switch_lands_on_a_page_under_the_sub_path(
    tab: tuple[Page, Requests], shipped: SubPathSite, dutch: str
) -> None:
    page, requests = tab
    dutch_page = in_shipped(dutch)
    page.goto(shipped.url + dutch_page)
    with page.expect_navigation() as landed:
        page.click(".language-switch a[hreflang=en]")
    response = landed.value
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path.startswith(SUB_PATH + in_shipped("home", "en"))
    assert page.get_attribute("html", "lang") == "en"
    with page.expect_navigation():
        page.click(".language-switch a[hreflang=nl]")
    assert urlsplit(page.url).path == SUB_PATH + dutch_page
    assert requests.failed == []


@pytest.mark.browser
def test_the_agenda_filter_and_the_stylesheet_load_under_the_sub_path(
    tab: tuple[Page, Requests], shipped: SubPathSite
) -> None:
    page, requests = tab
    page.goto(shipped.url + in_shipped("events", "en"))
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    all_cards = page.locator(".event-card:visible").count()
    page.select_option("select[name=themes]", "biodiversiteit")  # made by agenda-filter.js
    assert 0 < page.locator(".event-card:visible").count() < all_cards
    assert requests.failed == []


@pytest.mark.browser
def test_the_404_page_works_at_any_address_under_the_sub_path(
    tab: tuple[Page, Requests], shipped: SubPathSite
) -> None:
    """A host answers a missing address with the 404 page itself, not a redirect to it."""
    page, requests = tab
    missing = shipped.url + in_shipped("home", "en") + "no/such/page/"
    body = (shipped.out / urls(SHIPPED_CONTENT).output_path(not_found_page("en"))).read_bytes()
    page.route(
        missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html")
    )
    page.goto(missing)
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    with page.expect_navigation() as landed:
        page.click("main a >> nth=0")
    response = landed.value
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path == SUB_PATH + in_shipped("home", "en")
    assert requests.failed == [f"404 {missing}"]  # the missing page itself, and nothing else


@dataclass(frozen=True)
class RunningPreview:
    url: str  # as printed: http://127.0.0.1:PORT/repo/sub/
    server: str  # http://127.0.0.1:PORT


@contextmanager
def preview_of(content_dir: Path, work: Path) -> Iterator[RunningPreview]:
    command = [
        sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--port", "0",
        "--base-url", "https://user.github.io/repo/sub/", "--content", str(content_dir),
        "--out", str(work / "site"), "--cache", str(work / "cache"),
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    output = process.stdout

    def forward() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=forward, daemon=True).start()
    try:
        found = None
        deadline = time.monotonic() + WAIT
        while found is None and time.monotonic() < deadline:
            try:
                found = re.search(
                    r"Preview on (http://127\.0\.0\.1:\d+)(\S*)", lines.get(timeout=1)
                )
            except queue.Empty:
                continue
        assert found, "the preview server did not say where it listens"
        yield RunningPreview(found.group(1) + found.group(2), found.group(1))
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url: str) -> tuple[int, str, str]:
    """Status, body and Location header of a GET, redirects not followed."""
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.status, response.read().decode(), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Location", "")


def wait_for_status(url: str, status: int) -> str:
    deadline = time.monotonic() + WAIT
    while (answer := get(url))[0] != status and time.monotonic() < deadline:
        time.sleep(0.1)
    assert answer[0] == status, answer
    return answer[1]


def test_the_preview_serves_the_site_its_reload_script_and_its_errors_under_the_sub_path(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    with preview_of(root, tmp_path) as preview:
        assert preview.url == preview.server + SUB_PATH
        water = item_page("themes", "water", "en")  # its address at the host's root
        status, page, _ = get(preview.url + site_path(water))
        assert status == 200 and "Water and water storage." in page
        assert f'<script src="{SUB_PATH}__livereload.js" defer></script>' in page
        assert f'href="{SUB_PATH}static/css/site.css"' in page
        script = get(preview.url + "__livereload.js")[1]
        assert f'new EventSource("{SUB_PATH}__livereload")' in script
        with urllib.request.urlopen(preview.url + "__livereload", timeout=5) as stream:
            assert stream.readline() == b"retry: 500\n"
        status, _, location = get(preview.server + "/")
        assert (status, location) == (302, SUB_PATH)  # the host's root leads to the site
        assert get(preview.server + water)[0] == 404  # not part of the site
        theme = root / "themes" / "water.yaml"
        good = theme.read_text()
        theme.write_text(good.replace("title: Water", "tilte: Water", 1))
        dutch_water = site_path(item_page("themes", "water"))
        errors = wait_for_status(preview.url + dutch_water, 500)
        assert "themes/water.yaml:2" in errors
        stylesheet = lxml_html.fromstring(errors).xpath("//link[@rel='stylesheet']/@href")
        assert stylesheet == [f"{SUB_PATH}static/css/site.css"]
        assert get(preview.server + stylesheet[0])[0] == 200
        assert f'<script src="{SUB_PATH}__livereload.js" defer></script>' in errors
        theme.write_text(good)
        assert "<h1>Water</h1>" in wait_for_status(preview.url + dutch_water, 200)


@pytest.mark.browser
def test_an_open_tab_of_the_preview_under_the_sub_path_reloads_after_an_edit(
    browser: Browser, content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    with preview_of(root, tmp_path) as preview:
        page = browser.new_page()
        page.goto(preview.url + site_path(item_page("themes", "water", "en")))
        page.wait_for_timeout(500)  # let the tab connect to the reload stream
        theme = root / "themes" / "water.yaml"
        theme.write_text(theme.read_text().replace("Water and water storage.", "Dykes."))
        page.get_by_text("Dykes.").first.wait_for(timeout=WAIT * 1000)  # no page.reload() here
        assert "Dykes." in page.inner_text("main")
        page.close()
