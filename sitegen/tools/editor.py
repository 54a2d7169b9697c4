"""`build.py schema`: what editors' tools read, generated from the models, never by hand.

- editor/schemas/<type>.schema.json: a JSON Schema per content type (and site.yaml), which
  the YAML language server (as in VS Code) uses to validate and complete files as they are typed;
- .vscode/settings.json: tells that language server which schema belongs to which folder, and
  to read YAML 1.2, whose readings the build keeps to (it refuses what YAML 1.1 reads otherwise);
- .vscode/extensions.json: recommends that language server (Red Hat's YAML extension);
- docs/reference.md: the field reference of the editor's guide;
- editor/cms/config.json: the web editor's configuration (sitegen/tools/cms.py).

Each is made for the languages content/site.yaml declares: a block per language, exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import CONTENT_TYPES, SiteSettings
from schemas.languages import SEARCH_SECTION, for_languages
from sitegen.model.agenda import facets
from sitegen.model.introspect import explain_field, inner_model
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.validate import site_languages
from sitegen.tools.cms import cms_files

SCHEMA_FOLDER = Path("editor") / "schemas"
REFERENCE = Path("docs") / "reference.md"
VSCODE_SETTINGS = Path(".vscode") / "settings.json"
VSCODE_EXTENSIONS = Path(".vscode") / "extensions.json"
YAML_EXTENSION = "redhat.vscode-yaml"


def generated_files(codes: tuple[str, ...]) -> dict[Path, str]:
    """Every generated file, relative to the project root, with its text, for a site in the
    languages codes."""
    files: dict[Path, str] = {}
    mapping: dict[str, list[str]] = {}
    for kind, model in _models(codes).items():
        path = SCHEMA_FOLDER / f"{kind}.schema.json"
        files[path] = json.dumps(_schema(kind, model), indent=2, ensure_ascii=False) + "\n"
        mapping[f"./{path.as_posix()}"] = (
            ["content/site.yaml"]
            if kind == "site"
            else [
                f"content/{kind}/*.yaml",
                f"content/{kind}/*.yml",
                f"tests/fixtures/site/{kind}/*.yaml",
            ]
        )
    settings = {
        "yaml.schemas": mapping,
        "yaml.validate": True,
        "yaml.completion": True,
        # the build refuses every unquoted value YAML 1.1 reads otherwise than 1.2 does
        # (yaml_versions.py), so 1.2 is what an accepted file means; a user's 1.1 would not be
        "yaml.yamlVersion": "1.2",
    }
    files[VSCODE_SETTINGS] = json.dumps(settings, indent=2) + "\n"
    files[VSCODE_EXTENSIONS] = json.dumps({"recommendations": [YAML_EXTENSION]}, indent=2) + "\n"
    files[REFERENCE] = field_reference(codes)
    files.update(cms_files(codes))
    return files


def write_editor_files(check_only: bool = False, root: Path = PROJECT_ROOT) -> int:
    """Write the generated files; with check_only, exit 1 if any is missing or outdated. Exit 1
    too when root/content/site.yaml does not say the site's languages."""
    languages, problems = site_languages(root / "content")
    if not languages:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return 1
    wanted = _as_they_should_be(root, tuple(language.code for language in languages))
    outdated = [path for path, text in wanted.items() if _read(root / path) != text]
    if check_only:
        for path in outdated:
            print(f"{path} is outdated: run python build.py schema", file=sys.stderr)
        return 1 if outdated else 0
    for path in outdated:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path}")
    return 0


def _as_they_should_be(root: Path, codes: tuple[str, ...]) -> dict[Path, str]:
    """The generated files, with an editor's own .vscode files kept: in settings.json only the
    keys this module sets are changed, to extensions.json's recommendations ours is added. One
    that cannot be read as JSON (VS Code allows comments) is left alone, with a note on what to
    add by hand."""
    files = generated_files(codes)
    for path in (VSCODE_SETTINGS, VSCODE_EXTENSIONS):
        existing = _read(root / path)
        if existing is None:
            continue
        try:
            own = json.loads(existing)
        except ValueError:
            own = None
        if not isinstance(own, dict):
            print(
                f"note: {path} is not plain JSON, so it was left as it is; add to it:\n"
                f"{files[path]}",
                file=sys.stderr,
            )
            del files[path]
            continue
        files[path] = json.dumps(_merged(own, json.loads(files[path])), indent=2) + "\n"
    return files


def _merged(own: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """An editor's own VS Code settings with ours set; lists (recommendations) get ours added."""
    merged = dict(own)
    for key, value in ours.items():
        mine = own.get(key)
        if isinstance(value, list) and isinstance(mine, list):
            merged[key] = mine + [item for item in value if item not in mine]
        else:
            merged[key] = value
    return merged


def _models(codes: tuple[str, ...]) -> dict[str, type[BaseModel]]:
    models = {**{t.name: t.model for t in CONTENT_TYPES}, "site": SiteSettings}
    return {kind: for_languages(model, codes) for kind, model in models.items()}


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _schema(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{kind} ({model.__name__})"
    if kind == "site":
        _words_required(schema)
    return schema


def _words_required(schema: dict[str, Any]) -> None:
    """The words each language block needs, from the content types: an editor's tool then
    completes them and points out one missing, as `check` does (sitegen/stages/declared.py)."""
    language = schema.get("$defs", {}).get("Language", {}).get("properties", {})
    needed = {
        "sections": [*CONTENT_TYPES.sections, SEARCH_SECTION],
        "filter_words": [facet.name for facet in facets(CONTENT_TYPES)],
    }
    for block, keys in needed.items():
        if block in language:
            words = language[block]
            word: dict[str, Any] = next(iter(words.get("patternProperties", {}).values()), {})
            words["properties"] = {key: word for key in keys}
            words["required"] = keys


def field_reference(codes: tuple[str, ...]) -> str:
    """The field reference of the editor's guide, in Markdown."""
    blocks = " and ".join(f"`{code}:`" for code in codes)
    lines = [
        "# Field reference",
        "",
        "Generated from the models in `schemas/` by `python build.py schema`; do not edit.",
        "Every item is `content/<type>/<slug>.yaml`; the words of each language go in the",
        f"{blocks} blocks. *De veldnamen zijn Engels; de uitleg per veld staat hieronder.*",
        "",
    ]
    for kind, model in _models(codes).items():
        where = "content/site.yaml" if kind == "site" else f"content/{kind}/<slug>.yaml"
        lines += [f"## {kind}", "", f"`{where}`", ""]
        lines += _model_table(model)
        for nested in _nested_models(model):
            lines += ["", f"### {nested.__name__} (inside {kind})", ""]
            lines += _model_table(nested)
        lines.append("")
    return "\n".join(lines)


def _model_table(model: type[BaseModel]) -> list[str]:
    rows = ["| field | required | what to write |", "| --- | --- | --- |"]
    for name, info in model.model_fields.items():
        required = "yes" if info.is_required() else "no"
        rows.append(f"| `{name}` | {required} | {explain_field(info).replace('|', '/')} |")
    return rows


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        inner = inner_model(info.annotation)
        if inner is not None and inner not in found:
            found.append(inner)
            found += [m for m in _nested_models(inner) if m not in found]
    return found
