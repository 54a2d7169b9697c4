"""Web editing in a real browser (issue 15): Decap CMS, with the configuration generated from
the models, over a copy of the shipped content, with decap-server as its local backend and
the admin's own server (sitegen/tools/edit_http.py) in front of it, both on free ports of
127.0.0.1. Every request that is not to 127.0.0.1 is blocked and counted: there must be none.
"""

from __future__ import annotations

import difflib
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import html
from PIL import Image
from playwright.sync_api import Browser, Page, Route

from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools.cms import cms_config
from sitegen.tools.edit import free_port, missing_tools, start_backend, stop, wait_for_port
from sitegen.tools.edit_http import ADMIN, EditServer
from tests.support.addresses import SHIPPED_CONTENT, item_page, urls
from tests.support.builds import build_into

pytestmark = pytest.mark.browser

SAVE_SECONDS = 20.0
PROSE_ITEMS = '//*[@class="prose"]//li'


@dataclass
class Cms:
    root: Path  # the site's folder decap-server works in: root/content is a copy
    url: str  # the admin page
    outside: list[str] = field(default_factory=list)  # requests to other hosts, blocked

    @property
    def content(self) -> Path:
        return self.root / "content"


@pytest.fixture(scope="module")
def cms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cms]:
    if problems := missing_tools():
        pytest.skip("; ".join(problems))
    root = tmp_path_factory.mktemp("cms")
    shutil.copytree(SHIPPED_CONTENT, root / "content")
    shutil.copytree(PROJECT_ROOT / "static", root / "static")  # the preview pane's stylesheet
    backend_port = free_port()
    backend = start_backend(root, backend_port)
    server: EditServer | None = None
    try:
        assert wait_for_port(backend_port, backend, 30), "decap-server did not start"
        server = EditServer(0, root, backend_port, "http://127.0.0.1:1/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield Cms(root, f"{server.origin}{ADMIN}")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        stop([backend])


@pytest.fixture
def admin(browser: Browser, cms: Cms) -> Iterator[Page]:
    """The CMS, signed in to the local backend; every request elsewhere is refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    cms.outside.clear()

    def only_here(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            cms.outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    # what the admin's policy blocked, and what its server did not have: the CMS needs none
    # of it (backend.json names the production repository, which the local backend needs not)
    refused: list[str] = []
    page.on(
        "response",
        lambda response: (
            refused.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/backend.json")
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if message.text.startswith("Refused") else None
        ),
    )
    page.goto(cms.url)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Agenda").first.wait_for()  # the first collection, by its section name
    yield page
    context.close()
    assert cms.outside == [], f"requests to other hosts: {cms.outside}"
    assert refused == []


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_text("Publiceer nu").click()


def wait_for_file(page: Page, path: Path, changed_from: str | None = None) -> str:
    """The file's text once the CMS saved it, and it stayed the same for a moment (decap-server
    writes in place, so a read may catch half a file). The page waits, not time.sleep: the
    requests are routed by this process, which must keep answering Playwright meanwhile."""
    deadline = time.monotonic() + SAVE_SECONDS
    seen = None
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text is not None and text != changed_from and text == seen:
            return text
        seen = text
        page.wait_for_timeout(300)
    raise AssertionError(f"{path} was not saved: {sorted(p.name for p in path.parent.iterdir())}")


def write_markdown(page: Page, which: int, lines: list[str]) -> None:
    """Type a body in the Markdown widget's own Markdown mode, line by line."""
    toggle = page.get_by_text("Markdown", exact=True).nth(which).locator("xpath=../button")
    toggle.scroll_into_view_if_needed()
    toggle.click()
    editor = page.locator("[data-slate-editor]").nth(which)
    editor.click()
    for line in lines:
        page.keyboard.type(line)
        page.keyboard.press("Enter")


def add_image(page: Page, folder: Path, alt: list[str]) -> None:
    """Upload an image through the image field's media library, with its alt text."""
    picture = folder / "kas.png"
    Image.new("RGB", (640, 400), (40, 120, 60)).save(picture)
    folded = page.get_by_text("Image", exact=True).locator("[data-testid=expand-button]")
    folded.click()
    page.get_by_role("button", name="Kies een afbeelding").click()
    page.locator("input[type=file]").set_input_files(picture)
    page.get_by_role("button", name="Gebruik selectie").click()
    page.get_by_text("Alt", exact=True).locator("[data-testid=expand-button]").click()
    # image.alt.nl and image.alt.en come before the language blocks of the same names
    for code, words in zip(("nl", "en"), alt, strict=True):
        page.locator(f"[id^={code}-field-]").first.fill(words)


