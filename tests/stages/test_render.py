"""Rendered pages (sitegen/stages/render.py) show an event's status and provisional dates."""

from __future__ import annotations

from pathlib import Path

from tests.support.addresses import item_page
from tests.support.sitecheck import read_site


def test_event_status_and_provisional_dates_are_visible(out: Path) -> None:
    pages = read_site(out)
    assert "Cancelled" in pages[item_page("events", "afgelast", "en")].text()
    full = pages[item_page("events", "reeks-2", "en")].text()
    assert "Full" in full and "Provisional" in full and "The exact date will follow." in full
