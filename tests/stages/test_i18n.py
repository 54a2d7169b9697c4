"""The Localizer (sitegen/stages/i18n.py): dates, times and figures written out in each language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schemas.fields import SITE_TIMEZONE, Figure
from schemas.languages import for_languages
from sitegen.model.site import Site
from sitegen.pipeline import BuildOptions, check
from sitegen.stages.i18n import Localizer
from tests.support.builds import FIXTURE_SITE, TODAY


@pytest.fixture(scope="module")
def site() -> Site:
    linked, _, _ = check(BuildOptions(content_dir=FIXTURE_SITE, today=TODAY))
    assert linked is not None
    return linked


def test_dates_are_written_out_in_each_language(site: Site) -> None:
    day = date(2017, 6, 21)
    assert Localizer(site, "nl").date(day) == "woensdag 21 juni 2017"
    assert Localizer(site, "en").date(day) == "Wednesday 21 June 2017"


def test_an_event_on_one_afternoon_reads_naturally(site: Site) -> None:
    start = datetime(2017, 6, 20, 14, 0, tzinfo=SITE_TIMEZONE)
    end = datetime(2017, 6, 20, 17, 30, tzinfo=SITE_TIMEZONE)
    assert Localizer(site, "nl").when(start, end) == "dinsdag 20 juni 2017, 14:00–17:30"
    assert Localizer(site, "en").month(start) == "June 2017"


def test_figures_carry_their_qualifier_in_words(site: Site) -> None:
    figure = for_languages(Figure, site.languages)  # the label has a field per language
    label = dict.fromkeys(site.languages, "a")
    more = figure.model_validate({"value": 1600, "qualifier": "more_than", "label": label})
    share = figure.model_validate({"value": 96, "unit": "percent", "label": label})
    assert isinstance(more, Figure) and isinstance(share, Figure)
    assert Localizer(site, "nl").figure(more) == "ruim 1.600"
    assert Localizer(site, "en").figure(more) == "more than 1,600"
    assert Localizer(site, "nl").figure(share) == "96%"
