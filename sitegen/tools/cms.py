"""The Decap CMS configuration (editor/cms/config.json), generated from the models by
`build.py schema`, never written by hand.

One collection per content type (its folder, the file name as the slug, its fields); each
field's widget from the field's kind, its hint from the model's description, required where the
model requires it and a pattern where the model has one. The language blocks (`nl:`, `en:`)
stay as our files have them: one object per language, labelled with the language's own name.

The key order of the fields is the order new files are written in (editor/cms/admin.js keeps
the order of an existing file): a type's own facts, then the publication fields, then the
language blocks; in a block, the Markdown body last, as the shipped files have it.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schemas import CONTENT_TYPES, ContentType, Item
from schemas.fields import Markdown
from schemas.images import IMAGE_PATH_PATTERN
from schemas.languages import for_languages, language_fields, language_name
from sitegen.model.introspect import choices, element_type, explain_field, inner_model, refers_to
from sitegen.pipeline import PROJECT_ROOT

CMS_FOLDER = Path("editor") / "cms"
CMS_CONFIG = CMS_FOLDER / "config.json"
# the name editor/cms/admin.js registers its YAML reader and writer under (Decap's own
# rewrites every file in its own style: folded lines, quoted dates)
FORMAT = "sitegen-yaml"
MEDIA_FOLDER = "content/media"  # images: the image field holds a path relative to content/
# Decap's own check of an e-mail address or a web address, looser than the model's, which
# `check` and the preview apply; the field's hint says what the model wants
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
_MARKDOWN_CHECK = typing.get_args(Markdown)[1]  # the AfterValidator every Markdown field has
# Toolbar of the Markdown widget: what the site renders. No image button and no editor
# components (an image in a body is refused: the image: field takes it).
MARKDOWN_BUTTONS = [
    "bold",
    "italic",
    "code",
    "link",
    "heading-two",
    "heading-three",
    "quote",
    "bulleted-list",
    "numbered-list",
]


def cms_files(codes: tuple[str, ...]) -> dict[Path, str]:
    """The generated files of the CMS, relative to the project root, with their text."""
    text = json.dumps(cms_config(codes), indent=2, ensure_ascii=False) + "\n"
    return {CMS_CONFIG: text}


def cms_config(codes: tuple[str, ...]) -> dict[str, Any]:
    """Decap's configuration for a site in the languages codes (without the production
    backend's repository, which editor/cms/backend.json names)."""
    return {
        # ours, read and removed by admin.js before Decap reads the rest
        "sitegen_languages": list(codes),
        "sitegen_format": FORMAT,
        "locale": codes[0],
        "backend": {"name": "github", "branch": "main", "squash_merges": True},
        # each change a pull request, checked by CI before it is merged and published
        "publish_mode": "editorial_workflow",
        "load_config_file": False,
        # an uploaded image goes to content/media/; the field holds media/<name>, relative to
        # content/, as the model's image path is
        "media_folder": MEDIA_FOLDER,
        "public_folder": PurePosixPath(MEDIA_FOLDER).name,
        # the file name is the slug: lowercase letters, digits and hyphens (schemas/fields.py)
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            collection(declared, codes, collection_label(declared.name, codes[0]))
            for declared in CONTENT_TYPES
        ],
    }


def collection_label(name: str, code: str) -> str:
    """A content type's name as the site's first language calls it: its section's title in
    that language's catalog (the CMS speaks the editors' language: 'Agenda', not 'Events')."""
    catalog_file = PROJECT_ROOT / "templates" / "i18n" / f"{code}.yaml"
    catalog = (
        yaml.safe_load(catalog_file.read_text(encoding="utf-8")) if catalog_file.exists() else {}
    )
    label = catalog.get(f"section_{name}") if isinstance(catalog, dict) else None
    return label if isinstance(label, str) else name.capitalize()


def collection(declared: ContentType[Any], codes: tuple[str, ...], label: str) -> dict[str, Any]:
    """One content type's collection: content/<name>/<slug>.yaml with the model's fields."""
    model = for_languages(CONTENT_TYPES.model(declared.name), codes)
    title = f"{codes[0]}.title"
    return {
        "name": declared.name,
        "label": label,
        "folder": f"content/{declared.name}",
        "extension": "yaml",
        "format": FORMAT,
        "create": True,
        "identifier_field": title,
        "slug": "{{slug}}",
        "summary": "{{" + title + "}}",
        "sortable_fields": [title],
        "fields": fields(model, codes),
    }


def fields(model: type[BaseModel], codes: tuple[str, ...], optional: bool = False) -> list[Any]:
    """The fields of a model in the order files write them. Inside an optional object
    (optional=True) no field is required: Decap would refuse to save without the object
    (decap-cms issue 7748); `check` still says what the object needs when it is filled in."""
    names = list(model.model_fields)
    own_block = language_fields(model)
    blocks = [name for name in names if name in own_block and issubclass(model, Item)]
    publication = [name for name in Item.model_fields if name in names and name not in blocks]
    facts = [name for name in names if name not in blocks and name not in publication]
    ordered = facts + publication + blocks
    # Markdown last in a block of words, as the shipped files have it
    ordered.sort(key=lambda name: _is_markdown(model.model_fields[name]))
    properties = model.model_json_schema()["properties"]
    return [
        field(name, model.model_fields[name], properties[name], codes, optional, name in own_block)
        for name in ordered
    ]


