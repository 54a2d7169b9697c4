"""Field types and base models shared by every content type.

Every description written here is shown to editors: in error hints, in the JSON
Schemas for their editor and in the generated field reference.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from schemas.markdown_limits import LIMITS_SUMMARY, markdown_problem

SITE_TIMEZONE = ZoneInfo("Europe/Amsterdam")
LANGUAGES: tuple[str, ...] = ("nl", "en")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80),
    Field(description="lowercase letters a-z, digits and single hyphens, e.g. 'biodiversiteit'"),
]
HOSTNAME_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
Hostname = Annotated[
    str,
    StringConstraints(pattern=HOSTNAME_PATTERN, max_length=253),
    Field(
        description="a domain name in lowercase, without https:// or a path, e.g. www.example.nl"
    ),
]
Url = Annotated[HttpUrl, Field(description="a full web address starting with https://")]
Email = Annotated[EmailStr, Field(description="an e-mail address such as info@example.nl")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def _renderable_quickly(text: str) -> str:
    """Refuse a body whose shape would make the Markdown renderer take minutes (issue 17)."""
    problem = markdown_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Markdown = Annotated[
    str,
    AfterValidator(_renderable_quickly),
    Field(
        description="text in Markdown: paragraphs, lists, tables, ## headings; " + LIMITS_SUMMARY
    ),
]


class Audience(StrEnum):
    """Who an event or community is meant for."""

    PO = "po"
    VO = "vo"
    PRAKTIJKONDERWIJS = "praktijkonderwijs"
    VMBO = "vmbo"
    MBO = "mbo"
    HBO = "hbo"
    WO = "wo"
    STUDENTS = "studenten"
    TEACHERS = "docenten"
    SCHOOL_LEADERS = "schoolleiders"
    COMPANIES = "bedrijven"
    POLICY_MAKERS = "beleidsmakers"


_MOMENT_HINT = "a date like 2022-05-12, or a date and time like 2022-05-12 14:00"
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_moment(value: Any) -> date | datetime:
    """Read a date (all-day) or a date and time; a time without offset is Dutch local time."""
    if isinstance(value, datetime):
        return _with_site_timezone(value)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected {_MOMENT_HINT}")
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return date.fromisoformat(text)
        return _with_site_timezone(datetime.fromisoformat(text.replace(" ", "T", 1)))
    except ValueError as error:
        if "out of range" in str(error) or "must be in" in str(error):
            raise ValueError(f"'{text}' is not a real calendar date or time") from None
        raise ValueError(f"expected {_MOMENT_HINT}, not '{text}'") from None


def _with_site_timezone(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_TIMEZONE)


def parse_day(value: Any) -> date:
    """Read a calendar date (no time)."""
    moment = parse_moment(value)
    if isinstance(moment, datetime):
        raise ValueError("expected a date without a time, like 2017-06-23")
    return moment


Moment = Annotated[
    date | datetime,
    PlainValidator(parse_moment),
    WithJsonSchema({"type": "string", "description": _MOMENT_HINT}),
]
Day = Annotated[
    date,
    PlainValidator(parse_day),
    WithJsonSchema({"type": "string", "format": "date", "description": "a date like 2017-06-23"}),
]


def refs(kind: str, description: str) -> Any:
    """A list of slugs that must name existing items in content/<kind>/."""
    return Field(
        default_factory=list, description=description, json_schema_extra={"refers_to": kind}
    )


def text_block(lang: str) -> Any:
    """The 'nl:' or 'en:' block of an item; leaving one out is a warning, not an error."""
    name = {"nl": "Dutch", "en": "English"}[lang]
    return Field(default=None, description=f"the {name} words: title, summary, body and more")


def ref(kind: str, description: str) -> Any:
    """An optional slug that must name an existing item in content/<kind>/."""
    return Field(default=None, description=description, json_schema_extra={"refers_to": kind})


class ContentModel(BaseModel):
    """Strict base: unknown fields are errors, so a typo such as 'tilte' never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Localized(ContentModel):
    """A short text written once per language."""

    nl: Line
    en: Line

    def get(self, lang: str) -> str:
        return str(getattr(self, lang))


class Text(ContentModel):
    """The words of an item in one language."""

    title: Line = Field(description="the title as visitors see it")
    summary: Line = Field(description="one or two sentences shown in lists and search results")
    body: Markdown = ""
    provisional: Line | None = Field(
        default=None,
        description="why some fact on this page is not final yet; shown as a notice on the page",
    )


class Item(ContentModel):
    """Any content item: facts once, words per language ('nl' and 'en' blocks)."""

    nl: Text | None = text_block("nl")
    en: Text | None = text_block("en")

    def text(self, lang: str) -> Text | None:
        value = getattr(self, lang, None)
        return value if isinstance(value, Text) else None

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if self.text(lang) is not None)


class Address(ContentModel):
    street: Line | None = None
    postcode: Annotated[str, StringConstraints(pattern=r"^\d{4} ?[A-Z]{2}$")] | None = Field(
        default=None, description="a Dutch postcode such as 2511 VE"
    )
    city: Line | None = None


class Figure(ContentModel):
    """A key figure: a number with a label in both languages."""

    value: int | float
    qualifier: Literal["exact", "more_than", "about", "average", "at_least"] = "exact"
    unit: Literal["", "percent", "euro"] = ""
    label: Localized
