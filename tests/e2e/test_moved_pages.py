"""Renaming an item on a copy of the fixture site, as an editor does: the build warns that the
old address vanished and names the new one; with former_addresses the old address redirects,
and --strict makes an unredirected vanish an error that publishes nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from sitegen.model.problems import ContentError
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.ownership import OutputFolderRefused
from tests.e2e.test_html_validity import nu_check
from tests.support.builds import FIXTURE_SITE, ContentFactory, build_into, run_cli

PARTNER = (FIXTURE_SITE / "organisations" / "partner.yaml").read_text("utf-8")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def renamed(root: Path) -> Path:
    """content/events/maart.yaml renamed to excursie-maart.yaml; returns the new file."""
    new = root / "events" / "excursie-maart.yaml"
    (root / "events" / "maart.yaml").rename(new)
    return new


def vanish_warnings(problems: list[ContentError]) -> list[str]:
    return [p.format() for p in problems if "is gone, with no redirect" in p.message]


def search_urls(out: Path) -> set[str]:
    """Every page URL in the search indexes, read from Pagefind's fragments."""
    found = set()
    for fragment in out.rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        found.add(json.loads(data)["url"])
    return found


def test_a_renamed_item_warns_once_and_redirects_with_former_addresses(
    content: ContentFactory, tmp_path: Path
) -> None:
    root, out = content(), tmp_path / "site"
    assert not vanish_warnings(build_into(root, out).problems)  # a first build compares nothing
    new_file = renamed(root)

    warned = vanish_warnings(build_into(root, out).problems)
    assert len(warned) == 2, warned  # the Dutch and the English page
    dutch = next(w for w in warned if "/agenda/maart/" in w)
    assert "likely new address: /agenda/excursie-maart/" in dutch
    assert 'former_addresses: ["maart"]' in dutch and "events/excursie-maart.yaml" in dutch
    assert not vanish_warnings(build_into(root, out).problems)  # shown once

    new_file.write_text('former_addresses: ["maart"]\n' + new_file.read_text("utf-8"))
    result = build_into(root, out)
    assert result.written and not vanish_warnings(result.problems)
    for lang, old, new in [("nl", "agenda/maart", "agenda/excursie-maart"),
                           ("en", "en/events/maart", "en/events/excursie-maart")]:  # fmt: skip
        page = (out / old / "index.html").read_bytes()
        tree = lxml_html.fromstring(page)
        assert tree.get("lang") == lang and not tree.xpath("//script")
        refresh = tree.xpath("//meta[@http-equiv='refresh']/@content")
        assert refresh == [f"0; url=/{new}/"]
        assert tree.xpath("//link[@rel='canonical']/@href")[0].endswith(f"/{new}/")
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert tree.xpath(f"//a[@href='/{new}/']")
    sitemap = etree.parse(str(out / "sitemap.xml"))
    locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert any(url.endswith("/agenda/excursie-maart/") for url in locations)
    assert not any(url.endswith("/maart/") and "excursie" not in url for url in locations)
    searched = search_urls(out)
    assert "/agenda/excursie-maart/" in searched and "/agenda/maart/" not in searched

    new_file.write_text(new_file.read_text("utf-8").replace('former_addresses: ["maart"]\n', ""))
    result = build_into(root, out)
    assert not (out / "agenda" / "maart").exists()  # the build made it, so it removes it
    assert len(vanish_warnings(result.problems)) == 2  # and says those addresses are gone now


def test_strict_makes_a_vanished_page_an_error_and_keeps_the_site(
    content: ContentFactory, tmp_path: Path
) -> None:
    partner = PARTNER + "en:\n  title: Partner\n  summary: A partner.\n"
    root = content(**{"organisations/partner.yaml": partner})  # no other warning: strict passes
    (root.parent / "templates").symlink_to(PROJECT_ROOT / "templates")
    (root.parent / "static").symlink_to(PROJECT_ROOT / "static")
    first = run_cli("build", "--root", str(root.parent), "--no-search", "--strict")
    assert first.returncode == 0, first.stdout + first.stderr
    out = root.parent / "site"
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    renamed(root)
    strict = run_cli("build", "--root", str(root.parent), "--no-search", "--strict")
    assert strict.returncode == 1
    said = strict.stdout + strict.stderr
    assert "error: former_addresses: /agenda/maart/ was published" in said
    assert "likely new address: /agenda/excursie-maart/" in said
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_redirect_pages_pass_the_nu_checker(content: ContentFactory, tmp_path: Path) -> None:
    march = (FIXTURE_SITE / "events" / "maart.yaml").read_text("utf-8")
    former = 'former_addresses: [excursie, "/en/old/trip.html"]\n'
    out = tmp_path / "site"
    result = build_into(content(**{"events/maart.yaml": former + march}), out)
    assert result.written, [p.format() for p in result.errors]
    pages = [out / "agenda/excursie/index.html", out / "en/events/excursie/index.html",
             out / "en/old/trip.html"]  # fmt: skip
    assert all(page.is_file() for page in pages)
    assert nu_check(pages) == []


def test_a_foreign_file_at_a_former_address_survives(
    content: ContentFactory, tmp_path: Path
) -> None:
    """Someone put their own page where a redirect would go: the build refuses the folder
    (stages/ownership.py) rather than replace or remove a file it did not write."""
    root, out = content(), tmp_path / "site"
    assert build_into(root, out).written
    foreign = out / "agenda" / "oud" / "index.html"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("<p>mine</p>", encoding="utf-8")
    event = root / "events" / "maart.yaml"
    event.write_text('former_addresses: ["oud"]\n' + event.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(OutputFolderRefused, match=r"agenda/oud/index\.html"):
        build_into(root, out)
    assert foreign.read_text(encoding="utf-8") == "<p>mine</p>"