def test_an_event_made_in_the_form_is_valid_and_published_in_both_languages(
    admin: Page, cms: Cms, tmp_path: Path
) -> None:
    admin.goto(f"{cms.url}#/collections/events/new")
    admin.locator("[id^=start-field-]").fill("2031-05")  # known to the month
    titles, summaries = admin.locator("[id^=title-field-]"), admin.locator("[id^=summary-field-]")
    titles.nth(0).fill("Proefbijeenkomst water")
    summaries.nth(0).fill("Een bijeenkomst om het formulier te proberen.")
    titles.nth(1).fill("Trial meeting on water")
    summaries.nth(1).fill("A meeting to try the form.")
    admin.locator("[id^=themes-field-]").fill("Biodiv")  # the relation widget searches titles
    admin.get_by_text("Biodiversiteit", exact=True).click()
    write_markdown(
        admin,
        0,
        ["Op het programma:", "", "- een rondleiding", "- een gesprek", "",
         "Lees meer bij [Groenpact](https://www.groenpact.nl/)."],
    )  # fmt: skip
    # the English body in the rich-text editor, as most editors will write: its list button
    english_body = admin.locator("[data-slate-editor]").nth(1)
    english_body.click()
    admin.keyboard.type("On the programme:")
    admin.keyboard.press("Enter")
    admin.get_by_title("Lijst met opsommingstekens").nth(1).click()
    admin.keyboard.type("a tour")
    admin.keyboard.press("Enter")
    admin.keyboard.type("a talk")
    add_image(admin, tmp_path, ["Een kas vol planten", "A greenhouse full of plants"])
    publish(admin)

    saved = cms.content / "events" / "proefbijeenkomst-water.yaml"
    data = yaml.safe_load(wait_for_file(admin, saved))
    assert data["start"] == "2031-05"
    assert data["themes"] == ["biodiversiteit"]  # the slug, not the title shown
    assert list(data)[-2:] == ["nl", "en"]
    assert "" not in _values(data)  # no empty optional field written as ''
    assert data["image"] == {
        "file": "media/kas.png",
        "alt": {"nl": "Een kas vol planten", "en": "A greenhouse full of plants"},
    }
    assert (cms.content / "media" / "kas.png").is_file()  # uploaded into content/

    out = tmp_path / "site"
    result = build_into(cms.content, out)
    assert result.ok, [problem.format() for problem in result.errors]
    dutch, english = (page_of(cms, out, "proefbijeenkomst-water", lang) for lang in ("nl", "en"))
    assert dutch.findtext(".//h1") == "Proefbijeenkomst water"
    assert english.findtext(".//h1") == "Trial meeting on water"
    assert [li.text_content() for li in dutch.xpath(PROSE_ITEMS)] == [
        "een rondleiding",
        "een gesprek",
    ]
    assert dutch.xpath('//*[@class="prose"]//a[@href="https://www.groenpact.nl/"]')
    assert [li.text_content() for li in english.xpath(PROSE_ITEMS)] == ["a tour", "a talk"]


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("organisations", "cinop"),
        ("news", "2017-06-23-vier-netwerken-slaan-handen-ineen"),  # with a date picker
        ("events", "cop-beleidsmakers-2022"),  # a season, relations, lists, a long body
    ],
)
def test_an_item_edited_in_the_form_changes_only_that_line(
    admin: Page, cms: Cms, kind: str, slug: str
) -> None:
    path = cms.content / kind / f"{slug}.yaml"
    before = path.read_text(encoding="utf-8")
    admin.goto(f"{cms.url}#/collections/{kind}/entries/{slug}")
    summary = admin.locator("[id^=summary-field-]").nth(1)
    summary.fill("A summary changed in the form.")
    publish(admin)

    after = wait_for_file(admin, path, changed_from=before)
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        f"-  summary: {yaml.safe_load(before)['en']['summary']}",
        "+  summary: A summary changed in the form.",
    ]


def test_a_required_field_left_empty_blocks_saving_with_the_models_hint(
    admin: Page, cms: Cms
) -> None:
    before = sorted(path.name for path in (cms.content / "events").iterdir())
    admin.goto(f"{cms.url}#/collections/events/new")
    titles, summaries = admin.locator("[id^=title-field-]"), admin.locator("[id^=summary-field-]")
    for n, (title, summary) in enumerate([("Zonder datum", "Geen start."), ("No date", "None.")]):
        titles.nth(n).fill(title)
        summaries.nth(n).fill(summary)
    publish(admin)

    admin.get_by_text("Start is vereist.").wait_for()  # Decap's own words, in Dutch
    hint = cms_hint("events", "start")  # and the model's, under the field
    assert admin.get_by_text(hint[:60]).is_visible()
    admin.wait_for_timeout(1000)
    assert sorted(path.name for path in (cms.content / "events").iterdir()) == before


def page_of(cms: Cms, out: Path, slug: str, lang: str) -> html.HtmlElement:
    address = item_page("events", slug, lang, root=cms.content)
    return html.fromstring((out / urls(cms.content).output_path(address)).read_bytes())


def cms_hint(kind: str, name: str) -> str:
    """The hint the configuration gives a field: the model's description."""
    config = cms_config(("nl", "en"))
    collection = next(c for c in config["collections"] if c["name"] == kind)
    hint: str = next(f for f in collection["fields"] if f["name"] == name)["hint"]
    return hint


def _values(data: object) -> list[object]:
    if isinstance(data, dict):
        return [v for value in data.values() for v in _values(value)]
    if isinstance(data, list):
        return [v for value in data for v in _values(value)]
    return [data]


def test_the_admin_page_has_its_own_strict_policy(cms: Cms) -> None:
    with urllib.request.urlopen(cms.url) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self' 'unsafe-eval'" in policy  # no inline script, no other host
    assert "connect-src 'self' blob:;" in policy  # an upload's blob:, nothing else
    assert "frame-ancestors 'none'" in policy
