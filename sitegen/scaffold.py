"""`build.py new TYPE SLUG`: a valid skeleton item in both languages, generated from its model.

Every field of the model appears: required ones with a value that builds, optional ones as a
comment; each with the model's own description, so nothing about a field is written twice.
"""

from __future__ import annotations

import re
import sys
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from schemas import CONTENT_TYPES
from schemas.fields import LANGUAGES, SLUG_PATTERN, Text
from sitegen.introspect import choices, explain_field, inner_model, members
from sitegen.load import display_path

LANGUAGE_WORDS = {"nl": "Dutch", "en": "English"}
EXIT_OK, EXIT_USAGE = 0, 2


def create_item(content_dir: Path, kind: str, slug: str) -> int:
    """Write content/<kind>/<slug>.yaml unless it exists; say what to do next."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        print(
            f"'{slug}' cannot be a file name: use lowercase a-z, digits and hyphens",
            file=sys.stderr,
        )
        return EXIT_USAGE
    target = content_dir / kind / f"{slug}.yaml"
    if target.exists():
        print(f"{display_path(target)} already exists: choose another slug", file=sys.stderr)
        return EXIT_USAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(kind, date.today()), encoding="utf-8")
    print(f"created {display_path(target)}: fill it in, then run: python build.py check")
    return EXIT_OK


def skeleton(kind: str, today: date) -> str:
    """The YAML text of a new item of this kind that validates as it is."""
    model = CONTENT_TYPES[kind]
    lines = [
        f"# A new item in content/{kind}/. Lines starting with # explain a field;",
        "# remove the # before an optional field to use it.",
    ]
    for name, info in model.model_fields.items():
        if name not in LANGUAGES:
            lines += _field_lines(name, info, today)
    for lang in LANGUAGES:
        lines.append(f"{lang}:  # the {LANGUAGE_WORDS[lang]} text")
        text_model = inner_model(model.model_fields[lang].annotation) or Text
        for name, info in text_model.model_fields.items():
            lines += ["  " + line for line in _text_lines(name, info, lang)]
    return "\n".join(lines) + "\n"


def _field_lines(name: str, info: FieldInfo, today: date) -> list[str]:
    comment = f"# {_describe(info)}"
    if info.is_required():
        return [comment, f"{name}: {_placeholder(info.annotation, today)}"]
    return [comment, f"# {name}: {_example(info.annotation)}"]


def _text_lines(name: str, info: FieldInfo, lang: str) -> list[str]:
    words = LANGUAGE_WORDS[lang]
    if name == "title":
        return [f"# {_describe(info)}", f"title: New title in {words}"]
    if name == "summary":
        return [f"# {_describe(info)}", f"summary: One or two sentences in {words}."]
    if name == "body":
        return [f"# {_describe(info)}", "body: |", f"  The main text in {words}."]
    return [f"# {_describe(info)}", f"# {name}: {_example(info.annotation)}"]


def _describe(info: FieldInfo) -> str:
    required = "required" if info.is_required() else "optional"
    described = explain_field(info)
    return f"{required}: {described}" if described else required


def _placeholder(annotation: Any, today: date) -> str:
    kinds = members(annotation)
    if date in kinds or datetime in kinds:
        return today.isoformat()
    allowed = choices(annotation)
    return allowed[0] if allowed else "TODO"


def _example(annotation: Any) -> str:
    kinds = members(annotation)
    allowed = choices(annotation)
    if date in kinds or datetime in kinds:
        return "2030-05-12 14:00"
    if any(typing.get_origin(kind) is list for kind in kinds):
        return f"[{', '.join(allowed[:2])}]"
    if bool in kinds:
        return "false"
    if int in kinds:
        return "1"
    model = inner_model(annotation)
    if model is not None:
        return "{" + ", ".join(f"{name}: ..." for name in model.model_fields) + "}"
    return allowed[0] if allowed else "..."
