"""The shipped site shows no day that no content file gives, and every seed fact about the
agenda's events stays on the event's page in both languages (issue 13, honest dates)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import build_into
from tests.support.sitecheck import BuiltPage, read_site

CONTENT = PROJECT_ROOT / "content"
MONTHS = {
    lang: [format_date(date(2000, month, 1), "MMMM", locale=locale) for month in range(1, 13)]
    for lang, locale in (("nl", "nl_NL"), ("en", "en_GB"))
}
WEEKDAYS = {
    lang: [format_date(date(2024, 1, day), "EEEE", locale=locale) for day in range(1, 8)]
    for lang, locale in (("nl", "nl_NL"), ("en", "en_GB"))
}
# 'woensdag 21 juni 2017', '21 June 2017': a day in words, with its weekday if one is shown
DAY_IN_WORDS = {
    lang: re.compile(
        rf"(?:({'|'.join(WEEKDAYS[lang])}) )?(\d{{1,2}}) ({'|'.join(MONTHS[lang])}) (\d{{4}})",
        re.IGNORECASE,
    )
    for lang in MONTHS
}
ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def days_in_words(text: str) -> set[tuple[date, str]]:
    """(day, weekday as written or '') for every day written out in either language."""
    found = set()
    for lang, pattern in DAY_IN_WORDS.items():
        names = [name.lower() for name in MONTHS[lang]]
        for weekday, day, month, year in pattern.findall(text):
            found.add((date(int(year), names.index(month.lower()) + 1, int(day)), weekday.lower()))
    return found


def days_the_content_gives() -> set[date]:
    """Every day a content file holds: as a YAML date (2017-06-21) or written in words."""
    given: set[date] = set()
    for file in CONTENT.rglob("*"):
        if file.suffix in (".yaml", ".md"):
            text = file.read_text(encoding="utf-8")
            given |= {date(int(y), int(m), int(d)) for y, m, d in ISO_DAY.findall(text)}
            given |= {day for day, _ in days_in_words(text)}
    return given


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltPage]:
    out: Path = tmp_path_factory.mktemp("shipped-dates") / "site"
    assert build_into(CONTENT, out).written
    return read_site(out)


def shown_days(page: BuiltPage) -> set[tuple[date, str]]:
    """The days a page shows in its text, its <time datetime> and its JSON-LD."""
    # text by text: a card's title ending '1 van 4' and its date 'mei 2022' are not '4 mei 2022'
    shown = {day for text in page.tree.itertext() for day in days_in_words(" ".join(text.split()))}
    machine = list(page.tree.xpath("//time/@datetime"))
    for script in page.tree.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        machine += [str(data.get(key, "")) for key in ("startDate", "endDate", "datePublished")]
    for value in machine:
        if found := ISO_DAY.match(value):
            shown.add((date(*map(int, found.groups())), ""))
    return shown


def test_no_page_shows_a_day_or_weekday_that_no_content_file_gives(
    pages: dict[str, BuiltPage],
) -> None:
    given = days_the_content_gives()
    invented = {
        (url, day.isoformat())
        for url, page in pages.items()
        for day, _ in shown_days(page)
        if day not in given
    }
    assert invented == set()


def test_every_weekday_shown_is_the_weekday_of_its_day(pages: dict[str, BuiltPage]) -> None:
    wrong = {
        (url, weekday, day.isoformat())
        for url, page in pages.items()
        for day, weekday in shown_days(page)
        if weekday
        and weekday
        not in (WEEKDAYS["nl"][day.weekday()].lower(), WEEKDAYS["en"][day.weekday()].lower())
    }
    assert wrong == set()


def test_the_shipped_agenda_shows_dates_from_every_page_of_the_site(
    pages: dict[str, BuiltPage],
) -> None:
    """The check above finds days where they are: the one real event day is found."""
    assert (date(2017, 6, 21), "woensdag") in shown_days(pages["/agenda/"])
    assert (date(2017, 6, 21), "wednesday") in shown_days(pages["/en/events/"])


COP = ("vier keer", "twee keer vóór de zomervakantie en twee keer daarna", "Dianne de Fijter",
       "Ruth Pasternak", "facilitators", "stakeholders")  # fmt: skip
COP_EN = ("four times", "twice before the summer holidays and twice after", "Dianne de Fijter",
          "Ruth Pasternak", "facilitators", "stakeholders")  # fmt: skip
# Per event: what the seeds say of it (../shared/seeds/000 and 002), in each language's words
SEED_FACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "natuur-leefomgeving-bijeenkomst-hotspot-projectleiders": (
        ("datum volgt", "minstens één keer per jaar", "projectleiderschap", "voortgang",
         "resultaten", "hotspot-projectleiders van de scholen",
         "procesbegeleiders van de branches"),
        ("date to follow", "at least once a year", "project leadership", "progress", "results",
         "hotspot project leaders of the schools",
         "process facilitators of the sector organisations"),
    ),
    "natuur-leefomgeving-themabijeenkomst": (
        ("datum volgt", "themabijeenkomst", "meerdere scholen", "practor", "brancheorganisaties"),
        ("date to follow", "theme meeting", "several schools", "practor", "sector organisations"),
    ),
    "cop-onderwijsprofessionals-2022-bijeenkomst-1": (
        ("mei 2022", "starten in mei", "drie communities of practice", *COP),
        ("May 2022", "start in May", "three communities of practice", *COP_EN),
    ),
    "cop-onderwijsprofessionals-2022-bijeenkomst-2": (
        ("vóór de zomervakantie van 2022", *COP),
        ("before the summer holidays of 2022", *COP_EN),
    ),
    "cop-onderwijsprofessionals-2022-bijeenkomst-3": (
        ("na de zomervakantie van 2022", *COP),
        ("after the summer holidays of 2022", *COP_EN),
    ),
    "cop-onderwijsprofessionals-2022-bijeenkomst-4": (
        ("na de zomervakantie van 2022", *COP),
        ("after the summer holidays of 2022", *COP_EN),
    ),
    "cop-beleidsmakers-2022": (
        ("voorjaar 2022 tot eind 2022", "voorjaar van 2022", "tot het einde van het jaar",
         "in overleg met de deelnemers", "25 tot 30 deelnemers", "€750", "€500",
         "Later instromen kan niet", "Daan"),
        ("spring 2022 until the end of 2022", "spring 2022", "until the end of the year",
         "in consultation with the participants", "25 to 30 participants", "€750", "€500",
         "Joining halfway is not possible", "Daan"),
    ),
    "talentprogramma-leadership-circular-transition": (
        ("datum volgt", "in september", "circulaire agents", "living labs", "aanmelden"),
        ("date to follow", "in September", "circular agents", "living labs", "register"),
    ),
    "bekendmaking-gezamenlijk-netwerk-emmen": (
        ("woensdag 21 juni 2017", "Emmen"),
        ("Wednesday 21 June 2017", "Emmen"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("slug", sorted(SEED_FACTS))
def test_every_seed_fact_of_an_event_is_on_its_page_in_both_languages(
    pages: dict[str, BuiltPage], slug: str
) -> None:
    dutch, english = SEED_FACTS[slug]
    for url, facts in ((f"/agenda/{slug}/", dutch), (f"/en/events/{slug}/", english)):
        text = pages[url].text()
        assert [fact for fact in facts if fact not in text] == [], url


def test_no_shipped_event_is_marked_provisional_for_a_date_it_does_not_know(
    pages: dict[str, BuiltPage],
) -> None:
    badges = {
        url
        for url, page in pages.items()
        if page.tree.xpath('//*[contains(@class, "badge--provisional")]')
    }
    assert badges == set()
