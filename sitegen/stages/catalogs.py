"""Interface strings: each language's catalog (templates/i18n/<code>.yaml), its plural forms
checked against CLDR's rules, every key in every language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.model.problems import ContentError
from sitegen.model.raw import RawItem
from sitegen.stages.i18n import plural_categories, plural_key
from sitegen.stages.languages import catalog_problems


def validate_catalogs(
    raw: Mapping[str, RawItem],
    codes: tuple[str, ...],
    problems: list[ContentError],
    folder: str = "templates/i18n",
) -> dict[str, dict[str, str]]:
    """Interface strings: a 'key: text' file per language, all with the same keys; only the
    site's languages are read (the templates may hold catalogs for more).

    A text that shows a number is written as its plural forms instead: a mapping from CLDR's
    plural categories to texts ('one: {count} activiteit', 'other: {count} activiteiten'), with
    every category the language's plural rule has (from Babel), plural in every language or in
    none. The catalogs come back flat, a plural form under 'key#category' (see plural_key), so
    that every other stage reads a plain text by its key as before."""
    used = {code: raw[code] for code in codes if code in raw}
    catalogs = {
        lang: entries
        for lang, item in used.items()
        if (entries := _catalog_entries(lang, item, problems)) is not None
    }
    problems += catalog_problems(raw, codes, catalogs, folder)
    _check_plural_in_all_or_none(raw, catalogs, problems)
    return {lang: _flat(catalog) for lang, catalog in catalogs.items()}


CatalogEntry = str | dict[str, str]


def _catalog_entries(
    lang: str, item: RawItem, problems: list[ContentError]
) -> dict[str, CatalogEntry] | None:
    if not isinstance(item.data, dict):
        problems.append(ContentError(item.path, 1, "", "expected 'key: text' lines"))
        return None
    try:
        categories = plural_categories(lang)
    except ValueError:
        problems.append(
            ContentError(
                item.path, None, "", f"'{lang}' is not a language CLDR knows", _LANGUAGE_HINT
            )
        )
        return None
    entries: dict[str, CatalogEntry] = {}
    for key, value in item.data.items():
        if "#" in str(key):  # the flat catalog's mark of a plural form (plural_key)
            problems.append(ContentError(item.path, item.line_of((str(key),)), str(key), _HASH))
        elif isinstance(value, dict):
            entries[str(key)] = _plural_forms(item, str(key), value, categories, problems)
        else:
            entries[str(key)] = str(value)
    return entries


_HASH = "a key cannot contain '#'"
_LANGUAGE_HINT = "name the file after a language code, such as nl.yaml or en.yaml"


def _plural_forms(
    item: RawItem,
    key: str,
    forms: dict[Any, Any],
    categories: frozenset[str],
    problems: list[ContentError],
) -> dict[str, str]:
    """A plural entry's forms; every category the language lacks or has in excess reported."""
    known = ", ".join(sorted(categories))
    for category in sorted(categories - {str(c) for c in forms}):
        problems.append(
            ContentError(
                item.path,
                item.line_of((key,)),
                key,
                f"has no '{category}' form, which this language's plural rule needs (CLDR)",
                f"give the text for each of: {known}",
            )
        )
    for category in sorted({str(c) for c in forms} - categories):
        problems.append(
            ContentError(
                item.path,
                item.line_of((key, category)),
                f"{key}.{category}",
                "is not a plural category of this language (CLDR)",
                f"this language's plural forms are: {known}",
            )
        )
    return {str(category): str(text) for category, text in forms.items()}


def _check_plural_in_all_or_none(
    raw: Mapping[str, RawItem],
    catalogs: Mapping[str, dict[str, CatalogEntry]],
    problems: list[ContentError],
) -> None:
    """A text with plural forms in one language must have them in every other: the templates
    pass it a count, and a plain text would show the same words for 1 and for 5."""
    plural_in = {
        key: lang
        for lang, catalog in sorted(catalogs.items())
        for key, entry in catalog.items()
        if isinstance(entry, dict)
    }
    for lang, catalog in catalogs.items():
        for key, entry in sorted(catalog.items()):
            if isinstance(entry, str) and key in plural_in:
                problems.append(
                    ContentError(
                        raw[lang].path,
                        raw[lang].line_of((key,)),
                        key,
                        f"is a plain text here, but has plural forms in {plural_in[key]}.yaml",
                        "write its plural forms (one: ..., other: ...) as there",
                    )
                )


def _flat(catalog: Mapping[str, CatalogEntry]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, entry in catalog.items():
        if isinstance(entry, dict):
            flat.update({plural_key(key, category): text for category, text in entry.items()})
        else:
            flat[key] = entry
    return flat
