"""Stage 2: every validation rule fails bad input with file, line and field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas.event import Event
from schemas.fields import SITE_TIMEZONE
from sitegen.model.problems import ContentError
from sitegen.pipeline import BuildOptions, check
from tests.support.builds import TODAY, ContentFactory

EVENT = """\
start: {start}
end: {end}
audience: [{audience}]
registration_url: {url}
registration_email: {email}
nl:
  {title_field}: Bijeenkomst
  summary: Kort.
en:
  title: Meeting
  summary: Short.
"""


GOOD = {
    "start": "2030-05-12 14:00",
    "end": "2030-05-12 17:00",
    "audience": "mbo",
    "url": "https://example.nl/aanmelden",
    "email": "info@example.nl",
    "title_field": "title",
}


WORDS = "nl: {title: t, summary: s}\nen: {title: t, summary: s}\n"


def start_of(root: Path, slug: str) -> datetime:
    """The start of a checked event, as the model holds it."""
    site, _, _ = check(BuildOptions(content_dir=root, today=TODAY))
    event = site.get("events", slug) if site is not None else None
    start = getattr(event.model, "start", None) if event is not None else None
    assert isinstance(start, datetime), start
    return start


def problems_for(content: ContentFactory, **changes: str) -> list[str]:
    root = content(**{"events/proef.yaml": EVENT.format(**{**GOOD, **changes})})
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    return [p.format() for p in problems if "proef.yaml" in p.path and p.severity == "error"]


def test_a_valid_event_has_no_errors(content: ContentFactory) -> None:
    assert problems_for(content) == []


@pytest.mark.parametrize(
    ("change", "line", "field", "words"),
    [
        ({"title_field": "tilte"}, 7, "nl.tilte", "did you mean 'title'?"),
        ({"start": "2030-02-30", "end": "2030-03-01"}, 1, "start", "not a real calendar date"),
        ({"start": "morgen"}, 1, "start", "expected a date like"),
        ({"end": "2030-05-12 13:00"}, 2, "end", "lies before the start"),
        ({"end": "2030-05-13"}, 2, "end", "both be dates"),
        ({"audience": "kleuters"}, 3, "audience.0", "'vmbo'"),
        ({"url": "geen-url"}, 4, "registration_url", "https://"),
        ({"email": "info-at-example"}, 5, "registration_email", "e-mail address"),
    ],
)
def test_bad_event_fields_are_errors_naming_line_and_field(
    content: ContentFactory, change: dict[str, str], line: int, field: str, words: str
) -> None:
    messages = problems_for(content, **change)
    assert any(
        f"content/events/proef.yaml:{line}: error: {field}:" in m and words in m for m in messages
    ), messages


def test_a_missing_required_field_names_it(content: ContentFactory) -> None:
    root = content(**{"themes/kaal.yaml": "nl:\n  summary: s\n"})
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    assert any(
        "themes/kaal.yaml:1" in p.format() and p.field == "nl.title" and "required" in p.message
        for p in problems
    )


def test_a_reference_that_is_no_slug_is_refused(content: ContentFactory) -> None:
    root = content(
        **{"news/pad.yaml": "date: 2020-01-01\nthemes: ['../../etc']\nnl: {title: t, summary: s}\n"}
    )
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    assert any(p.field == "themes.0" and p.line == 2 and "lowercase" in p.hint for p in problems)


def test_a_time_without_offset_is_dutch_local_time(content: ContentFactory) -> None:
    root = content(**{"events/zomer.yaml": f"start: 2030-07-01 10:00\n{WORDS}"})
    assert start_of(root, "zomer").utcoffset() == timedelta(hours=2)


def test_the_site_file_is_validated_too(content: ContentFactory) -> None:
    root = content()
    text = (root / "site.yaml").read_text().replace("base_url:", "base_ulr:")
    (root / "site.yaml").write_text(text)
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    assert any(p.field == "base_ulr" and "base_url" in p.hint and p.line == 3 for p in problems)


@pytest.mark.parametrize(
    ("extra", "line", "field", "words"),
    [
        ("capacity: {max: veel}\n", 1, "capacity.max", "integer"),
        ("status: verplaatst\n", 1, "status", "'cancelled'"),
        ("location: {city: Emmen, zaal: 3}\n", 1, "location.zaal", "allowed here: city, online"),
    ],
)
def test_wrong_types_and_values_name_line_and_field(
    content: ContentFactory, extra: str, line: int, field: str, words: str
) -> None:
    root = content(
        **{"events/proef.yaml": extra + "start: 2030-01-01\nnl: {title: t, summary: s}\n"}
    )
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    found = [p.format() for p in problems if p.path.endswith("proef.yaml")]
    assert any(f"proef.yaml:{line}: error: {field}:" in m and words in m for m in found), found


@pytest.mark.parametrize("key", ["'['", "str", "'function-plain[x]'"])
def test_an_unknown_field_that_looks_like_a_type_name_is_still_named(
    content: ContentFactory, key: str
) -> None:
    problems = problems_for(content, title_field=f"title: Bijeenkomst\n  {key}")
    assert any(":8: error: nl." in p and "is not a known field" in p for p in problems), problems


def event_problems(content: ContentFactory, fields: str) -> list[ContentError]:
    """All problems of one event with these date fields, errors and warnings."""
    return problems_of(content(**{"events/proef.yaml": f"{fields}\n{WORDS}"}))


def problems_of(root: Path) -> list[ContentError]:
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    return [p for p in problems if p.path.endswith("proef.yaml")]


@pytest.mark.parametrize(
    "fields",
    [
        "start: 9999-12-31",
        "start: 2030-01-01\nend: 9999-12-31",
        "start: 0001-01-01",
        "start: 1899-12-31 23:59",
        "start: 2201-01-01",
        "start: 2200-12-31 23:30-01:00",  # 2201 in Dutch time
    ],
)
def test_a_date_outside_1900_to_2200_is_an_error_with_the_range(
    content: ContentFactory, fields: str
) -> None:
    problems = event_problems(content, fields)
    line = fields.count("\n") + 1
    assert [(p.line, p.severity) for p in problems] == [(line, "error")], problems
    assert "1900-01-01" in problems[0].message and "2200-12-31" in problems[0].message


def test_a_news_date_outside_the_range_is_an_error(content: ContentFactory) -> None:
    root = content(**{"news/ver.yaml": "date: 2999-01-01\nnl: {title: t, summary: s}\n"})
    _, _, problems = check(BuildOptions(content_dir=root, today=TODAY))
    assert any(
        p.path.endswith("ver.yaml") and p.field == "date" and "2200-12-31" in p.message
        for p in problems
    ), problems


@pytest.mark.parametrize(
    "written",
    [
        "'2030-W20-1'",
        "'20300512'",
        "'2030-05-12T14:00:00.123456'",
        "'2030-05-12 14'",
        "2030-05-12T14:00",
        "2030-05-12 14:00:00",
        "2030-05-12 14:00Z",
        "2030-5-12",
        "2030-05-12 1400",
    ],
)
def test_only_the_documented_date_forms_are_accepted(content: ContentFactory, written: str) -> None:
    problems = event_problems(content, f"start: {written}")
    assert [(p.field, p.line, p.severity) for p in problems] == [("start", 1, "error")], problems
    assert "2030-03-12 14:00" in problems[0].hint and "+01:00" in problems[0].hint


def test_a_time_the_clocks_skip_in_spring_is_an_error_with_both_neighbours(
    content: ContentFactory,
) -> None:
    problems = event_problems(content, "start: 2030-03-31 02:30")
    assert [(p.field, p.line, p.severity) for p in problems] == [("start", 1, "error")], problems
    assert "does not exist" in problems[0].message
    assert "on 2030-03-31 the clocks go from 02:00 to 03:00" in problems[0].hint
    assert "write 03:30 or 01:30" in problems[0].hint


def test_a_time_that_happens_twice_in_autumn_warns_which_one_was_taken(
    content: ContentFactory,
) -> None:
    problems = event_problems(content, "start: 2030-10-27 02:30\nend: 2030-10-27 02:45")
    assert [(p.field, p.line, p.severity) for p in problems] == [
        ("start", 1, "warning"),
        ("end", 2, "warning"),
    ], problems
    assert "the first (summer time, +02:00) is taken" in problems[0].message
    assert "+01:00" in problems[0].hint


@pytest.mark.parametrize(("offset", "utc_hour"), [("+02:00", 0), ("+01:00", 1)])
def test_an_autumn_time_with_its_offset_is_taken_as_written_without_a_warning(
    content: ContentFactory, offset: str, utc_hour: int
) -> None:
    root = content(**{"events/proef.yaml": f"start: 2030-10-27 02:30{offset}\n{WORDS}"})
    assert [p.format() for p in problems_of(root)] == []
    start = start_of(root, "proef")
    assert start.astimezone(UTC) == datetime(2030, 10, 27, utc_hour, 30, tzinfo=UTC)


def test_a_time_with_an_offset_becomes_dutch_time(content: ContentFactory) -> None:
    root = content(
        **{"events/proef.yaml": "start: 2030-05-12 14:00+05:30\nnl: {title: t, summary: s}\n"}
    )
    start = start_of(root, "proef")
    assert start.tzinfo == SITE_TIMEZONE
    assert (start.hour, start.minute) == (10, 30)
    assert start.astimezone(UTC) == datetime(2030, 5, 12, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [datetime(2030, 3, 31, 2, 30), date(9999, 12, 31), datetime(2201, 1, 1, tzinfo=UTC)],
)
def test_dates_given_as_python_objects_follow_the_same_rules(value: date) -> None:
    with pytest.raises(ValidationError):
        Event.model_validate({"start": value, "nl": {"title": "t", "summary": "s"}})
