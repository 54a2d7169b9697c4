"""Field types and base models shared by every content type.

Every description written here is shown to editors: in error hints, in the JSON
Schemas for their editor and in the generated field reference.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import Annotated, Any, ClassVar, Literal, get_args

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
from pydantic_core import PydanticCustomError

# the clock is the fields' too: most modules take it from here, with the fields that use it
from schemas.clock import SITE_TIMEZONE as SITE_TIMEZONE
from schemas.clock import wall_clock as wall_clock
from schemas.markdown_limits import LIMITS_SUMMARY, markdown_problem
from schemas.markdown_syntax import image_line, image_problem

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


def _publishable(text: str) -> str:
    """Refuse a body whose shape would make the Markdown renderer take minutes (issue 17), or
    that holds what the site cannot publish yet (an image)."""
    if problem := markdown_problem(text):
        raise ValueError(problem)
    if problem := image_problem(text):  # text_line: validate.py names the line in the file
        raise PydanticCustomError("markdown_image", problem, {"text_line": image_line(text)})
    return text


Markdown = Annotated[
    str,
    AfterValidator(_publishable),
    Field(
        description="text in Markdown as on GitHub: paragraphs, lists, tables, ## headings,"
        " links, footnotes; no images (use the image: field); " + LIMITS_SUMMARY
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


# The only forms an editor writes (docs/en/editors-guide.md): a day, or a day and a Dutch time,
# with an offset only for a time given in another zone. Python's fromisoformat reads far more
# ("2030-W20-1", "20300512", "2030-05-12 14"), each silently a timed event at midnight.
_DAY = r"\d{4}-\d{2}-\d{2}"
_CLOCK_AND_OFFSET = r"(\d{2}:\d{2})([+-]\d{2}:\d{2})?"
_DAY_FORM = re.compile(_DAY)
_TIME_FORM = re.compile(f"({_DAY}) {_CLOCK_AND_OFFSET}")
MOMENT_PATTERN = f"^{_DAY}( {_CLOCK_AND_OFFSET})?$"
DAY_EXAMPLE = "2030-03-12"
MOMENT_FORMS = (
    f"a day like {DAY_EXAMPLE}, or a day and a Dutch time like {DAY_EXAMPLE} 14:00;"
    f" for a time in another zone add its offset: {DAY_EXAMPLE} 14:00+01:00"
)
# Every output (calendar time zones, feeds, Babel, the agenda's months) works on these years;
# a typo such as 9999 or 0001 would otherwise pass the check and break the build.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def parse_moment(value: Any) -> date | datetime:
    """Read a day (all-day) or a day and time; a time is Dutch time, and one written with
    another offset is turned into Dutch time, so every page and calendar shows the same."""
    if isinstance(value, datetime):
        return _dutch_time(value, value.isoformat(" ", "minutes"))
    if isinstance(value, date):
        return _within_years(value, value.isoformat())
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    if _DAY_FORM.fullmatch(text):
        return _within_years(_real_day(text), text)
    if found := _TIME_FORM.fullmatch(text):
        day, clock, offset = found.groups()
        _within_years(_real_day(day), text)
        try:
            written = datetime.fromisoformat(f"{day}T{clock}{offset or ''}")
        except ValueError:
            raise _problem(
                "moment_not_real", f"'{text}' is not a real calendar date or time"
            ) from None
        return _dutch_time(written, text)
    shown = text or repr(value)
    raise _problem(
        "moment_form",
        f"expected a date like {DAY_EXAMPLE} or a date and time like {DAY_EXAMPLE} 14:00,"
        f" not '{shown}'",
    )


def parse_day(value: Any) -> date:
    """Read a calendar date (no time)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return _within_years(value, value.isoformat())
    text = value.strip() if isinstance(value, str) else ""
    if _DAY_FORM.fullmatch(text):
        return _within_years(_real_day(text), text)
    hint = f"write a date like {DAY_EXAMPLE}"
    if isinstance(value, datetime) or _TIME_FORM.fullmatch(text):
        raise _problem("day_with_time", f"expected a date without a time, like {DAY_EXAMPLE}", hint)
    raise _problem("day_form", f"expected a date like {DAY_EXAMPLE}, not '{text or value!r}'", hint)


def _real_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _problem("moment_not_real", f"'{text}' is not a real calendar date or time") from None


