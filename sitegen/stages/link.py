"""Stage 3, link: resolve references and translations, and build the indexes pages need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import cache, partial
from typing import get_args

from pydantic import BaseModel

from schemas import ContentTypes
from schemas.event import Event
from schemas.fields import doubled_time
from schemas.languages import language_name
from schemas.programme import Programme
from sitegen.model.agenda import agenda_events
from sitegen.model.entry import Entry, ValidContent
from sitegen.model.problems import ContentError, suggest
from sitegen.model.raw import FieldPath
from sitegen.model.site import Reference, Site, menu_entries
from sitegen.model.times import event_time
from sitegen.model.urls import Urls
from sitegen.stages.addresses import address_clashes


def link_content(
    valid: ValidContent, today: date, types: ContentTypes
) -> tuple[Site | None, list[ContentError]]:
    """Check every reference and translation; return the linked Site."""
    problems: list[ContentError] = []
    codes = valid.site.codes() if valid.site is not None else ()
    entries = _index_by_slug(valid.entries, types, problems)
    referrers: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    referred: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    unreported = valid.unusable | valid.left_out  # their own errors, or publish.py's, say it
    for entry in valid.entries:
        for reference in entry_references(entry):
            if (target := entries.get(reference.kind, {}).get(reference.slug)) is not None:
                referrers[(reference.kind, reference.slug)].append(entry)
                referred[(entry.kind, entry.slug)].append(target)
            elif (reference.kind, reference.slug) not in unreported:
                problems.append(unknown_reference(entry, reference, entries))
        problems.extend(_own_problems(entry, codes))
    if valid.site is None:
        return None, problems
    urls = Urls(valid.site, entries, types)
    at_root = [e for t in types if not t.has_list_page for e in entries[t.name].values()]
    problems += address_clashes(valid.site, valid.site_source, at_root, urls, types)
    if valid.site_source is not None:
        problems.extend(_menu_problems(valid, urls, types))
    site = Site(
        valid.site, valid.catalogs, entries, urls, today, types,
        referrers=dict(referrers), referred=dict(referred),
    )  # fmt: skip
    events = agenda_events(site)
    series: dict[str, list[Entry]] = defaultdict(list)
    for event in events:
        if isinstance(event.model, Event) and event.model.series:
            series[event.model.series].append(event)
    times = {
        event.slug: event.derived("event_time", partial(event_time, event)) for event in events
    }
    return replace(site, series_members=dict(series), event_times=times), problems


def _index_by_slug(
    entries: list[Entry], types: ContentTypes, problems: list[ContentError]
) -> dict[str, dict[str, Entry]]:
    index: dict[str, dict[str, Entry]] = {kind: {} for kind in types.names}
    for entry in entries:
        earlier = index[entry.kind].get(entry.slug)
        if earlier is not None:
            problems.append(
                ContentError(
                    entry.source.path,
                    1,
                    "",
                    f"the slug '{entry.slug}' is already used",
                    f"by {earlier.source.path}; rename one of the two files",
                )
            )
            continue
        index[entry.kind][entry.slug] = entry
    return index


def entry_references(entry: Entry) -> tuple[Reference, ...]:
    """references_of the item's model, found once per entry (the preview keeps an unchanged
    file's entry: every rebuild looked through every item's fields, twice)."""
    return entry.derived("references", lambda: tuple(references_of(entry.model)))


def _own_problems(entry: Entry, codes: tuple[str, ...]) -> list[ContentError]:
    """The problems an item has on its own, found once per entry and list of languages."""

    def found() -> list[ContentError]:
        return [
            *_translation_problems(entry, codes),
            *_community_problems(entry),
            *doubled_time_warnings(entry),
        ]

    return entry.derived(f"own problems {codes}", found)


def references_of(model: BaseModel, path: FieldPath = ()) -> Iterator[Reference]:
    """Every slug in the model whose field declares which kind of item it refers to."""
    for name, target in _reference_fields(type(model)):
        value = getattr(model, name)
        if target is not None:
            if isinstance(value, list):
                for index, slug in enumerate(value):
                    yield Reference((*path, name, index), target, slug)
            elif value:
                yield Reference((*path, name), target, value)
        elif isinstance(value, BaseModel):
            yield from references_of(value, (*path, name))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    yield from references_of(element, (*path, name, index))


@cache
def _reference_fields(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """The fields of a model that can hold references, found once per model class (link runs
    for every item): (name, the kind it refers to), or (name, None) for a field holding
    models with such fields."""
    found: list[tuple[str, str | None]] = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        target = extra.get("refers_to")
        if isinstance(target, str):
            found.append((name, target))
        elif any(
            _reference_fields(inner) for inner in _models_in(info.annotation) if inner is not model
        ):
            found.append((name, None))
    return tuple(found)


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The model classes a field's type names: Location, list[Community], Text | None, ..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models_in(argument)


def unknown_reference(
    entry: Entry, reference: Reference, entries: dict[str, dict[str, Entry]]
) -> ContentError:
    known = entries.get(reference.kind, {})
    close = suggest(reference.slug, known)
    hint = close or f"create content/{reference.kind}/{reference.slug}.yaml, or fix the slug"
    return ContentError(
        entry.source.path,
        entry.source.line_of(reference.field_path),
        ".".join(map(str, reference.field_path)),
        f"refers to '{reference.slug}', but there is no such item in content/{reference.kind}/",
        hint,
    )


def _translation_problems(entry: Entry, codes: tuple[str, ...]) -> Iterator[ContentError]:
    present = entry.model.languages()
    if not present:
        blocks = ", ".join(f"'{code}:'" for code in codes)
        yield ContentError(
            entry.source.path,
            1,
            "",
            "has no text in any language",
            f"add a block per language ({blocks}), each with a title and a summary",
        )
        return
    for lang in codes:
        if lang not in present:
            yield ContentError(
                entry.source.path,
                None,
                lang,
                f"has no {language_name(lang)} text yet",
                f"add an '{lang}:' block with a title and a summary",
                "warning",
            )


def _community_problems(entry: Entry) -> Iterator[ContentError]:
    seen: set[str] = set()
    communities = entry.model.communities if isinstance(entry.model, Programme) else []
    for index, community in enumerate(communities):
        if community.slug in seen:
            yield ContentError(
                entry.source.path,
                entry.source.line_of(("communities", index, "slug")),
                f"communities.{index}.slug",
                f"the slug '{community.slug}' is already used",
                "give each community its own slug",
            )
        seen.add(community.slug)


def _menu_problems(valid: ValidContent, urls: Urls, types: ContentTypes) -> Iterator[ContentError]:
    assert valid.site is not None and valid.site_source is not None
    for name, lang, index, menu_entry in menu_entries(valid.site):
        if urls.link(menu_entry.link, lang) is None and not _left_out(
            menu_entry.link, valid, types
        ):
            location = (name, lang, index, "link")
            yield ContentError(
                valid.site_source.path,
                valid.site_source.line_of(location),
                ".".join(map(str, location)),
                f"'{menu_entry.link}' leads nowhere",
                _menu_hint(menu_entry.link, valid, types),
            )


def _left_out(link: str, valid: ValidContent, types: ContentTypes) -> bool:
    """Whether a menu link names an item this build leaves out (publish.py says so)."""
    word, colon, slug = link.partition(":")
    declared = types.by_link_word(word) if colon else None
    return declared is not None and (declared.name, slug) in valid.left_out


def _menu_hint(link: str, valid: ValidContent, types: ContentTypes) -> str:
    word, colon, slug = link.partition(":")
    if colon and (declared := types.by_link_word(word)) is not None:
        slugs = [entry.slug for entry in valid.entries if entry.kind == declared.name]
        return suggest(slug, slugs) or f"there is no content/{declared.name}/{slug}.yaml"
    choices = [*types.sections, "home", *(f"{t.link_word}:" for t in types)]
    return suggest(link, choices) or (
        f"write one of {', '.join(types.sections)}, or TYPE:SLUG such as page:contact"
    )


def doubled_time_warnings(entry: Entry) -> Iterator[ContentError]:
    """A warning for each time written without offset that a Dutch clock shows twice, in the
    autumn night the clocks go back. The model has taken the first; the editor's words are
    needed to tell, as 02:30+02:00 is that same first one, written on purpose."""
    written = entry.source.data if isinstance(entry.model, Event) else None
    for field in ("start", "end"):
        value = written.get(field) if isinstance(written, dict) else None
        if isinstance(value, str) and (found := doubled_time(value)):
            line = entry.source.line_of((field,))
            yield ContentError(entry.source.path, line, field, *found, severity="warning")
