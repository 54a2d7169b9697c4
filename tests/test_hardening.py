"""Hostile input and hostile circumstances: a strict Content-Security-Policy, noopener on external
links, escaping in every output, paths that try to leave their folders, a build killed while
writing, and two builds at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from icalendar import Calendar
from lxml import etree

from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.ownership import OutputFolderRefused
from tests.conftest import FIXTURE_SITE, TODAY, ContentFactory, build_into, posix_only
from tests.sitecheck import read_site

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
HOSTILE = """</script><script>alert(1)</script> & <b onmouseover="x">"quoted"</b> ]]> {{ 7*7 }}"""


TEXT = "nl: {title: t, summary: s}\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


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


def test_a_content_folder_linked_to_outside_is_refused(
    content: ContentFactory, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geheim.yaml").write_text("nl: {title: geheim, summary: s}\n")
    root = content()
    shutil.rmtree(root / "centres")
    os.symlink(elsewhere, root / "centres")
    result = build_into(root, tmp_path / "site")
    assert any("outside the content folder" in p.message for p in result.errors)
    assert not result.written


def test_a_symlink_in_the_previous_site_cannot_make_the_build_write_outside(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("keep")
    out = tmp_path / "site"
    assert build_into(FIXTURE_SITE, out).written
    shutil.rmtree(out / "agenda")
    os.symlink(outside, out / "agenda")
    with pytest.raises(OutputFolderRefused, match=r"did not write \(agenda\)"):
        build_into(FIXTURE_SITE, out)  # the link is not the build's: it is not touched either
    assert snapshot(outside) == {"index.html": b"keep"}
    assert (out / "agenda").is_symlink()


def large_content(tmp_path: Path, items: int) -> Path:
    """The shipped content with many news items: a build that takes a while to write."""
    root = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", root)
    body = "\n\n".join(f"Alinea {n} over duurzaam beroepsonderwijs in de regio." for n in range(20))
    for n in range(items):
        texts = {"title": f"Bericht {n}", "summary": f"Samenvatting {n}.", "body": body}
        item = {"date": f"2020-01-{n % 28 + 1:02d}", "nl": texts, "en": dict(texts)}
        (root / "news" / f"bericht-{n}.yaml").write_text(yaml.safe_dump(item))
    return root


def start_build(content_dir: Path, out: Path, log: Path) -> subprocess.Popen[bytes]:
    """build.py in its own process group; what it prints goes to log (a pipe could fill up)."""
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--no-cache"]
    command += ["--content", str(content_dir), "--out", str(out), "--today", TODAY.isoformat()]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


@posix_only
def test_a_build_killed_while_writing_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_into(FIXTURE_SITE, out).written
    before = snapshot(out)
    build = start_build(large_content(tmp_path, 800), out, tmp_path / "build.log")
    staging_files = 0
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        staging = [p for p in tmp_path.glob(".site.new-*") if p.is_dir()]
        staging_files = sum(1 for folder in staging for _ in folder.rglob("*.html"))
        if staging_files >= 50:
            os.killpg(build.pid, signal.SIGKILL)  # the build and its search indexer
            break
        time.sleep(0.005)
    build.wait(timeout=60)
    printed = (tmp_path / "build.log").read_text()
    assert build.returncode == -signal.SIGKILL, f"the build ended before it was killed: {printed}"
    assert snapshot(out) == before
    # Whatever was left half-written stays beside site/, never in it; the next build succeeds.
    assert build_into(FIXTURE_SITE, out).written and (out / "index.html").is_file()


def pages_of(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if name.endswith(".html")}


def test_two_builds_at_once_do_not_interleave(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURE_SITE, other)
    settings = other / "site.yaml"
    settings.write_text(settings.read_text().replace("nl: Testnetwerk", "nl: Ander netwerk"))
    references = {}
    for source in (FIXTURE_SITE, other):
        assert build_into(source, tmp_path / "reference").written
        references[source] = pages_of(tmp_path / "reference")
    assert references[FIXTURE_SITE] != references[other]
    out = tmp_path / "site"
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    builds = [start_build(FIXTURE_SITE, out, logs[0]), start_build(other, out, logs[1])]
    for build, log in zip(builds, logs, strict=True):
        assert build.wait(timeout=120) == 0, log.read_text()
    built = pages_of(out)
    # every page comes from one and the same build: the first or the second, never a mix
    assert built in (references[FIXTURE_SITE], references[other])
    assert [p.name for p in tmp_path.glob(".site.*") if p.name != ".site.lock"] == []
