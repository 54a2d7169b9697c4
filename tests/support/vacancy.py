"""A fourth content type that only the tests have: a vacancy (vacature) with a closing date.

It is added the way the README's "Adding a content type" says, without touching the engine:
a model and its declaration (here), templates and interface words in a templates folder laid
over the shipped one (tests/fixtures/templates/), its items in tests/fixtures/site/vacancies/
and its section words in the fixture's site.yaml.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas import CONTENT_TYPES, ContentType, ContentTypes
from schemas.content_type import LinkedData, Listing
from schemas.fields import Day, Slug, ref
from schemas.item import Item

TEMPLATE_LAYER = Path(__file__).parents[1] / "fixtures" / "templates"


class Vacancy(Item):
    closes: Day = Field(description="the last day to apply, like 2030-03-12")
    organisation: Slug | None = ref("organisations", "slug of the organisation that hires")


def job_posting(vacancy: Vacancy, lang: str) -> LinkedData:
    """schema.org JobPosting: its title and the last day it is open (validThrough)."""
    text = vacancy.text(lang)
    return {"title": text.title if text else "", "validThrough": vacancy.closes.isoformat()}


VACANCIES = ContentType(
    name="vacancies",
    model=Vacancy,
    link_word="vacancy",
    item_template="vacancy.html",
    list_template="section_vacancies.html",
    schema_org="JobPosting",
    linked_data=job_posting,
    listing=Listing(order=lambda vacancy: vacancy.closes),  # the first to close first
)

# The shipped types and the vacancy: one line, as in schemas/__init__.py
WITH_VACANCIES = ContentTypes((*CONTENT_TYPES.types, VACANCIES))
