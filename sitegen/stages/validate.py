"""Stage 2, validate: turn each RawItem into its pydantic model, or into ContentErrors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from schemas import ContentTypes, Item, SiteSettings
from sitegen.model.entry import Entry, ModelMemory, ValidContent
from sitegen.model.introspect import (
    annotated_description,
    element_type,
    explain_field,
    holds_mapping,
    inner_model,
)
from sitegen.model.problems import ContentError, suggest
from sitegen.model.raw import RawContent, RawItem


def validate_content(
    raw: RawContent, types: ContentTypes, memory: ModelMemory | None = None
) -> tuple[ValidContent, list[ContentError]]:
    """Validate every item against its model; collect every problem instead of stopping.
    With a memory, a file whose text was validated before is not validated again."""
    problems: list[ContentError] = []
    site = _remembered(raw.site, SiteSettings, problems, memory) if raw.site else None
    entries: list[Entry] = []
    for item in raw.items:
        model = _remembered(item, types[item.kind].model, problems, memory)
        if isinstance(model, Item):
            entries.append(Entry(item.kind, item.slug, model, item))
    catalogs = validate_catalogs(raw.catalogs, problems)
    return ValidContent(site, catalogs, entries, raw.site), problems


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
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = f"'{detail['input']}' is not allowed here"
    if kind in ("model_type", "dict_type") and not location:
        message = "the file must hold fields ('name: value' lines), not a single value or a list"
    return ContentError(
        item.path, line, field, message, _own_hint(detail) or _describe(model, location)
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
    key_next = False  # the part after a dict field is one of its keys
    for part in location:
        if isinstance(part, int) or key_next:
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
    described = element if isinstance(location[-1], int) and element else explain_field(info)
    return f"expected {described}" if described else ""


def _known_fields(model: type[BaseModel], location: tuple[str | int, ...]) -> set[str]:
    current: type[BaseModel] | None = model
    key_next = False
    for part in location:
        if isinstance(part, int) or key_next:
            key_next = False
            continue
        if current is None or part not in current.model_fields:
            return set()
        key_next = holds_mapping(current.model_fields[part].annotation)
        current = inner_model(current.model_fields[part].annotation)
    return set(current.model_fields) if current else set()


def validate_catalogs(
    raw: Mapping[str, RawItem], problems: list[ContentError]
) -> dict[str, dict[str, str]]:
    """Interface strings: a flat 'key: text' file per language, all with the same keys."""
    catalogs: dict[str, dict[str, str]] = {}
    for lang, item in raw.items():
        if not isinstance(item.data, dict):
            problems.append(ContentError(item.path, 1, "", "expected 'key: text' lines"))
            continue
        catalogs[lang] = {str(key): str(value) for key, value in item.data.items()}
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
    return catalogs
