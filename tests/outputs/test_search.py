"""The search index (sitegen/outputs/search.py): one Pagefind bundle per language, the search
page that loads it, and only a changed page's bundle made again. On a large site each
language's pages are shared out over several bundles; the shipped content stands in for a
large site with at most 20 items per bundle."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from sitegen.outputs import search
from sitegen.outputs.pagefind_service import SearchIndexFailed
from sitegen.outputs.search import bundle_of, holds_only_its_language
from sitegen.outputs.search_bundle import Bundle
from sitegen.outputs.search_indexer import SearchIndexer, build_search_index, search_indexer
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from tests.support.addresses import (
    home,
    item_page,
    output_file,
    search_bundle,
    search_page,
    section,
)
from tests.support.addresses import urls as urls_of
from tests.support.builds import TODAY, ContentFactory
from tests.support.edits import edit_yaml
from tests.support.files import contents_of, file_states
from tests.support.sitecheck import read_site

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from make_corpus import generate


def test_the_search_page_says_what_it_needs_without_javascript(out: Path) -> None:
    page = read_site(out)[search_page("en")]
    noscript = page.tree.xpath("//noscript")[0]
    text = etree.tostring(noscript, encoding="unicode")
    assert "JavaScript" in text and section("events", "en") in text


def indexed_urls(bundle: Path) -> set[str]:
    """The page URLs a Pagefind bundle holds: each fragment is gzipped JSON behind a marker."""
    urls = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_language_has_its_own_search_bundle_with_its_pages_only(out: Path, lang: str) -> None:
    bundle = out / search_bundle(lang).folder
    page_url = item_page("events", "reeks-1", lang)
    assert (bundle / "pagefind-ui.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [lang] and entry["languages"][lang]["page_count"] > 10
    urls = indexed_urls(bundle)
    assert page_url in urls  # the page's real address, not one relative to the bundle
    assert all(url.startswith(home("en")) == (lang == "en") for url in urls)


def test_a_failed_search_index_reports_what_pagefind_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'unsupported option --service' >&2\nexit 2\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))  # the pagefind package's own way
    page = output_file(item_page("events", "reeks-1", "en"))
    (tmp_path / page).parent.mkdir(parents=True)
    (tmp_path / page).write_text("<html lang='en'><body><p>A page</p></body></html>")
    with pytest.raises(SearchIndexFailed, match=r"(?s)bundle en 1.*unsupported option --service"):
        build_search_index(tmp_path, Bundle("en", 1, language_folder="en"), [page])
    assert not (tmp_path / "en" / "pagefind").exists()


def test_a_language_without_items_gets_an_empty_bundle_that_finds_nothing(
    tmp_path: Path,
) -> None:
    build_search_index(tmp_path, Bundle("en", 1, language_folder="en"), [])
    entry = json.loads((tmp_path / "en" / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"] == {}
    assert (tmp_path / "en" / "pagefind" / "pagefind.js").is_file()


def test_each_search_page_loads_the_bundle_of_its_own_language(out: Path) -> None:
    pages = read_site(out)
    for lang in ("nl", "en"):
        bundle = search_bundle(lang).url
        tree = pages[search_page(lang)].tree
        assert tree.xpath("//link[contains(@href, 'pagefind')]/@href") == [
            f"{bundle}pagefind-ui.css"
        ]
        assert tree.xpath("//script[contains(@src, 'pagefind')]/@src") == [
            f"{bundle}pagefind-ui.js"
        ]
        assert tree.xpath("//*[@id='search']/@data-bundle") == [bundle]
        assert (out / bundle.strip("/") / "pagefind-ui.js").is_file()


# the folder of the first search bundle of each language
DUTCH_BUNDLE, ENGLISH_BUNDLE = (search_bundle(lang).folder for lang in ("nl", "en"))


def files_of(folder: Path) -> dict[Path, tuple[int, int]]:
    """Every file below folder with its inode and modification time."""
    states = {p.relative_to(folder): p.stat() for p in folder.rglob("*") if p.is_file()}
    return {name: (state.st_ino, state.st_mtime_ns) for name, state in states.items()}


@pytest.mark.parametrize(
    ("old", "new", "changed", "untouched"),
    [
        ("Afgelaste webinar", "Afgelaste bijeenkomst", DUTCH_BUNDLE, ENGLISH_BUNDLE),
        ("Cancelled webinar", "Cancelled meeting", ENGLISH_BUNDLE, DUTCH_BUNDLE),
    ],
)
def test_a_change_in_one_language_indexes_only_that_language_again(
    content: ContentFactory, tmp_path: Path, old: str, new: str, changed: str, untouched: str
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    site = tmp_path / "site"
    before = {folder: files_of(site / folder) for folder in (changed, untouched)}
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace(old, new))
    assert build(options).written
    assert before[untouched] and files_of(site / untouched) == before[untouched]
    after = files_of(site / changed)
    kept = [name for name, state in after.items() if before[changed].get(name) == state]
    assert Path("pagefind.js") in kept  # indexed again, but unchanged files keep their mtime
    assert 0 < len(after) - len(kept) < len(after) // 2


def test_a_build_without_search_keeps_both_search_bundles(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    bundles = [tmp_path / "site" / folder for folder in (DUTCH_BUNDLE, ENGLISH_BUNDLE)]
    before = [files_of(bundle) for bundle in bundles]
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace("webinar", "meeting"))  # both languages
    result = build(replace(options, search=False))  # as the preview does
    assert result.summary is not None and result.summary.removed == ()
    assert [files_of(bundle) for bundle in bundles] == before


def test_a_language_changed_while_search_was_off_is_indexed_by_the_next_search_build(
    content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content()
    options = BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", today=TODAY
    )
    assert build(options).written
    event = root / "events" / "afgelast.yaml"
    event.write_text(event.read_text().replace("Afgelaste webinar", "Afgelaste bijeenkomst"))
    assert build(replace(options, search=False)).written  # the preview, meanwhile
    indexed: list[str] = []

    def recording_indexer(
        site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> SearchIndexer:
        indexed.extend(bundle.lang for bundle in work)
        return search_indexer(site, work, processes)

    monkeypatch.setattr(search, "search_indexer", recording_indexer)
    assert build(options).written  # nothing changed since the preview's build
    assert indexed == ["nl"]
    indexed.clear()
    assert build(options).written  # and once is enough
    assert indexed == []


def test_a_bundle_that_holds_other_languages_is_not_kept(tmp_path: Path) -> None:
    """A bundle from a build that indexed the whole site at once is made again."""
    entry = tmp_path / DUTCH_BUNDLE / "pagefind-entry.json"
    entry.parent.mkdir()
    entry.write_text('{"languages": {"en": {}, "nl": {}}}')
    assert not holds_only_its_language(tmp_path, search_bundle("nl"))
    entry.write_text('{"languages": {"nl": {}}}')
    assert holds_only_its_language(tmp_path, search_bundle("nl"))
    assert not holds_only_its_language(tmp_path, Bundle("en", 1, language_folder="en"))  # none


SMALL_BUNDLES = 20  # items per bundle: the shipped content gets three bundles per language


@pytest.fixture(scope="module")
def shared_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped content built with small bundles, with its own content folder and cache."""
    work = tmp_path_factory.mktemp("bundles")
    shutil.copytree(PROJECT_ROOT / "content", work / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BUNDLE_ITEMS", SMALL_BUNDLES)
        assert build(options(work)).written
        yield work / "site"


def options(work: Path) -> BuildOptions:
    return BuildOptions(
        content_dir=work / "content", out_dir=work / "site", cache_dir=work / "cache", today=TODAY
    )


def bundles_in(site: Path, lang: str) -> list[Bundle]:
    folder = "" if lang == "nl" else lang  # the fixture's languages: nl at the root, en in /en/
    made = [Bundle(lang, n, language_folder=folder) for n in range(1, 10)]
    found = [bundle for bundle in made if (site / bundle.folder).is_dir()]
    assert [bundle.number for bundle in found] == list(range(1, len(found) + 1))
    return found


def indexed_pages(site: Path, lang: str) -> set[str]:
    """The URLs of the pages of lang that ask to be indexed (data-pagefind-body)."""
    urls = set()
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if search.is_search_file(relative) or urls_of().language_of(relative) != lang:
            continue
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            urls.add("/" + relative.removesuffix("index.html"))
    return urls


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_is_in_exactly_one_bundle_of_its_own_language(
    shared_out: Path, lang: str
) -> None:
    bundles = bundles_in(shared_out, lang)
    assert len(bundles) == 3
    held = [indexed_urls(shared_out / bundle.folder) for bundle in bundles]
    assert all(held) and sum(len(urls) for urls in held) == len(set().union(*held))
    assert set().union(*held) == indexed_pages(shared_out, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_search_page_loads_the_first_bundle_and_merges_the_others(
    shared_out: Path, lang: str
) -> None:
    shipped = urls_of(PROJECT_ROOT / "content")
    search_page_file = shipped.output_path(shipped.search(lang))
    tree = html.fromstring((shared_out / search_page_file).read_bytes())
    urls = [bundle.url for bundle in bundles_in(shared_out, lang)]
    assert tree.xpath("//*[@id='search']/@data-bundle") == [urls[0]]
    assert tree.xpath("//*[@id='search']/@data-merge") == [" ".join(urls[1:])]
    assert tree.xpath("//script[contains(@src, 'pagefind')]/@src") == [f"{urls[0]}pagefind-ui.js"]


def test_a_changed_page_makes_only_its_own_bundle_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "BUNDLE_ITEMS", SMALL_BUNDLES)
    shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content")
    assert build(options(tmp_path)).written
    site = tmp_path / "site"
    before = {
        b: file_states(site / b.folder) for lang in ("nl", "en") for b in bundles_in(site, lang)
    }
    about = tmp_path / "content" / "pages" / "over.yaml"  # its body is shown on its page only
    text = about.read_text()
    english_body = text.index("  body: |", text.index("\nen:")) + len("  body: |\n")
    about.write_text(f"{text[:english_body]}    Zwartwitgestreept.\n\n{text[english_body:]}")
    made: list[Bundle] = []
    original = search_indexer

    def recording_indexer(
        site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> SearchIndexer:
        made.extend(work)
        return original(site, work, processes)

    monkeypatch.setattr(search, "search_indexer", recording_indexer)
    assert build(options(tmp_path)).written
    shipped = urls_of(tmp_path / "content")
    about_page = shipped.output_path(item_page("pages", "over", "en", root=tmp_path / "content"))
    assert made == [bundle_of(about_page, bundles_in(site, "en"))]
    after = {bundle: file_states(site / bundle.folder) for bundle in before}
    changed = {bundle for bundle in before if after[bundle] != before[bundle]}
    assert changed == {bundle_of(about_page, bundles_in(site, "en"))}
    assert "Zwartwitgestreept" in (site / about_page).read_text()


def test_the_search_index_after_each_kind_of_edit_equals_a_clean_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bundles are made again only when what the index takes from their pages changed: after
    each edit, every bundle is byte for byte the one a clean build makes."""
    monkeypatch.setattr(search, "BUNDLE_ITEMS", 30)  # four bundles per language
    content = tmp_path / "content"
    generate(16, content, seed=3)
    events = sorted((content / "events").glob("*.yaml"))
    first = yaml.safe_load(events[0].read_text())
    organiser, theme = first["organisers"][0], first["themes"][0]

    def retitle(path: Path, lang: str) -> Callable[[], None]:
        return lambda: edit_yaml(
            path, lambda d: d[lang].update(title=d[lang]["title"] + " (nieuw)")
        )

    def organised_by(path: Path, slug: str) -> Callable[[], None]:
        return lambda: edit_yaml(path, lambda data: data.update(organisers=[slug]))

    def copied(path: Path) -> Callable[[], None]:
        def copy() -> None:
            shutil.copyfile(path, path.with_name("kopie.yaml"))

        return copy

    edits: list[tuple[str, Callable[[], None]]] = [
        ("an event's Dutch title", retitle(events[0], "nl")),
        (
            "its organiser's English name",
            retitle(content / f"organisations/{organiser}.yaml", "en"),
        ),
        ("its theme's Dutch name", retitle(content / f"themes/{theme}.yaml", "nl")),
        ("another event's organisers", organised_by(events[1], organiser)),
        ("a new event", copied(events[2])),
    ]
    assert build(options(tmp_path)).written
    for step, (name, edit) in enumerate(edits):
        edit()
        assert build(options(tmp_path)).written
        clean = replace(options(tmp_path), out_dir=tmp_path / f"clean-{step}", cache_dir=None)
        assert build(clean).written
        for lang in ("nl", "en"):
            bundles = bundles_in(clean.out_dir, lang)
            assert bundles_in(tmp_path / "site", lang) == bundles
            for bundle in bundles:
                expected = contents_of(clean.out_dir / bundle.folder)
                assert contents_of(tmp_path / "site" / bundle.folder) == expected, (name, bundle)
        shutil.rmtree(clean.out_dir)
