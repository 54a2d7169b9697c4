"""Start-up checks of the content types (schemas/content_type.py) against everything they need.

A type's declaration names its templates, and the site needs its interface words, its section
words in site.yaml and the types its references point to. Anything missing is an error that
names what is missing and where to add it, found before anything is linked or rendered: never
a traceback half-way, never a section silently without pages.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import ContentType, ContentTypes, Item
from schemas.languages import SEARCH_SECTION
from sitegen.model.agenda import agenda_type, facets
from sitegen.model.entry import ValidContent
from sitegen.model.introspect import choices, inner_model, refers_to
from sitegen.model.problems import ContentError, suggest
from sitegen.model.raw import RawContent, RawItem
from sitegen.stages.load import display_path
from sitegen.stages.metadata import DESCRIBED


def declaration_problems(
    types: ContentTypes, template_folders: tuple[Path, ...], raw: RawContent, valid: ValidContent
) -> list[ContentError]:
    """Every template, interface word, section word and type the declared types need but
    the site lacks; template_folders are searched in order, as the renderer does."""
    problems = [*_structure_problems(types), *_template_problems(types, template_folders)]
    problems += _catalog_problems(types, raw, valid)
    problems += _section_problems(types, raw, valid)
    return problems


def without_repeats(
    problems: list[ContentError], declared: list[ContentError]
) -> list[ContentError]:
    """problems and declared, without the problems that say again what one of declared says
    better (validate_catalogs: 'has no translation' of a word a type needs)."""
    said = {(problem.path, problem.field) for problem in declared}
    return [p for p in problems if (p.path, p.field) not in said] + declared


def declared_in(declared: ContentType[Any]) -> str:
    """The file that declares a type: beside its model (schemas/event.py)."""
    source = inspect.getsourcefile(declared.model)
    return display_path(Path(source)) if source else declared.model.__module__


def _structure_problems(types: ContentTypes) -> Iterator[ContentError]:
    seen_names: set[str] = set()
    seen_words: set[str] = set()
    for declared in types:
        where = declared_in(declared)
        if declared.name in seen_names:
            yield ContentError(where, None, "name", f"a second type is named '{declared.name}'",
                               "give each content type its own name (its folder)")  # fmt: skip
        if declared.link_word in seen_words:
            yield ContentError(
                where, None, "link_word", f"a second type has the link word '{declared.link_word}'",
                "give each content type its own link word (as in 'page:contact')",
            )  # fmt: skip
        seen_names.add(declared.name)
        seen_words.add(declared.link_word)
        yield from _reference_problems(declared, declared.model, types)
        yield from _facet_problems(declared)
        yield from _schema_org_problems(declared)


def _reference_problems(
    declared: ContentType[Any], model: type[BaseModel], types: ContentTypes, path: str = ""
) -> Iterator[ContentError]:
    """A ref()/refs() to a folder no type has: every slug in it would be an unknown item."""
    for name, info in model.model_fields.items():
        target = refers_to(info)
        if target is not None and target not in types:
            close = suggest(target, types.names)
            yield ContentError(
                declared_in(declared), None, f"{model.__name__}.{path}{name}",
                f"refers to '{target}', which is no content type of this site",
                f"{close + ' ' if close else ''}the types are {', '.join(types.names)}; fix the"
                f" ref(), or declare a type '{target}' in schemas/__init__.py",
            )  # fmt: skip
        inner = inner_model(info.annotation)
        if inner is not None and inner is not model:
            yield from _reference_problems(declared, inner, types, f"{path}{name}.")


def _facet_problems(declared: ContentType[Any]) -> Iterator[ContentError]:
    fields = declared.model.model_fields
    for facet in declared.facets:
        if facet not in fields:
            close = suggest(facet, fields)
            yield ContentError(
                declared_in(declared), None, f"{declared.name}.facets",
                f"the facet '{facet}' is not a field of {declared.model.__name__}",
                f"{close + ' ' if close else ''}name a field of the model: {', '.join(fields)}",
            )  # fmt: skip


def _schema_org_problems(declared: ContentType[Any]) -> Iterator[ContentError]:
    model, _ = DESCRIBED.get(declared.schema_org or "", (Item, None))
    if not issubclass(declared.model, model):
        yield ContentError(
            declared_in(declared), None, f"{declared.name}.schema_org",
            f"'{declared.schema_org}' is described from a {model.__name__}, and"
            f" {declared.model.__name__} is none",
            f"make the model a subclass of {model.__name__}, or declare another schema.org kind",
        )  # fmt: skip


def _template_problems(types: ContentTypes, folders: tuple[Path, ...]) -> Iterator[ContentError]:
    for declared in types:
        wanted = [("item_template", declared.item_template, "each item's page")]
        if declared.list_template is not None:
            wanted.append(("list_template", declared.list_template, "its list page"))
        for field, name, what in wanted:
            if not any((folder / name).is_file() for folder in folders):
                target = display_path(folders[-1] / name)
                yield ContentError(
                    target, None, "", f"the template of {what} ({declared.name}) does not exist",
                    f"create {target} (see the templates of the other types), or name another"
                    f" template as {field} in the declaration in {declared_in(declared)}",
                )  # fmt: skip


def _catalog_problems(
    types: ContentTypes, raw: RawContent, valid: ValidContent
) -> Iterator[ContentError]:
    needed = list(_words_needed(types))
    for lang, catalog in valid.catalogs.items():
        path = raw.catalogs[lang].path
        for key, why in needed:
            if key not in catalog:
                hint = f"add the line '{key}: ...' with the words in this language"
                yield ContentError(path, None, key, f"is missing: {why}", hint)


def _words_needed(types: ContentTypes) -> Iterator[tuple[str, str]]:
    """(key, why) for every interface word the types need."""
    for declared in types:
        if declared.has_list_page:
            yield f"section_{declared.name}", f"the name of the section {declared.name}"
            intro = f"the introduction of the list of {declared.name}"
            yield f"section_{declared.name}_intro", intro
    agenda = agenda_type(types)
    for facet in facets(types):
        if agenda is not None and facet.target is None:  # each value of the field needs a name
            info = agenda.model.model_fields[facet.field]
            for value in choices(info.annotation):
                yield f"{facet.name}_{value}", f"the name of the agenda's filter '{value}'"


def _section_problems(
    types: ContentTypes, raw: RawContent, valid: ValidContent
) -> Iterator[ContentError]:
    """In each language of site.yaml, a section word for every type with a list page (and
    search), and a filter word for every facet of the agenda."""
    settings = valid.site
    if settings is None or raw.site is None:
        return
    sections = [*types.sections, SEARCH_SECTION]
    facet_names = [facet.name for facet in facets(types)]
    for index, language in enumerate(settings.languages):
        for block, wanted, written in (
            ("sections", sections, language.sections),
            ("filter_words", facet_names, language.filter_words),
        ):
            unknown = [key for key in written if key not in wanted]
            for name in wanted:
                if name not in written:
                    yield _missing_word(raw.site, (("languages", index, block)), name, unknown)


def _missing_word(
    site: RawItem, location: tuple[str | int, ...], name: str, unknown: list[str]
) -> ContentError:
    close = difflib.get_close_matches(name, unknown, n=1)
    written = f"the word under '{close[0]}' is for no type; " if close else ""
    what = "its addresses" if location[-1] == "sections" else "the agenda's filter pages by it"
    return ContentError(
        site.path, site.line_of(location), ".".join(map(str, (*location, name))),
        "is required but missing",
        f"{written}add '{name}: ...' under {location[-1]}: the first part of {what} in this"
        " language",
    )  # fmt: skip
