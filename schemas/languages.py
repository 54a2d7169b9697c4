"""The languages a site is published in, declared once in content/site.yaml (`languages:`).

A model whose fields are one per language is written here without those fields: a `ByLanguage`
model names the type of its value (a short text, a menu), an `Item` names its words model (the
`nl:`/`en:` blocks). `for_languages(model, codes)` makes the model validation uses for the
site's languages, with a field per declared language, and every model inside it likewise.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, Field, StringConstraints, create_model
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from schemas.fields import ByLanguage, ContentModel, Line, Slug

# A section word is the first folder of an address (/agenda/, /en/events/), so it obeys the
# rules of a slug: no '/', '.', spaces or markup can turn it into another place or a link away.
SectionWord = Annotated[
    Slug,
    Field(description="lowercase letters a-z, digits and single hyphens, e.g. 'agenda'"),
]


SEARCH_SECTION = "search"  # the search page's word, beside the sections' words


def language_name(code: str, in_language: str = "en") -> str:
    """A language's name in another language, from CLDR: 'de' -> 'German'."""
    try:
        return str(Locale.parse(code).get_display_name(in_language) or code)
    except (ValueError, UnknownLocaleError):
        return code


def _known_language(code: str) -> str:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise PydanticCustomError(
            "unknown_language",
            "'{code}' is not a language code CLDR knows",
            {"code": code, "hint": "write a two-letter ISO 639 code such as nl, en, de or fy"},
        ) from None
    return code


def _known_locale(name: str) -> str:
    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        raise PydanticCustomError(
            "unknown_locale",
            "'{name}' is not a locale CLDR knows",
            {"name": name, "hint": "write a CLDR locale such as nl_NL, en_GB, de_DE or fy_NL"},
        ) from None
    return name


LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}$"),
    AfterValidator(_known_language),
    Field(description="the language's ISO 639 code in lowercase letters, e.g. nl, en, de"),
]
LocaleName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$"),
    AfterValidator(_known_locale),
    Field(
        description="the CLDR locale its dates and numbers are written in, e.g. nl_NL, or en_GB"
        " for English with the day before the month"
    ),
]
Prefix = Annotated[
    str,
    StringConstraints(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$", max_length=80),
    Field(
        description="the folder its pages are published in, e.g. en for /en/; empty ('') for"
        " the first language, whose pages are at the site's root"
    ),
]


# The words of the sections and of the agenda's filters, by key: the content types with a list
# page (and search), and the agenda's facets, come from the site's content types
# (schemas/content_type.py); sitegen/stages/declared.py checks at start-up that each has its
# word in every language, so that a new type needs no change here.
SectionWords = dict[Slug, SectionWord]


class Language(ContentModel):
    """A language the site is published in. The first one is the default language."""

    code: LanguageCode
    locale: LocaleName
    name: Line = Field(
        description="its name in itself, as the language switcher shows it: Nederlands, English"
    )
    prefix: Prefix
    sections: SectionWords = Field(
        description="the first folder of each section's addresses in this language, e.g."
        " events: agenda; one for each content type with a list page, and search"
    )
    filter_words: SectionWords = Field(
        description="the words in the addresses of the agenda's filter pages, such as"
        " themes: thema for /agenda/thema/water/"
    )
    page_word: SectionWord = Field(
        description="the word before the number of a long list's next pages: /nieuws/pagina/2/"
    )

    def section(self, key: str) -> str:
        return self.sections[key]

    def filter_word(self, facet: str) -> str:
        return self.filter_words[facet]


def languages_field() -> Any:
    return Field(
        min_length=1,
        description="the languages the site is published in, in order: the first is published"
        " at the site's root, every other one under its prefix",
    )


class DeclaredLanguages(BaseModel):
    """Only the `languages:` of site.yaml, read before the rest (whose fields depend on it)."""

    languages: list[Language] = languages_field()


@cache
def for_languages(model: type[BaseModel], codes: tuple[str, ...]) -> type[BaseModel]:
    """model with a field per language in codes wherever it holds words per language: its own
    fields if it is a ByLanguage, its text blocks if it has a words model, and inside every model
    it holds. Made once per model and tuple of languages."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _for_languages_in(info.annotation, codes)
        if annotation is not info.annotation:
            fields[name] = (annotation, _with_annotation(info, annotation))
    if isinstance(model, type) and issubclass(model, ByLanguage):
        value_type = _for_languages_in(model.value_type, codes)
        for code in codes:
            described = model.value_description.format(language=language_name(code))
            fields[code] = (value_type, Field(description=described))
    words = getattr(model, "words_model", None)
    if isinstance(words, type) and issubclass(words, BaseModel):
        block = for_languages(words, codes)
        for code in codes:
            described = f"the {language_name(code)} words: title, summary, body and more"
            fields[code] = (block | None, Field(default=None, description=described))
    if not fields:
        return model
    made = create_model(
        model.__name__, __base__=model, __module__=model.__module__, __doc__=model.__doc__,
        **fields,
    )  # fmt: skip
    if issubclass(model, ByLanguage) or words is not None:
        _LANGUAGE_FIELDS[made] = codes
    _MADE_FROM[made] = (model, codes)
    return made


_LANGUAGE_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}
_MADE_FROM: dict[type[BaseModel], tuple[type[BaseModel], tuple[str, ...]]] = {}


def made_from(model: type[BaseModel]) -> tuple[type[BaseModel], tuple[str, ...]] | None:
    """The model and languages for_languages made model from; None for a model declared in
    code. (A made model has no name pickle can find: the build's store in .cache/ names it by
    these, sitegen/reuse/store.py.)"""
    return _MADE_FROM.get(model)


def language_fields(model: type[BaseModel] | None) -> tuple[str, ...]:
    """The fields of a model made by for_languages that are one per language; () for others."""
    return _LANGUAGE_FIELDS.get(model, ()) if model is not None else ()


def _for_languages_in(annotation: Any, codes: tuple[str, ...]) -> Any:
    """The annotation with every model in it made for the languages: list[Figure], X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return for_languages(annotation, codes)
    origin, arguments = get_origin(annotation), get_args(annotation)
    if not arguments or origin is None:
        return annotation
    if origin is Annotated:
        inner = _for_languages_in(arguments[0], codes)
        return annotation if inner is arguments[0] else Annotated[(inner, *annotation.__metadata__)]
    changed = tuple(_for_languages_in(argument, codes) for argument in arguments)
    if all(new is old for new, old in zip(changed, arguments, strict=True)):
        return annotation
    if origin is list:
        return list[changed[0]]  # type: ignore[valid-type]
    return Union[changed]  # noqa: UP007 (a union made from a tuple of types)


def _with_annotation(info: FieldInfo, annotation: Any) -> FieldInfo:
    """A copy of a field's declaration (default, description, metadata) for a new type."""
    copied = FieldInfo.merge_field_infos(info)
    copied.annotation = annotation
    return copied