def field(
    name: str,
    info: FieldInfo,
    schema: dict[str, Any],
    codes: tuple[str, ...],
    optional: bool,
    per_language: bool,
) -> dict[str, Any]:
    """A field's widget, label, hint and whether it is required."""
    label = language_name(name, name) if per_language else name.replace("_", " ").capitalize()
    config: dict[str, Any] = {"name": name, "label": label}
    # a language block is asked for in every language, although a missing one is only a
    # warning to `check`: the CMS is where a translation is written
    block = per_language and inner_model(info.annotation) is not None
    required = block or (info.is_required() and not optional)
    config["required"] = required
    if hint := explain_field(info):
        config["hint"] = hint
    config.update(_widget(info, schema, codes, optional or not required))
    return config


def _widget(
    info: FieldInfo, schema: dict[str, Any], codes: tuple[str, ...], optional: bool
) -> dict[str, Any]:
    annotation = info.annotation
    many = _is_list(annotation)
    if target := refers_to(info):
        return _relation(target, codes, many)
    if allowed := choices(annotation):
        options = [value for value in allowed if value]  # '' is the field left empty
        return {"widget": "select", "options": options, "multiple": many}
    model = inner_model(annotation)
    if model is not None:
        inner = fields(model, codes, optional or many)
        if many:
            return {"widget": "list", "fields": inner, "collapsed": True}
        return {"widget": "object", "fields": inner, "collapsed": optional}
    if many:
        item = {"name": "item", "label": "item", **_scalar(schema.get("items", {}), info)}
        return {"widget": "list", "field": item}
    return _scalar(schema, info)


def _scalar(schema: dict[str, Any], info: FieldInfo) -> dict[str, Any]:
    if _is_markdown(info):
        return {
            "widget": "markdown",
            "buttons": MARKDOWN_BUTTONS,
            "editor_components": [],
            "modes": ["rich_text", "raw"],
        }
    kinds = _kinds(schema)
    if kinds == {"boolean"}:
        return {"widget": "boolean"}
    if kinds and kinds <= {"integer", "number"}:
        found: dict[str, Any] = {"widget": "number"}
        found["value_type"] = "int" if kinds == {"integer"} else "float"
        if "minimum" in _first(schema, "minimum"):
            found["min"] = _first(schema, "minimum")["minimum"]
        if "maximum" in _first(schema, "maximum"):
            found["max"] = _first(schema, "maximum")["maximum"]
        return found
    text = _first(schema, "type", "string")
    if text.get("format") == "date":
        # a day, written 2030-03-12 (the widget's own picker; no time, so no time zone)
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
        }
    if text.get("pattern") == IMAGE_PATH_PATTERN:
        # Decap's image picker: upload or choose a file (the build checks its kind and size)
        return {
            "widget": "image",
            "choose_url": False,
            "media_library": {"config": {"multiple": False}},
        }
    found = {"widget": "string"}
    message = explain_field(info) or "see the field reference"
    if pattern := text.get("pattern"):
        found["pattern"] = [pattern, message]
    elif text.get("format") == "email":
        found["pattern"] = [EMAIL_PATTERN, message]
    elif text.get("format") == "uri":
        found["pattern"] = [URL_PATTERN, message]
    return found


def _relation(target: str, codes: tuple[str, ...], many: bool) -> dict[str, Any]:
    """A picker that searches the titles in every language and stores the slug (the file
    name) of the item picked."""
    return {
        "widget": "relation",
        "collection": target,
        "value_field": "{{slug}}",
        "search_fields": [f"{code}.title" for code in codes],
        "display_fields": [f"{codes[0]}.title"],
        "multiple": many,
        "options_length": 50,
    }


def _options(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema and its anyOf options, and theirs (an optional EventDate nests them)."""
    found = [schema]
    for option in schema.get("anyOf", []):
        found += _options(option)
    return found


def _kinds(schema: dict[str, Any]) -> set[str]:
    return {
        str(option["type"])
        for option in _options(schema)
        if option.get("type") not in (None, "null")
    }


def _first(schema: dict[str, Any], key: str, value: Any = None) -> dict[str, Any]:
    """The schema itself or its first anyOf option that has key (with that value)."""
    for option in _options(schema):
        if key in option and (value is None or option[key] == value):
            return dict(option)
    return {}


def _is_list(annotation: Any) -> bool:
    return element_type(annotation) is not annotation


def _is_markdown(info: FieldInfo) -> bool:
    return any(meta is _MARKDOWN_CHECK for meta in info.metadata)
