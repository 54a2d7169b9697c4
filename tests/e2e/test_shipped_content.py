"""The shipped content: builds strictly, and carries the seeds' facts in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import PROJECT_ROOT
from tests.support.addresses import language_at
from tests.support.builds import build_into
from tests.support.sitecheck import read_site

# Figures and names from ../shared/seeds that must be findable in each language.
FACTS = [
    "Emmen", "149", "80", "15", "160", "2011", "2018", "35", "375", "30", "24", "59", "96",
    "750", "500", "25", "2050", "2017", "Dianne de Fijter", "Ruth Pasternak", "Froukje Zumbrink",
    "Antoine Heideveld", "Oranjebuitensingel 6", "2511 VE", "070-3119717",
    "hallo@wijzijnkatapult.nl", "Routekaart Duurzaam Onderwijs",
    "Leadership for the Circular Transition",
    "Groenpact", "SBB", "UWV", "Rotary", "500",
    "James Veenhoff", "Denim City", "En later zijn we pas aan de baas gaan vragen of het mocht",
    "Pps-activiteiten",
]  # fmt: skip


@pytest.fixture(scope="module")
def site_text(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out: Path = tmp_path_factory.mktemp("shipped") / "site"
    result = build_into(PROJECT_ROOT / "content", out, strict=True)
    assert result.written and not result.problems, [p.format() for p in result.problems]
    text: dict[str, list[str]] = {"nl": [], "en": []}
    for url, page in read_site(out).items():
        text[language_at(url, PROJECT_ROOT / "content")].append(page.text())
    return {lang: " ".join(parts) for lang, parts in text.items()}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_seed_fact_appears_in_each_language(site_text: dict[str, str], lang: str) -> None:
    missing = [fact for fact in FACTS if fact not in site_text[lang]]
    assert missing == []


def test_provisional_dates_are_shown_as_provisional(site_text: dict[str, str]) -> None:
    assert "Voorlopig" in site_text["nl"]
    assert "Provisional" in site_text["en"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_policy_makers_cop_gives_its_size_as_approximate(
    site_text: dict[str, str], lang: str
) -> None:
    # The seed says "ca. 25-30 deelnemers"; the site never states the range as exact.
    approximate = {"nl": "ca. 25 tot 30", "en": "about 25 to 30"}[lang]
    exact = {"nl": " 25 tot 30", "en": " 25 to 30"}[lang]
    assert site_text[lang].count(approximate) >= 1
    assert site_text[lang].count(exact) == site_text[lang].count(approximate)
