"""Event dates as precise as they are known: parsing, errors, words, order and groups."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from schemas.event import Event
from schemas.fields import SITE_TIMEZONE
from schemas.periods import PART_MONTHS, PART_WORDS, Part, Period, When, parse_when
from sitegen.model.agenda import by_month, next_change, split_events
from sitegen.model.entry import Entry
from sitegen.model.site import Site
from sitegen.model.times import iso_when
from sitegen.pipeline import BuildOptions, check
from sitegen.stages.i18n import Localizer
from tests.support.builds import ContentFactory

WORDS = "nl: {title: t, summary: s}\nen: {title: t, summary: s}\n"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2030-05", Period(2030, 5)),
        (2030, Period(2030)),
        ("2030", Period(2030)),
        ("voorjaar 2030", Period(2030, part=Part.SPRING)),
        ("Spring 2030", Period(2030, part=Part.SPRING)),
        ("najaar  2030", Period(2030, part=Part.AUTUMN)),
        ("first half of 2030", Period(2030, part=Part.FIRST_HALF)),
        ("vóór de zomervakantie 2030", Period(2030, part=Part.BEFORE_SUMMER_HOLIDAYS)),
        ("voor de zomervakantie 2030", Period(2030, part=Part.BEFORE_SUMMER_HOLIDAYS)),
        ("after the summer holidays 2030", Period(2030, part=Part.AFTER_SUMMER_HOLIDAYS)),
        ("datum volgt", Period()),
        ("To follow", Period()),
    ],
)
def test_each_imprecise_form_is_read_as_what_it_says(written: object, expected: Period) -> None:
    assert parse_when(written) == expected


def test_the_day_and_time_forms_are_read_as_before() -> None:
    assert parse_when("2030-05-12") == date(2030, 5, 12)
    moment = parse_when("2030-05-12 14:00")
    assert isinstance(moment, datetime) and moment.tzinfo is SITE_TIMEZONE
    assert parse_when(date(2030, 5, 12)) == date(2030, 5, 12)


def test_every_dutch_and_english_part_word_is_read() -> None:
    for words, part in PART_WORDS.items():
        assert parse_when(f"{words} 2030") == Period(2030, part=part), words


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("2030-13", "not a real month", "2030-01 to 2030-12"),
        ("1899", "1900 to 2200", "1900 to 2200"),
        ("2201-01", "1900 to 2200", "1900 to 2200"),
        ("voorjaar 3000", "1900 to 2200", "1900 to 2200"),
        ("winter 2030", "spans two years", "2030-12 or 2031-01"),
        ("ergens in mei", "expected a date like", "voorjaar 2030"),
        ("mei 2030", "names a month in words", "2030-05"),
        ("September 2030", "names a month in words", "2030-09"),
    ],
)
def test_a_wrong_date_is_an_error_with_a_hint(written: str, message: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Event.model_validate({"start": written})
    error = next(e for e in raised.value.errors() if e["loc"] == ("start",))
    assert message in error["msg"]
    assert hint in error["ctx"]["hint"]


def test_an_unknown_form_names_every_form_in_its_hint() -> None:
    with pytest.raises(ValidationError) as raised:
        Event.model_validate({"start": "binnenkort"})
    hint = raised.value.errors()[0]["ctx"]["hint"]
    for form in ("2030-03-12 14:00", "2030-05", "voorjaar 2030", "spring 2030", "datum volgt"):
        assert form in hint


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2030-05", "2030-04", "lies before the start"),
        ("voorjaar 2030", "2029", "lies before the start"),
        ("2030-05", "2030-05", "is the start"),
        ("datum volgt", "2030", "has no end"),
        ("2030-05", "datum volgt", "cannot be an end"),
        ("2030-05", "na de zomervakantie 2030", "cannot be an end"),
    ],
)
def test_an_impossible_end_is_an_error(start: str, end: str, words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Event.model_validate({"start": start, "end": end})
    assert words in str(raised.value)


def test_an_imprecise_date_is_not_provisional() -> None:
    with pytest.raises(ValidationError) as raised:
        Event.model_validate({"start": "2030-05", "provisional": True})
    error = raised.value.errors()[0]
    assert error["loc"] == ("provisional",) and "notice" in error["ctx"]["hint"]
    assert Event.model_validate({"start": "2030-05-12", "provisional": True}).provisional


def test_a_wrong_date_in_a_file_names_the_file_line_and_field(content: ContentFactory) -> None:
    root = content(**{"events/proef.yaml": f"cluster: groen\nstart: lente\n{WORDS}"})
    _, _, problems = check(BuildOptions(content_dir=root, today=date(2026, 11, 25)))
    [problem] = [p for p in problems if p.path.endswith("proef.yaml")]
    assert (problem.line, problem.field) == (2, "start")
    assert "voorjaar 2030" in problem.hint and "datum volgt" in problem.hint


def test_periods_span_their_months_and_an_iso_form_at_their_precision() -> None:
    assert Period(2030, 2).last_day() == date(2030, 2, 28)
    spring = Period(2030, part=Part.SPRING)
    assert (spring.first_day(), spring.last_day()) == (date(2030, 3, 1), date(2030, 5, 31))
    assert all(1 <= first <= last <= 12 for first, last in PART_MONTHS.values())
    assert [iso_when(p) for p in (Period(2030, 5), spring, Period(2030), Period())] == [
        "2030-05",
        "2030",
        "2030",
        None,
    ]
    assert iso_when(date(2030, 5, 12)) == "2030-05-12"


def site_with(root: Path, today: date) -> Site:
    site, _, problems = check(BuildOptions(content_dir=root, today=today))
    assert site is not None and not [p for p in problems if p.severity == "error"], problems
    return site


def test_each_precision_in_words_in_both_languages(content: ContentFactory) -> None:
    site = site_with(content(), date(2026, 11, 25))
    dutch, english = Localizer(site, "nl"), Localizer(site, "en")
    cases: list[tuple[tuple[When, When | None], str, str | None]] = [
        ((Period(2030, 5), None), "mei 2030", "May 2030"),
        ((Period(2030, part=Part.SPRING), None), "voorjaar 2030", "spring 2030"),
        ((Period(2030, part=Part.FIRST_HALF), None), "eerste helft van 2030", "first half of 2030"),
        ((Period(2030), None), "2030", "2030"),
        ((Period(), None), "datum volgt", "date to follow"),
        (
            (Period(2030, part=Part.SPRING), Period(2030)),
            "voorjaar 2030 tot eind 2030",
            "spring 2030 until the end of 2030",
        ),
        ((date(2030, 4, 1), Period(2030, 6)), "maandag 1 april 2030 tot eind juni 2030", None),
    ]
    for (start, end), nl, en in cases:
        assert dutch.when(start, end) == nl
        if en:
            assert english.when(start, end) == en
    assert dutch.group(Period()) == "Datum volgt" and english.group(Period()) == "Date to follow"
    assert english.group(date(2030, 5, 1)) == "May 2030"


def events(**starts: str) -> dict[str, str]:
    return {f"events/{slug}.yaml": f"start: {start}\n{WORDS}" for slug, start in starts.items()}


def slugs(entries: list[Entry]) -> list[str]:
    return [e.slug for e in entries]


def test_imprecise_events_sort_after_the_exact_days_of_their_period(
    content: ContentFactory,
) -> None:
    files = events(
        mei="2031-05", dag="2031-05-31", voorjaar="voorjaar 2031", juni="2031-06-01",
        jaar="2031", volgt="datum volgt", maart="2031-03-02",
    )  # fmt: skip
    site = site_with(content(**files), date(2031, 1, 1))
    upcoming, _ = split_events(site, [e for e in site.all("events") if e.slug in ours(files)])
    assert slugs(upcoming) == ["maart", "dag", "mei", "voorjaar", "juni", "jaar", "volgt"]
    groups = by_month(site, upcoming)
    headings = [Localizer(site, "nl").group(heading) for heading, _ in groups]
    assert headings == [
        "maart 2031",
        "mei 2031",
        "voorjaar 2031",
        "juni 2031",
        "2031",
        "Datum volgt",
    ]
    assert slugs(groups[1][1]) == ["dag", "mei"]


def ours(files: dict[str, str]) -> set[str]:
    return {Path(name).stem for name in files}


@pytest.mark.parametrize(
    ("today", "past"),
    [(date(2031, 5, 31), False), (date(2031, 6, 1), True)],
)
def test_a_month_event_is_past_only_after_its_month(
    content: ContentFactory, today: date, past: bool
) -> None:
    site = site_with(content(**events(mei="2031-05", volgt="datum volgt")), today)
    upcoming, gone = split_events(site)
    assert ("mei" in slugs(gone)) is past and ("mei" in slugs(upcoming)) is not past
    assert "volgt" in slugs(upcoming)  # a date to follow is never past


def test_the_next_change_is_the_end_of_the_first_period_to_end(content: ContentFactory) -> None:
    root = content(**events(mei="2031-05", volgt="datum volgt"))
    assert next_change(site_with(root, date(2031, 5, 10))) == datetime(
        2031, 6, 1, tzinfo=SITE_TIMEZONE
    )
    # on 1 January 2032 every event of the fixture and of this test is past, but two are to
    # follow: they never move by themselves
    assert next_change(site_with(root, date(2032, 1, 1))) is None


ACCEPTED = [
    "2030-05",
    2030,
    "voorjaar 2030",
    "Spring 2030",
    "na de zomervakantie 2030",
    "datum volgt",
    "to follow",
    "2030-03-12",
    "2030-03-12 14:00",
    "2030-03-12 14:00+05:30",
]
REFUSED = ["mei 2030", "winter 2030", "2030-13", "2030-5", "binnenkort", 1899, "2030-03-12T14:00"]


def test_the_editors_json_schema_accepts_what_the_build_accepts() -> None:
    schema = Event.model_json_schema()["properties"]["start"]
    validator = Draft202012Validator(schema)
    for written in ACCEPTED:
        assert validator.is_valid(written), written
        parse_when(written)
    for written in REFUSED:
        assert not validator.is_valid(written), written
        with pytest.raises(PydanticCustomError):
            parse_when(written)
    assert "voorjaar 2030" in schema["description"] and "datum volgt" in schema["description"]
