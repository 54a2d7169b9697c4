"""The editors' guides explain web editing first and file editing second, in both languages,
and the set-up of the production CMS (its sign-in) is documented in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"
GUIDES = {
    "en": (DOCS / "en" / "editors-guide.md", "Web editing", "Editing the files",
           "web-editing-setup.md"),
    "nl": (DOCS / "nl" / "redacteurshandleiding.md", "Webredactie", "De bestanden bewerken",
           "webredactie-inrichten.md"),
}  # fmt: skip


def headings(path: Path) -> list[str]:
    return re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)


@pytest.mark.parametrize("lang", GUIDES)
def test_the_guide_explains_web_editing_before_editing_the_files(lang: str) -> None:
    guide, web, files, _ = GUIDES[lang]
    found = headings(guide)
    first_web = next(i for i, h in enumerate(found) if h.startswith(web))
    first_files = next(i for i, h in enumerate(found) if h.startswith(files))
    assert first_web == 0 and first_web < first_files
    assert "make edit" in guide.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", GUIDES)
def test_the_guide_links_the_set_up_of_the_sign_in_which_is_there(lang: str) -> None:
    guide, _, _, setup = GUIDES[lang]
    assert f"]({setup})" in guide.read_text(encoding="utf-8")
    text = (guide.parent / setup).read_text(encoding="utf-8")
    workflow = "editorial workflow" if lang == "en" else "redactionele workflow"
    for needed in ("OAuth", "callback", workflow, "backend.json", "build.py edit --export"):
        assert needed in text, needed
