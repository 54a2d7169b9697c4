"""Between validate and link: leave out the items this build does not publish (drafts, and
items outside their publish_from/publish_until window), so that no page, list, feed, calendar,
sitemap or search index has them; and refuse a published item that refers to one of them, as
its page would link to a page that is not there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from schemas import ContentTypes
from sitegen.model.entry import Entry, ValidContent
from sitegen.model.problems import ContentError
from sitegen.model.publication import Publication, why_unpublished, window_problem
from sitegen.model.site import menu_entries
from sitegen.stages.link import entry_references, unknown_reference

Key = tuple[str, str]


def published_content(
    valid: ValidContent, publication: Publication, types: ContentTypes
) -> tuple[ValidContent, list[ContentError]]:
    """The content without the items this build leaves out, and the problems of references
    to items the published site does not have (from items it has)."""
    by_key: dict[Key, Entry] = {}
    for entry in valid.entries:
        by_key.setdefault((entry.kind, entry.slug), entry)
    problems = [
        *_empty_windows(valid.entries),
        *_references_to_unpublished(valid.entries, by_key, publication),
        *_menus_to_unpublished(valid, by_key, publication, types),
    ]
    shown = [entry for entry in valid.entries if publication.shows(entry.model)]
    left_out = [entry for entry in valid.entries if not publication.shows(entry.model)]
    problems += _unknown_references(left_out, by_key, valid.unusable)
    hidden = frozenset((entry.kind, entry.slug) for entry in left_out)
    return replace(valid, entries=shown, left_out=hidden), problems


def _empty_windows(entries: list[Entry]) -> Iterator[ContentError]:
    for entry in entries:
        if (problem := window_problem(entry.model)) is not None:
            yield ContentError(
                entry.source.path,
                entry.source.line_of(("publish_until",)),
                "publish_until",
                problem,
                "write a publish_until after publish_from, or leave one of the two out",
            )


def _references_to_unpublished(
    entries: list[Entry], by_key: dict[Key, Entry], publication: Publication
) -> Iterator[ContentError]:
    """A reference from an item the published site has to one it does not. (In the preview,
    which shows drafts, a draft may refer to a draft; a published item still may not.)"""
    moment = publication.moment
    for entry in entries:
        if not publication.publishes(entry.model):
            continue
        for reference in entry_references(entry):
            target = by_key.get((reference.kind, reference.slug))
            reason = why_unpublished(target.model, moment) if target is not None else None
            if target is not None and reason is not None:
                field = ".".join(map(str, reference.field_path))
                yield ContentError(
                    entry.source.path,
                    entry.source.line_of(reference.field_path),
                    field,
                    f"refers to '{reference.slug}' ({target.source.path}), which {reason}:"
                    " the published page would link to a page that is not there",
                    _hint(reason, field),
                )


def _hint(reason: str, field: str) -> str:
    if reason == "is a draft":
        return f"publish it (remove 'draft: true' there), or take it out of {field} here"
    return (
        f"take it out of {field} here, make this item unpublished too (the same publish_from"
        " or publish_until), or change the other item's dates"
    )


def _menus_to_unpublished(
    valid: ValidContent, by_key: dict[Key, Entry], publication: Publication, types: ContentTypes
) -> Iterator[ContentError]:
    """A menu or footer link (TYPE:SLUG) to an item the published site does not have."""
    if valid.site is None or valid.site_source is None:
        return
    for name, lang, index, menu_entry in menu_entries(valid.site):
        word, colon, slug = menu_entry.link.partition(":")
        declared = types.by_link_word(word) if colon else None
        target = by_key.get((declared.name, slug)) if declared is not None else None
        reason = why_unpublished(target.model, publication.moment) if target else None
        if target is not None and reason is not None:
            location = (name, lang, index, "link")
            yield ContentError(
                valid.site_source.path,
                valid.site_source.line_of(location),
                ".".join(map(str, location)),
                f"'{menu_entry.link}' leads to {target.source.path}, which {reason}",
                "take the link out of the menu until the item is published",
            )


def _unknown_references(
    left_out: list[Entry], by_key: dict[Key, Entry], unusable: frozenset[Key]
) -> Iterator[ContentError]:
    """Slugs naming no item, in the items left out: checked as in a published one, so that
    publishing it later brings no surprise."""
    index: dict[str, dict[str, Entry]] = {}
    for (kind, slug), entry in by_key.items():
        index.setdefault(kind, {})[slug] = entry
    for entry in left_out:
        for reference in entry_references(entry):
            key = (reference.kind, reference.slug)
            if key not in by_key and key not in unusable:
                yield unknown_reference(entry, reference, index)
