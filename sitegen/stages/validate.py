"""Stage 2, validate: turn each RawItem into its pydantic model, or into ContentErrors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from schemas import CONTENT_TYPES, Item, SiteSettings
from sitegen.model.entry import Entry, ModelMemory, ValidContent
from sitegen.model.introspect import annotated_description, element_type, explain_field, inner_model
from sitegen.model.problems import ContentError, suggest
from sitegen.model.raw import RawContent, RawItem
from sitegen.stages.i18n import plural_categories, plural_key


def validate_content(
    raw: RawContent, memory: ModelMemory | None = None
) -> tuple[ValidContent, list[ContentError]]:
    """Validate every item against its model; collect every problem instead of stopping.
    With a memory, a file whose text was validated before is not validated again."""
    problems: list[ContentError] = []
    site = _remembered(raw.site, SiteSettings, problems, memory) if raw.site else None
    entries: list[Entry] = []
    invalid: set[tuple[str, str]] = set()
    for item in raw.items:
        model = _remembered(item, CONTENT_TYPES[item.kind], problems, memory)
        if isinstance(model, Item):
            entries.append(Entry(item.kind, item.slug, model, item))
        else:
            invalid.add((item.kind, item.slug))
    catalogs = validate_catalogs(raw.catalogs, problems)
    unusable = raw.unreadable | invalid
    return ValidContent(site, catalogs, entries, raw.site, frozenset(unusable)), problems


def _remembered(
    item: RawItem, model: type[BaseModel], problems: list[ContentError], memory: ModelMemory | None
) -> Any | None:
    if memory is None:
        return _validate_model(item, model, problems)
    key = (item.kind, item.digest)
    if key not in memory:
        validated = _validate_model(item, model, problems)
        if validated is None:
            return None
        memory[key] = validated
    return memory[key]


def _validate_model(
    item: RawItem, model: type[BaseModel], problems: list[ContentError]
) -> Any | None:
    try:
        return model.model_validate(item.data)
    except ValidationError as error:
        problems.extend(explain(item, model, detail) for detail in error.errors())
        return None


def explain(item: RawItem, model: type[BaseModel], detail: ErrorDetails) -> ContentError:
    """Say in an editor's words what is wrong with one field, where, and what to write."""
    kind = detail["type"]
    parts = tuple(detail["loc"])
    if kind == "extra_forbidden" and parts:
        # the last part is a key the editor wrote, even one that looks like a tag ('[', 'str')
        location = (*_without_union_tags(parts[:-1]), parts[-1])
    else:
        location = _without_union_tags(parts)
    field = ".".join(str(part) for part in location)
    line = item.line_of(location)
    if kind == "extra_forbidden":
        allowed = sorted(_known_fields(model, location[:-1]))
        close = suggest(str(location[-1]), allowed)
        hint = f"{close} " if close else ""
        return ContentError(
            item.path,
            line,
            field,
            "is not a known field",
            f"{hint}allowed here: {', '.join(allowed)}",
        )
    if kind == "missing":
        return ContentError(
            item.path, line, field, "is required but missing", _describe(model, location)
        )
    if kind == "string_type" and location in item.written:
        return _unquoted(item, line, location, detail["input"])
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = f"'{detail['input']}' is not allowed here"
    if kind in ("model_type", "dict_type") and not location:
        message = "the file must hold fields ('name: value' lines), not a single value or a list"
    hint = _own_hint(detail) or _describe(model, location)
    if kind in _TYPE_ADVICE:
        hint = f"{_TYPE_ADVICE[kind]}; {hint}" if hint else _TYPE_ADVICE[kind]
    return ContentError(item.path, line, field, message, hint)


# what to write for a value of the wrong type, before the field's own description
_TYPE_ADVICE = {
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "int_parsing": "write a whole number, such as 30, without quotes",
    "int_type": "write a whole number, such as 30, without quotes",
    "int_from_float": "write a whole number, such as 30",
}


def _unquoted(
    item: RawItem, line: int | None, location: tuple[str | int, ...], value: object
) -> ContentError:
    """Text written without quotes that YAML read as something else: +31703119717 a number."""
    field = ".".join(str(part) for part in location)
    if value is None:
        return ContentError(item.path, line, field, "is empty", "write the text after the colon")
    read_as = "yes/no" if isinstance(value, bool) else "a number"
    written = item.written[location]
    name = next((f"{part}: " for part in reversed(location) if isinstance(part, str)), "")
    if isinstance(location[-1], int):
        name = ""  # a list element: the quotes go round the element
    return ContentError(
        item.path,
        line,
        field,
        f"must be text, but {written} without quotes is read as {read_as}",
        f'write it in quotes: {name}"{written}"',
    )


def _own_hint(detail: ErrorDetails) -> str:
    """The hint a field's own check gave (a date the clocks skip: which times to write)."""
    hint = detail.get("ctx", {}).get("hint")
    return hint if isinstance(hint, str) else ""


def _without_union_tags(parts: tuple[str | int, ...]) -> tuple[str | int, ...]:
    return tuple(part for part in parts if not _is_union_tag(part))


def _is_union_tag(part: str | int) -> bool:
    # pydantic names the member of a union it tried ("function-plain[...]"); editors never wrote it
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "bool"))


def _describe(model: type[BaseModel], location: tuple[str | int, ...]) -> str:
    """'expected ...' from the model's own description of the field (or of its elements)."""
    info = None
    current: type[BaseModel] | None = model
    for part in location:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return ""
        info = current.model_fields[part]
        current = inner_model(info.annotation)
    if info is None:
        return ""
    element = annotated_description(element_type(info.annotation))
    described = element if isinstance(location[-1], int) and element else explain_field(info)
    return f"expected {described}" if described else ""


def _known_fields(model: type[BaseModel], location: tuple[str | int, ...]) -> set[str]:
    current: type[BaseModel] | None = model
    for part in location:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return set()
        current = inner_model(current.model_fields[part].annotation)
    return set(current.model_fields) if current else set()


def validate_catalogs(
    raw: Mapping[str, RawItem], problems: list[ContentError]
) -> dict[str, dict[str, str]]:
    """Interface strings: a 'key: text' file per language, all with the same keys.

    A text that shows a number is written as its plural forms instead: a mapping from CLDR's
    plural categories to texts ('one: {count} activiteit', 'other: {count} activiteiten'), with
    every category the language's plural rule has (from Babel), plural in every language or in
    none. The catalogs come back flat, a plural form under 'key#category' (see plural_key), so
    that every other stage reads a plain text by its key as before."""
    catalogs = {
        lang: entries
        for lang, item in raw.items()
        if (entries := _catalog_entries(lang, item, problems)) is not None
    }
    all_keys = set().union(*(set(c) for c in catalogs.values())) if catalogs else set()
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
