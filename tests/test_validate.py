"""Stage 2: every validation rule fails bad input with file, line and field."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sitegen.pipeline import BuildOptions, check
from tests.conftest import TODAY, ContentFactory

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


def test_a_time_without_offset_is_dutch_local_time_and_an_offset_is_kept(
    content: ContentFactory,
) -> None:
    root = content(
        **{
            "events/zomer.yaml": "start: 2030-07-01 10:00\nnl: {title: t, summary: s}\n",
            "events/utc.yaml": "start: 2030-07-01T10:00+00:00\nnl: {title: t, summary: s}\n",
        }
    )
    site, _, _ = check(BuildOptions(content_dir=root, today=TODAY))
    assert site is not None
    summer = site.get("events", "zomer")
    utc = site.get("events", "utc")
    assert summer is not None and utc is not None
    summer_start = getattr(summer.model, "start")  # noqa: B009
    utc_start = getattr(utc.model, "start")  # noqa: B009
    assert isinstance(summer_start, datetime) and isinstance(utc_start, datetime)
    assert summer_start.utcoffset() == timedelta(hours=2)
    assert utc_start.utcoffset() == timedelta(0)


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
