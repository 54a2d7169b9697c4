"""Rendered pages (sitegen/stages/render.py) show an event's status and provisional dates."""

from __future__ import annotations

from pathlib import Path

from tests.support.sitecheck import read_site


def test_event_status_and_provisional_dates_are_visible(out: Path) -> None:
    pages = read_site(out)
    assert "Cancelled" in pages["/en/events/afgelast/"].text()
    full = pages["/en/events/reeks-2/"].text()
    assert "Full" in full and "Provisional" in full and "The exact date will follow." in full
