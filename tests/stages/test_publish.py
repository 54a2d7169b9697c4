"""stages/publish.py: a published item (or menu) may not refer to an item the published site
does not have; an unpublished referrer may; and an unpublished item's references are checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from schemas.fields import SITE_TIMEZONE
from sitegen.model.problems import ContentError
from sitegen.pipeline import BuildOptions, check
from tests.support.builds import TODAY, ContentFactory

DRAFT_EVENT = """\
start: 2026-12-10
draft: true
nl:
  title: Geheim
  summary: Nog niet klaar.
en:
  title: Secret
  summary: Not ready.
"""
NEWS_ABOUT = """\
date: 2026-11-20
{extra}events: [{slug}]
nl:
  title: Bericht
  summary: Kort.
en:
  title: News
  summary: Short.
"""


def problems(root: object, drafts: bool = False) -> list[ContentError]:
    options = BuildOptions(content_dir=root, today=TODAY, drafts=drafts)  # type: ignore[arg-type]
    return [p for p in check(options)[2] if p.severity == "error"]


def test_a_published_item_referring_to_a_draft_is_an_error_at_the_reference(
    content: ContentFactory,
) -> None:
    root = content(**{
        "events/geheim.yaml": DRAFT_EVENT,
        "news/over-geheim.yaml": NEWS_ABOUT.format(extra="", slug="geheim"),
    })  # fmt: skip
    for drafts in (False, True):  # the preview says it too: the build would fail
        [error] = problems(root, drafts)
        assert (error.path.endswith("news/over-geheim.yaml"), error.line) == (True, 2)
        assert error.field == "events.0"
        assert "'geheim'" in error.message and "is a draft" in error.message
        assert "draft: true" in error.hint


def test_a_draft_may_refer_to_a_draft(content: ContentFactory) -> None:
    news = NEWS_ABOUT.format(extra="draft: true\n", slug="geheim")
    root = content(**{"events/geheim.yaml": DRAFT_EVENT, "news/over-geheim.yaml": news})
    assert problems(root) == [] and problems(root, drafts=True) == []


def test_a_reference_to_an_item_not_yet_or_no_longer_published_names_its_date(
    content: ContentFactory,
) -> None:
    later = DRAFT_EVENT.replace("draft: true", "publish_from: 2026-12-01 09:30")
    gone = DRAFT_EVENT.replace("draft: true", "publish_until: 2026-11-24")
    root = content(**{
        "events/later.yaml": later,
        "events/weg.yaml": gone,
        "news/over-later.yaml": NEWS_ABOUT.format(extra="", slug="later"),
        "news/over-weg.yaml": NEWS_ABOUT.format(extra="", slug="weg"),
    })  # fmt: skip
    messages = sorted(error.message for error in problems(root))
    assert len(messages) == 2
    assert "is published from 2026-12-01 09:30" in messages[0]
    assert "was published until 2026-11-24" in messages[1]


def test_a_referrer_unpublished_as_long_as_its_target_is_fine(content: ContentFactory) -> None:
    later = DRAFT_EVENT.replace("draft: true", "publish_from: 2026-12-01")
    news = NEWS_ABOUT.format(extra="publish_from: 2026-12-01\n", slug="later")
    root = content(**{"events/later.yaml": later, "news/over-later.yaml": news})
    assert problems(root) == []


def test_a_menu_link_to_a_draft_page_says_it_is_a_draft_once(content: ContentFactory) -> None:
    root = content()
    page = root / "pages" / "over.yaml"
    page.write_text("draft: true\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    errors = problems(root)
    assert {error.field for error in errors} == {"menus.nl.1.link", "menus.en.1.link"}
    assert all("is a draft" in error.message for error in errors)
    assert [error.line for error in errors] == [42, 46]


def test_an_unpublished_items_references_are_checked_all_the_same(
    content: ContentFactory,
) -> None:
    news = NEWS_ABOUT.format(extra="draft: true\n", slug="bestaat-niet")
    [error] = problems(content(**{"news/concept.yaml": news}))
    assert error.field == "events.0" and "no such item" in error.message


def test_publish_until_before_publish_from_is_an_error_on_publish_until(
    content: ContentFactory,
) -> None:
    dates = "publish_from: 2026-12-01 10:00\npublish_until: 2026-12-01 09:00\n"
    [error] = problems(content(**{"events/x.yaml": DRAFT_EVENT.replace("draft: true\n", dates)}))
    assert (error.field, error.line) == ("publish_until", 3)
    assert "2026-12-01 09:00" in error.message and "is not after" in error.message


def test_a_one_day_window_is_allowed(content: ContentFactory) -> None:
    dates = "publish_from: 2026-11-25\npublish_until: 2026-11-25\n"
    root = content(**{"events/x.yaml": DRAFT_EVENT.replace("draft: true\n", dates)})
    site, _, _ = check(BuildOptions(content_dir=root, today=TODAY))
    assert site is not None and site.get("events", "x") is not None
    options = BuildOptions(content_dir=root, today=TODAY)
    last_minute = datetime(2026, 11, 25, 23, 59, tzinfo=SITE_TIMEZONE)
    site, _, _ = check(replace(options, now=last_minute))
    assert site is not None and site.get("events", "x") is not None
