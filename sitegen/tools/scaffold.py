"""`build.py new TYPE SLUG`: a valid skeleton item in every language of the site, generated
from its model (made for the languages content/site.yaml declares).

Every field of the model appears: required ones with a value that builds, optional ones as a
comment; each with the model's own description, so nothing about a field is written twice.
"""

from __future__ import annotations

import os
import sys
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from schemas import CONTENT_TYPES
from schemas.fields import Slug, Text
from schemas.languages import for_languages, language_name
from sitegen.model.introspect import (
    annotated_description,
    choices,
    explain_field,
    inner_model,
    members,
)
from sitegen.stages.load import display_path
from sitegen.stages.validate import site_languages

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def create_item(content_dir: Path, kind: str, slug: str) -> int:
    """Write content/<kind>/<slug>.yaml unless it exists; say what to do next."""
    if (refusal := slug_refusal(slug)) is not None:
        print(refusal, file=sys.stderr)
        return EXIT_USAGE
    languages, problems = site_languages(content_dir)
    if not languages:  # the blocks to write are the site's languages
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_CONTENT
    codes = tuple(language.code for language in languages)
    target = content_dir / kind / f"{slug}.yaml"
    try:
        _write_new_file(content_dir, target, skeleton(kind, date.today(), codes))
    except NewFileRefused as refused:
        print(f"{display_path(target)}: {refused}", file=sys.stderr)
        return EXIT_USAGE
    print(f"created {display_path(target)}: fill it in, then run: python build.py check")
    return EXIT_OK


_SLUG = TypeAdapter(Slug)  # the model's own rules for a slug, so that every item can refer to it


def slug_refusal(slug: str) -> str | None:
    """Why a slug cannot name a new item, in the editor's words; None when it can."""
    try:
        _SLUG.validate_python(slug)
    except ValidationError as error:
        detail = error.errors()[0]
        shown = slug if len(slug) <= 40 else f"{slug[:40]}..."
        if detail["type"] == "string_too_long":
            limit = detail.get("ctx", {}).get("max_length")
            return f"the slug '{shown}' is {len(slug)} characters long; at most {limit} can be used"
        return f"'{shown}' cannot be a file name: use {annotated_description(Slug)}"
    return None


class NewFileRefused(Exception):
    """The new file cannot be written where it was asked for; the message says why."""


# O_EXCL: never over an existing file, nor through a link (even one to nowhere), and
# O_NOFOLLOW where the system has it, so a link put there meanwhile is not followed either
_NEW_FILE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def _write_new_file(content_dir: Path, target: Path, text: str) -> None:
    """Create target with text, only as a new file inside the content folder."""
    if os.path.lexists(target):
        raise NewFileRefused(_existing(target))
    if os.path.islink(target.parent) and not target.parent.exists():
        link = os.readlink(target.parent)
        raise NewFileRefused(f"its folder is a link to {link}, which does not exist")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NewFileRefused(f"its folder cannot be made: {error.strerror}") from None
    folder = target.parent.resolve()
    root = content_dir.resolve()
    if not folder.is_relative_to(root):
        raise NewFileRefused(f"its folder lies at {folder}, outside the content folder {root}")
    try:
        descriptor = os.open(folder / target.name, _NEW_FILE_FLAGS, 0o666)
    except FileExistsError:
        raise NewFileRefused(_existing(target)) from None
    except OSError as error:
        raise NewFileRefused(f"it cannot be created: {error.strerror}") from None
    _fill(descriptor, folder / target.name, text)


def _fill(descriptor: int, path: Path, text: str) -> None:
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        path.unlink(missing_ok=True)  # the half-written file is this command's own
        raise NewFileRefused(f"it could not be written: {error.strerror}") from None


def _existing(target: Path) -> str:
    if os.path.islink(target):
        return f"already exists, as a link to {os.readlink(target)}: choose another slug"
    return "already exists: choose another slug"


def skeleton(kind: str, today: date, codes: tuple[str, ...]) -> str:
    """The YAML text of a new item of this kind, with a block per language, that validates
    as it is."""
    model = for_languages(CONTENT_TYPES.model(kind), codes)
    lines = [
        f"# A new item in content/{kind}/. Lines starting with # explain a field;",
        "# remove the # before an optional field to use it.",
    ]
    for name, info in model.model_fields.items():
        if name not in codes:
            lines += _field_lines(name, info, today)
    for lang in codes:
        lines.append(f"{lang}:  # the {language_name(lang)} text")
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
    words = language_name(lang)
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
