"""The interface words in templates/i18n/: every key is used by a template or by the engine, and
every key a template or the engine uses is in every language's catalog.

Read from the sources, not from a build: a word shown only for a cancelled event, a second
page of a list or a missing translation is used although no shipped page shows it. A template
asks for a word with L.t('key') or L.forms('key'), or 'prefix_' ~ value (e.g. 'status_' ~
e.status), or reads site.catalogs[lang].key; the engine with catalog['key'], .get('key'), .t()
or an f-string. A key the engine builds from a variable at its start ({name}_title) counts for
each string literal of its module (plan.py's "search"), and the words the content types need
(section_<type>, the agenda's filter values) are the start-up check's own list."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment, nodes

from schemas import CONTENT_TYPES
from sitegen.model.introspect import choices
from sitegen.pipeline import PROJECT_ROOT
from sitegen.stages.declared import _words_needed
from tests.support.template_words import word_calls

TEMPLATES = PROJECT_ROOT / "templates"
CATALOGS = sorted((TEMPLATES / "i18n").glob("*.yaml"))
ENGINE = PROJECT_ROOT / "sitegen"
ANY = "[a-z0-9_]+"


def catalog(path: Path) -> dict[str, object]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _template_key(node: nodes.Node) -> str | None:
    """The key as a pattern: 'status_' ~ e.status -> status_[a-z0-9_]+; None: not a key."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, nodes.Concat) and node.nodes:
        parts = [_template_key(part) for part in node.nodes]
        return "".join(part if part is not None else ANY for part in parts)
    return None


def template_keys() -> Iterator[tuple[str, str, bool]]:
    """(pattern, template, starts with a literal) of every word a template asks for."""
    env = Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    for path in sorted(TEMPLATES.rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in word_calls(tree):
            pattern = _template_key(call.args[0])
            literal = pattern is not None and not pattern.startswith(ANY)
            yield pattern or ANY, path.name, literal
        for read in tree.find_all(nodes.Getattr):  # site.catalogs[lang].translation_missing
            inner = read.node
            if isinstance(inner, nodes.Getitem) and getattr(inner.node, "attr", "") == "catalogs":
                yield re.escape(read.attr), path.name, True


def _engine_key(node: ast.expr, names: list[str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        pattern = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                pattern += re.escape(str(part.value))
            else:  # a variable at the start: one of the module's own words
                pattern += ANY if pattern else f"(?:{'|'.join(map(re.escape, names))})"
        return pattern
    return None


def engine_keys() -> Iterator[str]:
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = sorted({
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and re.fullmatch(ANY, node.value)
        })  # fmt: skip
        for node in ast.walk(tree):
            key: ast.expr | None = None
            if isinstance(node, ast.Subscript):
                key = node.slice
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("t", "forms", "get")
                and node.args
            ):
                key = node.args[0]
            pattern = _engine_key(key, names) if key is not None else None
            if pattern:
                yield pattern
    for needed, _ in _words_needed(CONTENT_TYPES):
        yield re.escape(needed)


def test_every_template_asks_for_a_word_by_its_name_or_a_named_prefix() -> None:
    """L.t(variable) would make every key look used: write L.t('prefix_' ~ value)."""
    unnamed = [template for _, template, literal in template_keys() if not literal]
    assert unnamed == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.stem)
def test_every_key_of_a_catalog_is_used(path: Path) -> None:
    used = [re.compile(pattern) for pattern, _, _ in template_keys()]
    used += [re.compile(pattern) for pattern in engine_keys()]
    unused = [key for key in catalog(path) if not any(p.fullmatch(key) for p in used)]
    assert unused == [], f"no template or engine code uses these keys of {path.name}"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.stem)
def test_every_word_a_template_asks_for_is_in_every_language(path: Path) -> None:
    words = catalog(path)
    missing = sorted({
        (pattern.replace("\\", ""), template)
        for pattern, template, _ in template_keys()
        if ANY not in pattern and pattern.replace("\\", "") not in words
    })  # fmt: skip
    assert missing == []
    # 'kind_' ~ e.kind: every value the model allows for the field has its word
    fields = {
        name: values
        for declared in CONTENT_TYPES
        for name, info in declared.model.model_fields.items()
        if (values := choices(info.annotation))
    }
    prefixes = {pattern.removesuffix(ANY) for pattern, _, _ in template_keys()}
    for prefix in prefixes:
        field = prefix.removesuffix("_")
        if prefix.endswith("_") and field in fields:
            absent = [value for value in fields[field] if f"{prefix}{value}" not in words]
            assert absent == [], f"{path.name} has no word for {field}: {absent}"


def test_the_catalogs_hold_the_same_keys() -> None:
    keys = {path.stem: set(catalog(path)) for path in CATALOGS}
    assert len(keys) >= 2
    every = set().union(*keys.values())
    assert {lang: sorted(every - found) for lang, found in keys.items() if every - found} == {}
