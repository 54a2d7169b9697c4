"""Stage 2, validate: turn each RawItem into its pydantic model, or into ContentErrors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from schemas import ContentTypes, Item, SiteSettings
from schemas.languages import (
    DeclaredLanguages,
    Language,
    for_languages,
    language_fields,
    language_name,
)
from sitegen.model.entry import Entry, EntryMemory, ModelMemory, ValidContent
from sitegen.model.introspect import (
    annotated_description,
    element_type,
    explain_field,
    holds_mapping,
    inner_model,
)
from sitegen.model.problems import ContentError, errors_only, suggest
from sitegen.model.raw import FieldPath, RawContent, RawItem
from sitegen.stages.catalogs import validate_catalogs
from sitegen.stages.languages import language_list_problems
from sitegen.stages.load import load_site_settings


def validate_content(
    raw: RawContent,
    types: ContentTypes,
    memory: ModelMemory | None = None,
    entries_before: EntryMemory | None = None,
) -> tuple[ValidContent, list[ContentError]]:
    """Validate every item against its model; collect every problem instead of stopping.
    With a memory, a file whose text was validated before is not validated again; with
    entries_before (the last build's, updated to this one's), an item whose file and model
    are the ones read before keeps its Entry, with what was derived from it.

    The site's languages come first: every model's per-language fields are made from them.
    Without a valid list of languages there is nothing to check the rest against."""
    problems: list[ContentError] = []
    languages = declared_languages(raw.site, problems)
    codes = tuple(language.code for language in languages)
    site_model = for_languages(SiteSettings, codes)
    site = _remembered(raw.site, site_model, codes, problems, memory) if codes else None
    entries: list[Entry] = []
    invalid: set[tuple[str, str]] = set()
    for item in raw.items if codes else ():
        model = for_languages(types.model(item.kind), codes)
        valid = _remembered(item, model, codes, problems, memory)
        if isinstance(valid, Item):
            entries.append(_entry(item, valid, entries_before))
        else:
            invalid.add((item.kind, item.slug))
    catalog_errors: list[ContentError] = []
    catalogs = validate_catalogs(raw.catalogs, codes, catalog_errors, raw.catalog_folder)
    problems += catalog_errors
    if errors_only(catalog_errors):
        site = None  # its pages cannot be planned without their words: the items are still checked
    unusable = frozenset(raw.unreadable | invalid)
    if entries_before is not None:
        entries_before.clear()
        entries_before.update(((entry.kind, entry.slug), entry) for entry in entries)
    return ValidContent(site, catalogs, entries, raw.site, unusable), problems


def _entry(item: RawItem, model: Item, entries_before: EntryMemory | None) -> Entry:
    before = entries_before.get((item.kind, item.slug)) if entries_before is not None else None
    if before is not None and before.source is item and before.model is model:
        return before
    return Entry(item.kind, item.slug, model, item)


def site_languages(content_dir: Path) -> tuple[tuple[Language, ...], list[ContentError]]:
    """The languages content_dir/site.yaml declares, for the tools (new, schema); () and the
    problems when they cannot be read."""
    site, problems = load_site_settings(content_dir)
    if site is None and not problems:
        problems.append(ContentError(f"{content_dir}/site.yaml", None, "", "is missing"))
    return declared_languages(site, problems), problems


def declared_languages(site: RawItem | None, problems: list[ContentError]) -> tuple[Language, ...]:
    """The languages: block of site.yaml, checked on its own; () when it has errors."""
    if site is None:
        return ()
    found: list[ContentError] = []
    if isinstance(site.data, dict) and "languages" not in site.data and "sections" in site.data:
        problems.append(_sections_moved(site))
        return ()
    if isinstance(site.data, dict):
        written = {key: site.data[key] for key in ("languages",) if key in site.data}
        site = replace(site, data=written)
    declared = _validate_model(site, DeclaredLanguages, found)  # not a mapping: says so
    if isinstance(declared, DeclaredLanguages):
        found += language_list_problems(site, declared.languages)
    problems += found
    return () if errors_only(found) or declared is None else tuple(declared.languages)


def _sections_moved(site: RawItem) -> ContentError:
    """A site.yaml written before languages were data: its sections: block names the words."""
    return ContentError(
        site.path,
        site.line_of(("sections",)),
        "sections",
        "the section words now belong to each language, in a languages: list",
        "move them into languages: with each language's code, locale, name, prefix, filter_words"
        " and page_word (see the README, 'Adding a language', and content/site.yaml)",
    )


def _remembered(
    item: RawItem | None,
    model: type[BaseModel],
    codes: tuple[str, ...],
    problems: list[ContentError],
    memory: ModelMemory | None,
) -> Any | None:
    if item is None:
        return None
    if memory is None:
        return _validate_model(item, model, problems)
    key = (item.kind, item.digest, *codes)
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
    line = _line_in_text(item, location, detail) or item.line_of(location)
    if kind == "extra_forbidden" and (codes := _languages_instead(model, location)):
        return ContentError(
            item.path,
            line,
            field,
            f"'{location[-1]}' is not one of the site's languages",
            f"write one of {', '.join(codes)}, or add the language to languages: in"
            " content/site.yaml (see the README, 'Adding a language')",
        )
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


def _line_in_text(item: RawItem, location: FieldPath, detail: ErrorDetails) -> int | None:
    """The line in the file of a problem a text's check found on one line of it (an image in a
    body), when the text is a literal block (`body: |`), whose lines are the file's."""
    text_line = detail.get("ctx", {}).get("text_line")
    start = item.text_starts.get(location)
    if not isinstance(text_line, int) or start is None:
        return None
    written = _value_at(item.data, location)
    stripped = written[: len(written) - len(written.lstrip())] if isinstance(written, str) else ""
    return start + stripped.count("\n") + text_line - 1  # the model checks the text stripped


def _value_at(data: object, location: FieldPath) -> object:
    for part in location:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


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
    key_next = False  # the part after a dict field is one of its keys
    at_element = False  # the location ends at an element of a list or a value of a dict
    for part in location:
        at_element = isinstance(part, int) or key_next
        if at_element:
            key_next = False
            continue
        if current is None or part not in current.model_fields:
            return ""
        info = current.model_fields[part]
        key_next = holds_mapping(info.annotation)
        current = inner_model(info.annotation)
    if info is None:
        return ""
    element = annotated_description(element_type(info.annotation))
    described = element if at_element and element else explain_field(info)
    return f"expected {described}" if described else ""


def _known_fields(model: type[BaseModel], location: tuple[str | int, ...]) -> set[str]:
    current = _model_at(model, location)
    return set(current.model_fields) if current else set()


def _model_at(model: type[BaseModel], location: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    key_next = False
    for part in location:
        if isinstance(part, int) or key_next:
            key_next = False
            continue
        if current is None or part not in current.model_fields:
            return None
        key_next = holds_mapping(current.model_fields[part].annotation)
        current = inner_model(current.model_fields[part].annotation)
    return current


def _languages_instead(model: type[BaseModel], location: tuple[str | int, ...]) -> tuple[str, ...]:
    """The site's languages, when an unknown key looks like a language code in a place that
    holds one entry per language (an item's text blocks, a name or a menu per language)."""
    key = location[-1]
    if not isinstance(key, str) or language_name(key) == key:  # CLDR knows no such language
        return ()
    return language_fields(_model_at(model, location[:-1]))
