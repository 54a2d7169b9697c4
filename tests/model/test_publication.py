"""sitegen/model/publication.py: the window an item is published in, the build's moment, why an
item is not published, and the next moment the site changes by itself."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schemas.fields import SITE_TIMEZONE
from schemas.news import News
from sitegen.model.publication import (
    Publication,
    build_moment,
    next_publication_change,
    why_unpublished,
)


def news(**fields: object) -> News:
    return News.model_validate({"date": "2026-11-20", **fields})


def dutch(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SITE_TIMEZONE)


@pytest.mark.parametrize(
    ("fields", "moment", "shown"),
    [
        ({"publish_from": "2026-12-01"}, dutch(2026, 11, 30, 23, 59), False),
        ({"publish_from": "2026-12-01"}, dutch(2026, 12, 1, 0, 0), True),
        ({"publish_from": "2026-12-01 14:00"}, dutch(2026, 12, 1, 13, 59), False),
        ({"publish_from": "2026-12-01 14:00"}, dutch(2026, 12, 1, 14, 0), True),
        ({"publish_until": "2026-12-01"}, dutch(2026, 12, 1, 23, 59), True),
        ({"publish_until": "2026-12-01"}, dutch(2026, 12, 2, 0, 0), False),
        ({"publish_until": "2026-12-01 09:00"}, dutch(2026, 12, 1, 9, 0), False),
        ({"draft": True}, dutch(2026, 12, 1, 9, 0), False),
    ],
)
def test_an_item_is_published_within_its_window_and_never_as_a_draft(
    fields: dict[str, object], moment: datetime, shown: bool
) -> None:
    assert Publication(moment).shows(news(**fields)) is shown
    assert (why_unpublished(news(**fields), moment) is None) is shown


def test_the_preview_shows_a_draft_but_not_before_its_day() -> None:
    moment = dutch(2026, 11, 25, 12, 0)
    assert Publication(moment, drafts=True).shows(news(draft=True))
    assert not Publication(moment, drafts=True).publishes(news(draft=True))
    assert not Publication(moment, drafts=True).shows(news(publish_from="2026-12-01"))


def test_the_moment_is_now_on_its_own_day_and_the_start_of_a_fixed_other_day() -> None:
    now = dutch(2026, 11, 25, 15, 30)
    assert build_moment(date(2026, 11, 25), now) == now
    assert build_moment(date(2026, 12, 1), now) == dutch(2026, 12, 1, 0, 0)
    assert build_moment(date(2026, 12, 1), None) == dutch(2026, 12, 1, 0, 0)


def test_the_next_change_is_the_first_publish_moment_still_to_come() -> None:
    items = [
        news(publish_from="2026-11-01", publish_until="2026-12-31"),  # ends 2027-01-01 00:00
        news(publish_from="2026-12-05 10:00"),
        news(publish_from="2026-12-02", draft=True),  # a draft never appears by itself
    ]
    moment = dutch(2026, 11, 25, 12, 0)
    assert next_publication_change(items, Publication(moment)) == dutch(2026, 12, 5, 10, 0)
    later = Publication(dutch(2026, 12, 6, 0, 0))
    assert next_publication_change(items, later) == dutch(2027, 1, 1, 0, 0)
    assert next_publication_change(items, Publication(dutch(2027, 1, 1, 0, 0))) is None
