"""The site's clock: Dutch time. A module without models, so that a build which repeats the
previous one can read the clock without making any of them (start-up time)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SITE_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def wall_clock(moment: datetime) -> datetime:
    """The time a Dutch clock shows at this instant, without its zone. (Through UTC: a time
    already in Dutch time would be returned as it is, even one the clocks skip.)"""
    return moment.astimezone(UTC).astimezone(SITE_TIMEZONE).replace(tzinfo=None, fold=0)