def _within_years(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise _problem(
            "moment_out_of_range",
            f"'{text}' lies outside the years the site can show, {EARLIEST} to {LATEST}",
            "check the year: dates from 1900 to 2200 are allowed",
        )
    return day


def _dutch_time(moment: datetime, text: str) -> datetime:
    _within_years(moment.date(), text)
    if moment.tzinfo is None:
        moment = _existing_dutch_time(moment)
    dutch = moment.astimezone(UTC).astimezone(SITE_TIMEZONE)
    _within_years(dutch.date(), text)
    return dutch


def _existing_dutch_time(wall: datetime) -> datetime:
    """wall as Dutch time; a time skipped when the clocks go forward is refused. A time that
    happens twice (autumn) is the first; see doubled_time for the warning."""
    first = wall.replace(tzinfo=SITE_TIMEZONE)
    second = wall.replace(tzinfo=SITE_TIMEZONE, fold=1)
    if first.utcoffset() == second.utcoffset() or wall_clock(first) == wall:
        return first
    jump_from, jump_to = clock_change(first, second)
    step = jump_to - jump_from
    day, clock = wall.date().isoformat(), f"{wall:%H:%M}"
    raise _problem(
        "moment_skipped",
        f"{day} {clock} does not exist in Dutch time: the clocks skip it",
        f"on {day} the clocks go from {jump_from:%H:%M} to {jump_to:%H:%M}:"
        f" {clock} is never shown on a Dutch clock; write {wall + step:%H:%M}"
        f" or {wall - step:%H:%M}",
    )


def clock_change(first: datetime, second: datetime) -> tuple[datetime, datetime]:
    """What a Dutch clock shows just before and just after the change between the two readings
    of one wall time (fold 0 and fold 1): 02:00 and 03:00 in spring, 03:00 and 02:00 in autumn."""
    early, late = sorted(moment.astimezone(UTC) for moment in (first, second))
    before = _dutch_offset(early)
    while late - early > timedelta(seconds=1):  # the change lies after early, at or before late
        middle = early + (late - early) / 2
        early, late = (middle, late) if _dutch_offset(middle) == before else (early, middle)
    instant = late.replace(tzinfo=None)
    return instant + before, instant + _dutch_offset(late)


def _dutch_offset(instant: datetime) -> timedelta:
    offset = instant.astimezone(SITE_TIMEZONE).utcoffset()
    assert offset is not None
    return offset


@lru_cache(maxsize=2**16)  # each rebuild of the preview asks again for every event's times
def doubled_time(written: str) -> tuple[str, str] | None:
    """(message, hint) when a Dutch time without offset happens twice, as the clocks go back."""
    found = _TIME_FORM.fullmatch(written.strip())
    if not found or found[3]:
        return None
    try:
        wall = datetime.fromisoformat(f"{found[1]}T{found[2]}")
    except ValueError:
        return None
    first = wall.replace(tzinfo=SITE_TIMEZONE)
    second = wall.replace(tzinfo=SITE_TIMEZONE, fold=1)
    if first.utcoffset() == second.utcoffset() or wall_clock(second) != wall:
        return None
    jump_from, jump_to = clock_change(first, second)
    moment, taken, other = f"{found[1]} {found[2]}", _offset(first), _offset(second)
    return (
        f"{moment} happens twice in Dutch time (the clocks go back from {jump_from:%H:%M} to"
        f" {jump_to:%H:%M}): the first (summer time, {taken}) is taken",
        f"write {moment}{other} for the second (winter time), or {moment}{taken} to keep the"
        " first without this warning",
    )


def _offset(moment: datetime) -> str:
    """'+02:00' for summer time."""
    return moment.isoformat(timespec="minutes")[-6:]


def _problem(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    """A validation error with its own hint (validate.py shows it instead of the field's)."""
    return PydanticCustomError(kind, message, {"hint": hint or f"write {MOMENT_FORMS}"})


Moment = Annotated[
    date | datetime,
    PlainValidator(parse_moment),
    WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN, "description": MOMENT_FORMS}),
]
Day = Annotated[
    date,
    PlainValidator(parse_day),
    WithJsonSchema(
        {"type": "string", "format": "date", "description": f"a date like {DAY_EXAMPLE}"}
    ),
]


def refs(kind: str, description: str) -> Any:
    """A list of slugs that must name existing items in content/<kind>/."""
    return Field(
        default_factory=list, description=description, json_schema_extra={"refers_to": kind}
    )


def ref(kind: str, description: str) -> Any:
    """An optional slug that must name an existing item in content/<kind>/."""
    return Field(default=None, description=description, json_schema_extra={"refers_to": kind})


class ContentModel(BaseModel):
    """Strict base: unknown fields are errors, so a typo such as 'tilte' never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ByLanguage(ContentModel):
    """A value written once per language of the site (see content/site.yaml `languages:`).

    Declared without those fields: schemas.languages.for_languages adds one per language."""

    value_type: ClassVar[Any] = None
    value_description: ClassVar[str] = "{language}"

    def get(self, lang: str) -> Any:
        return getattr(self, lang)

    def __getitem__(self, lang: str) -> Any:  # settings.menus[page.lang] in the templates
        return getattr(self, lang)


class Localized(ByLanguage):
    """A short text written once per language."""

    value_type = Line
    value_description = "the text in {language}"

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


class Words(ContentModel):
    """A model with words per language (an 'nl:', 'en:', ... block each).

    words_model is the model of those blocks; schemas.languages.for_languages adds a block per
    language of the site. Leaving one out is a warning, not an error."""

    words_model: ClassVar[type[Text]] = Text

    def text(self, lang: str) -> Text | None:
        value = getattr(self, lang, None)
        return value if isinstance(value, Text) else None

    def languages(self) -> tuple[str, ...]:
        """The languages this item has words in, in the site's order."""
        return tuple(
            name for name in _text_fields(type(self)) if isinstance(getattr(self, name), Text)
        )


@cache  # per model: every build asks each item (the link stage, twice per page planned)
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of model that may hold a Text (a language's block), in their order."""
    return tuple(name for name, info in model.model_fields.items() if _may_be_text(info.annotation))


def _may_be_text(annotation: object) -> bool:
    """Whether a value of this annotation may be a Text; True when it cannot be told."""
    if annotation is None or annotation is type(None):
        return False
    if isinstance(annotation, type):
        return issubclass(annotation, Text)
    if args := get_args(annotation):
        return any(_may_be_text(arg) for arg in args)
    return True  # Any, a forward reference, a type variable, Annotated's metadata


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
