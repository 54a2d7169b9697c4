"""Search bundles on a large site: each language's pages shared out over several Pagefind runs,
each page in exactly one bundle of its own language, and only a changed page's bundle made
again. The shipped content stands in for a large site with at most 20 items per bundle."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from lxml import html

from sitegen.outputs import search
from sitegen.outputs.search import Bundle, bundle_of
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from tests.conftest import TODAY
from tests.test_incremental import file_states
from tests.test_outputs import indexed_urls
from tests.test_preview_equivalence import _change, files_of

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from make_corpus import generate

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
        if search.is_search_file(relative) or relative.startswith("en/") != (lang == "en"):
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


@pytest.mark.parametrize(("lang", "url"), [("nl", "/zoeken/"), ("en", "/en/search/")])
def test_the_search_page_loads_the_first_bundle_and_merges_the_others(
    shared_out: Path, lang: str, url: str
) -> None:
    tree = html.fromstring((shared_out / url.strip("/") / "index.html").read_bytes())
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
    original = search.search_indexer

    def recording_indexer(
        site: Path, work: Mapping[Bundle, list[str]], processes: int = 1
    ) -> search.SearchIndexer:
        made.extend(work)
        return original(site, work, processes)

    monkeypatch.setattr(search, "search_indexer", recording_indexer)
    assert build(options(tmp_path)).written
    assert made == [bundle_of("en/about/index.html", bundles_in(site, "en"))]
    after = {bundle: file_states(site / bundle.folder) for bundle in before}
    changed = {bundle for bundle in before if after[bundle] != before[bundle]}
    assert changed == {bundle_of("en/about/index.html", bundles_in(site, "en"))}
    assert "Zwartwitgestreept" in (site / "en" / "about" / "index.html").read_text()


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
        return lambda: _change(path, lambda d: d[lang].update(title=d[lang]["title"] + " (nieuw)"))

    def organised_by(path: Path, slug: str) -> Callable[[], None]:
        return lambda: _change(path, lambda data: data.update(organisers=[slug]))

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
                expected = files_of(clean.out_dir / bundle.folder)
                assert files_of(tmp_path / "site" / bundle.folder) == expected, (name, bundle)
        shutil.rmtree(clean.out_dir)
