"""Property tests (Hypothesis): whatever an editor saves in a content file, the builder reports a
content error naming that file, or builds; it never raises and never writes half a site. Every
valid item, whatever its characters, comes out as a page that shows its words."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from pydantic import BaseModel

from schemas import CONTENT_TYPES, SiteSettings
from sitegen.pipeline import BuildOptions, BuildResult, build
from tests.support.builds import FIXTURE_SITE, TODAY
from tests.support.sitecheck import BuiltPage

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


FOLDERS = sorted(CONTENT_TYPES.names)


TARGETS = st.sampled_from([f"{folder}/probe.yaml" for folder in FOLDERS] + ["site.yaml"])


def field_names(model: type[BaseModel], seen: set[str]) -> set[str]:
    """Every field name of a model and of the models inside it."""
    for name, info in model.model_fields.items():
        seen.add(name)
        for inner in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                field_names(inner, seen)
    return seen


MODELS: list[type[BaseModel]] = [*(t.model for t in CONTENT_TYPES), SiteSettings]


KNOWN_FIELDS = sorted(set().union(*(field_names(model, set()) for model in MODELS)))


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(["2030-02-30", "2030-01-01 10:00", "https://x.example/", "nl", "en"])
)


DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_FIELDS) | st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=25,
)


class Sandbox:
    """A copy of the fixture site and an output folder holding a previous build."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.out = root / "out" / "site"
        shutil.copytree(FIXTURE_SITE, self.content)
        assert self.build().written
        self.before = self.listing()

    def build(self) -> BuildResult:
        options = BuildOptions(
            content_dir=self.content, out_dir=self.out, today=TODAY, search=False, cache_dir=None
        )
        return build(options)

    def listing(self) -> dict[str, int]:
        """Every file and folder in and beside the output folder (but the build lock)."""
        found = (p for p in self.out.parent.rglob("*") if p.suffix != ".lock")
        return {p.relative_to(self.out.parent).as_posix(): p.stat().st_mtime_ns for p in found}

    def build_with(self, relative: str, data: bytes) -> BuildResult:
        """Build with one file replaced (or added); the fixture site is restored afterwards."""
        target = self.content / relative
        original = target.read_bytes() if target.exists() else None
        target.write_bytes(data)
        try:
            return self.build()
        finally:
            if original is None:
                target.unlink()
            else:
                target.write_bytes(original)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield Sandbox(tmp_path_factory.mktemp("properties"))


def assert_reported_or_built(sandbox: Sandbox, relative: str, result: BuildResult) -> None:
    if result.written:
        sandbox.before = sandbox.listing()  # a valid file: the new site is the new baseline
        return
    assert result.errors
    assert all(Path(error.path).as_posix().endswith(relative) for error in result.errors), [
        e.format() for e in result.errors
    ]
    assert sandbox.listing() == sandbox.before  # not one file written, nothing left beside it


@FAST
@given(relative=TARGETS, data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_in_a_content_file_are_reported_never_raised(
    sandbox: Sandbox, relative: str, data: bytes
) -> None:
    assert_reported_or_built(sandbox, relative, sandbox.build_with(relative, data))


@FAST
@given(relative=TARGETS, document=DOCUMENTS)
def test_any_yaml_document_in_a_content_file_is_reported_never_raised(
    sandbox: Sandbox, relative: str, document: Any
) -> None:
    data = yaml.safe_dump(document, allow_unicode=True).encode()
    assert_reported_or_built(sandbox, relative, sandbox.build_with(relative, data))


# Words as editors may paste them: any letter, mark, number, punctuation, symbol or space of
# any script (no control characters, surrogates or unassigned code points).
WORDS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")), min_size=0, max_size=60
)


EDGE = st.characters(whitelist_categories=("L", "N", "P", "S"))


@st.composite
def line(draw: st.DrawFn) -> str:
    return draw(EDGE) + draw(WORDS) + draw(EDGE)


def visible(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@settings(FAST, max_examples=40)
@given(kind=st.sampled_from(["themes", "news"]), title=line(), summary=line())
def test_every_valid_item_becomes_a_page_showing_its_title_and_summary(
    sandbox: Sandbox, kind: str, title: str, summary: str
) -> None:
    item: dict[str, Any] = {"nl": {"title": title, "summary": summary}}
    if kind == "news":
        item["date"] = "2020-02-29"
    data = yaml.safe_dump(item, allow_unicode=True).encode()
    result = sandbox.build_with(f"{kind}/probe.yaml", data)
    assert result.written, [e.format() for e in result.errors]
    sandbox.before = sandbox.listing()
    section = "themas" if kind == "themes" else "nieuws"
    html = (sandbox.out / section / "probe" / "index.html").read_bytes()
    page = BuiltPage(f"/{section}/probe/", lxml_html.fromstring(html))
    assert page.tree.xpath("//h1")[0].text_content() == unicodedata.normalize("NFC", title)
    assert visible(summary) in page.text()
