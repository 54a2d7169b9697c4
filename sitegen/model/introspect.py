"""Reading the models: what a field holds and how the model describes it.

The error hints (validate.py), the scaffolding (scaffold.py) and the field reference
(editor.py) all describe fields with these functions, from the models' own descriptions.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def members(annotation: Any) -> list[Any]:
    """The types a field may hold, without None and without Annotated wrappers."""
    if typing.get_origin(annotation) is typing.Annotated:
        return members(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for argument in typing.get_args(annotation) for m in members(argument)]
    return [] if annotation is type(None) else [annotation]


def element_type(annotation: Any) -> Any:
    """For list[X] (also inside Optional), X; for dict[K, X], X; otherwise the annotation."""
    for member in members(annotation):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
        if typing.get_origin(member) is dict:
            return typing.get_args(member)[1]
    return annotation


def holds_mapping(annotation: Any) -> bool:
    """Whether a field holds a dict: in a field's path, the part after it is a key."""
    return any(typing.get_origin(member) is dict for member in members(annotation))


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, optionally or in a list."""
    for member in members(element_type(annotation)):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def annotated_description(annotation: Any) -> str:
    """The description inside Annotated[..., Field(description=...)], also within Optional."""
    if typing.get_origin(annotation) is typing.Annotated:
        # the last one: Annotated[Slug, Field(...)] holds Slug's own description first
        for meta in reversed(annotation.__metadata__):
            if getattr(meta, "description", None):
                return str(meta.description)
    for argument in typing.get_args(annotation):
        if found := annotated_description(argument):
            return found
    return ""


def choices(annotation: Any) -> list[str]:
    """The allowed values of a Literal or an Enum field (or of its list elements)."""
    for member in members(element_type(annotation)):
        if typing.get_origin(member) is typing.Literal:
            return [str(value) for value in typing.get_args(member)]
        if isinstance(member, type) and issubclass(member, Enum):
            return [str(m.value) for m in member]
    return []


def refers_to(info: FieldInfo) -> str | None:
    """The content folder a reference field's slugs must come from."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    target = extra.get("refers_to")
    return target if isinstance(target, str) else None


def explain_field(info: FieldInfo) -> str:
    """'slugs of themes; slugs from content/themes/' or 'one of: a, b', from the model."""
    parts = [info.description or annotated_description(info.annotation)]
    if target := refers_to(info):
        parts.append(f"slugs from content/{target}/")
    if allowed := choices(info.annotation):
        parts.append(f"one of: {', '.join(allowed)}")
    return "; ".join(part for part in parts if part)
