"""Hostile input: a strict Content-Security-Policy, noopener on external links, escaping in every
output, and slugs, file names and references that try to lead out of the site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from icalendar import Calendar
from lxml import etree

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import ContentFactory, build_into
from tests.support.sitecheck import read_site

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)


HOSTILE = """</script><script>alert(1)</script> & <b onmouseover="x">"quoted"</b> ]]> {{ 7*7 }}"""


TEXT = "nl: {title: t, summary: s}\n"


def html_trees(root: Path) -> dict[str, etree._Element]:
    parser = etree.HTMLParser()
    return {
        path.relative_to(root).as_posix(): etree.parse(str(path), parser).getroot()
        for path in sorted(root.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hardening") / "site"
    assert build_into(PROJECT_ROOT / "content", out).written
    return out


def test_every_page_allows_only_its_own_scripts_and_styles(shipped: Path) -> None:
    for name, tree in html_trees(shipped).items():
        policy = tree.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy == [POLICY], name
        assert tree.xpath("//head/meta[1]/@charset") == ["utf-8"], name  # policy comes next
        for script in tree.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/ld+json", name
        assert tree.xpath("//style | //@style") == [], name  # style-src 'self' refuses both
        handlers = [a for a in tree.xpath("//@*") if a.attrname.startswith("on")]
        assert handlers == [], name
        assert not tree.xpath("//@href[starts-with(normalize-space(.), 'javascript:')]"), name


def test_every_external_link_has_rel_noopener(shipped: Path) -> None:
    checked = 0
    for name, tree in html_trees(shipped).items():
        for link in tree.xpath("//a[@href]"):
            if urlsplit(link.get("href")).scheme in ("http", "https"):
                assert "noopener" in (link.get("rel") or "").split(), (name, link.get("href"))
                checked += 1
    assert checked > 50  # Markdown links, organisation websites, the footer's contact


def test_a_hostile_title_is_plain_text_in_html_json_ld_feeds_and_calendars(
    content: ContentFactory, tmp_path: Path
) -> None:
    texts = {"title": HOSTILE, "summary": HOSTILE}
    news = {"date": "2020-01-01", "nl": texts, "en": dict(texts)}  # no YAML aliases
    place = {"venue": HOSTILE, "city": "Emmen"}
    event = {"start": "2030-01-01 10:00", "location": place, "nl": texts, "en": dict(texts)}
    root = content(
        **{
            "news/kwaad.yaml": yaml.safe_dump(news, allow_unicode=True),
            "events/kwaad.yaml": yaml.safe_dump(event, allow_unicode=True),
        }
    )
    out = tmp_path / "site"
    result = build_into(root, out)
    assert result.written, [p.format() for p in result.errors]
    pages = read_site(out)
    for url in ("/nieuws/kwaad/", "/en/news/kwaad/", "/agenda/kwaad/", "/en/events/kwaad/"):
        tree = pages[url].tree
        assert tree.xpath("//h1")[0].text_content() == HOSTILE
        assert tree.xpath("//title")[0].text.startswith(HOSTILE)
        assert tree.xpath("//meta[@property='og:title']/@content") == [HOSTILE]
        assert tree.xpath("//b | //script[not(@src) and not(@type='application/ld+json')]") == []
        data = [json.loads(s) for s in tree.xpath("//script[@type='application/ld+json']/text()")]
        assert HOSTILE in {d.get("headline") or d.get("name") for d in data}
    for feed in ("nieuws/feed.xml", "en/events/feed.xml"):
        titles = etree.parse(str(out / feed)).xpath("//*[local-name()='title']/text()")
        assert HOSTILE in titles, feed
    calendar = Calendar.from_ical((out / "agenda" / "kwaad" / "kwaad.ics").read_bytes())
    event_data = calendar.walk("VEVENT")[0]
    assert str(event_data["summary"]) == HOSTILE and HOSTILE in str(event_data["location"])


@pytest.mark.parametrize(
    ("relative", "text"),
    [
        ("pages/weg.yaml", "nl: {title: t, summary: s, slug: ../../buiten}\n"),
        ("pages/weg.yaml", "nl: {title: t, summary: s, slug: /etc}\n"),
        ("events/weg.yaml", "start: 2030-01-01\nthemes: [../../../etc/passwd]\n" + TEXT),
        ("events/weg.yaml", "start: 2030-01-01\ncluster: ..\n" + TEXT),
        ("pages/weg.yaml", TEXT + "en: {title: t, summary: s, slug: a/../../b}\n"),
        ("themes/..yaml", TEXT),
    ],
)  # fmt: skip
def test_no_slug_file_name_or_reference_can_lead_out_of_the_site(
    content: ContentFactory, tmp_path: Path, relative: str, text: str
) -> None:
    root = content(**{relative: text})
    out = tmp_path / "out" / "site"
    result = build_into(root, out)
    assert not result.written
    assert any(Path(relative).name in problem.path for problem in result.errors)
    beside = [p.name for p in out.parent.glob("*") if p.suffix != ".lock"]  # the build lock
    assert beside == [] and not (tmp_path / "buiten").exists()
