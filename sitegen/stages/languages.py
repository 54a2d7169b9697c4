"""The site's languages, checked before anything else is validated against them.

The list in site.yaml (`languages:`) must name each language and each folder once, the first
at the site's root; every language needs its catalog of interface words, with the same keys
as the others. Each mistake names the file and line to change, and what to write there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from babel import Locale
from babel.core import get_global

from schemas.languages import Language, language_name
from sitegen.model.problems import ContentError
from sitegen.model.raw import RawItem


def language_list_problems(site: RawItem, languages: list[Language]) -> list[ContentError]:
    """Codes and prefixes said twice, a locale of another language, a default language with
    a folder or another language without one."""
    return [
        *_twice(site, languages, "code", "language"),
        *_twice(site, languages, "prefix", "folder"),
        *_locale_problems(site, languages),
        *_prefix_problems(site, languages),
    ]


def _error(site: RawItem, index: int, name: str, message: str, hint: str) -> ContentError:
    location = ("languages", index, name)
    field = ".".join(map(str, location))
    return ContentError(site.path, site.line_of(location), field, message, hint)


def _twice(
    site: RawItem, languages: list[Language], name: str, what: str
) -> Iterator[ContentError]:
    first_at: dict[str, int] = {}
    for index, language in enumerate(languages):
        value = getattr(language, name)
        if value not in first_at:
            first_at[value] = index
            continue
        earlier = site.line_of(("languages", first_at[value], name))
        yield _error(
            site, index, name, f"the {what} '{value}' is already declared",
            f"by languages.{first_at[value]} (line {earlier}): each language has its own",
        )  # fmt: skip


def _locale_problems(site: RawItem, languages: list[Language]) -> Iterator[ContentError]:
    for index, language in enumerate(languages):
        spoken = Locale.parse(language.locale).language
        if spoken != language.code:
            yield _error(
                site, index, "locale",
                f"the locale {language.locale} writes {language_name(spoken)}, not"
                f" {language_name(language.code)}",
                f"write a locale of '{language.code}', such as {_likely_locale(language.code)}",
            )  # fmt: skip


def _likely_locale(code: str) -> str:
    """The locale CLDR finds most likely for a language: 'de' -> 'de_DE'."""
    likely = str(get_global("likely_subtags").get(code, code))
    parsed = Locale.parse(likely)
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language


def _prefix_problems(site: RawItem, languages: list[Language]) -> Iterator[ContentError]:
    for index, language in enumerate(languages):
        if index == 0 and language.prefix:
            yield _error(
                site, 0, "prefix",
                "the first language is the default: its pages are at the site's root",
                "write prefix: \"\" for it (the other languages get a folder)",
            )  # fmt: skip
        elif index > 0 and not language.prefix:
            yield _error(
                site, index, "prefix",
                "only the first language is published at the site's root",
                f"give {language_name(language.code)} a folder of its own, e.g. prefix:"
                f" {language.code}",
            )  # fmt: skip


def catalog_problems(
    raw: Mapping[str, RawItem],
    codes: tuple[str, ...],
    catalogs: Mapping[str, Mapping[str, object]],
    folder: str,
) -> list[ContentError]:
    """A language without its catalog, and every key one catalog has and another lacks."""
    problems: list[ContentError] = []
    model = next((f"{folder}/{code}.yaml" for code in codes if code in raw), None)
    for code in codes:
        if code not in raw:
            copy = f"a copy of {model} " if model else ""
            problems.append(
                ContentError(
                    f"{folder}/{code}.yaml",
                    None,
                    "",
                    f"the site is published in {language_name(code)} ('{code}' in site.yaml),"
                    " but there is no catalog of its interface words",
                    f"add {folder}/{code}.yaml: {copy}with each text in {language_name(code)}",
                )
            )
    all_keys = set().union(*(set(catalog) for catalog in catalogs.values()))
    for lang, catalog in catalogs.items():
        for key in sorted(all_keys - set(catalog)):
            problems.append(
                ContentError(
                    raw[lang].path,
                    None,
                    key,
                    "has no translation in this language",
                    "add the key with the text in this language",
                )
            )
    return problems
