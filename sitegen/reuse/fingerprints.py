"""Which outputs a build must render again, and which it can keep from the previous build.

Every page gets a fingerprint of everything that can change its HTML: the engine's code, the
site settings and interface strings, its template with all templates it includes or extends,
its own texts and addresses, and the content files of every item it shows. A page whose
fingerprint is unchanged since the previous build (recorded in a manifest in the cache) is not
rendered at all; any file whose bytes are unchanged is kept, not rewritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, is_dataclass
from functools import cached_property
from typing import Any

from jinja2 import Environment
from pydantic import BaseModel

from sitegen.model.entry import Entry
from sitegen.model.page import PageSpec
from sitegen.model.site import Site, menu_entries
from sitegen.reuse.affected import PlannedBuild
from sitegen.reuse.digests import combine, digest, engine_version

# {% extends "x" %}, {% include "x" %}, {% import "x" as y %}, {% from "x" import y %}
# a template names another in a tag, or in render.py's once_per_language("partials/footer.html")
# or once_per_item("partials/card.html", ...)
_REFERENCE = r"""(?:\{%-?\s*(?:extends|include|import|from)\s+|once_per_(?:language|item)\(\s*)"""
_LITERAL_REFERENCE = re.compile(_REFERENCE + r"""["']([^"']+)["']""")
_COMPUTED_REFERENCE = re.compile(_REFERENCE + r"""[^"'\s]""")


def site_fingerprint(site: Site) -> str:
    """What every output depends on: the engine, the settings, the interface strings and the
    menus' addresses."""
    menu_links = (
        site.urls.link(entry.link, lang) or "" for _, lang, _, entry in menu_entries(site.settings)
    )
    return combine(
        [
            engine_version(),
            site.settings.model_dump_json(),
            json.dumps(site.catalogs, sort_keys=True),
            *menu_links,
        ]
    )


class Fingerprints:
    """Computes page fingerprints for one build, and remembers them for the next (the preview).

    A page the planner took over from the previous build (affected.PlannedBuild) keeps its
    fingerprint there, unless the engine, the settings, the menus or a template changed."""

    def __init__(
        self, site: Site, environment: Environment, previous: PlannedBuild | None = None
    ) -> None:
        self._site = site
        self._environment = environment
        self._templates: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._references_of: dict[str, list[str]] = {}
        self._global = site_fingerprint(site)
        self._shapes = ContextShapes()
        self._in_languages: dict[tuple[str, str, str], str] = {}
        self.made: dict[str, tuple[PageSpec, str]] = {}  # output path -> (page, fingerprint)
        self._previous: dict[str, tuple[PageSpec, str]] = {}
        if previous is not None and previous.fingerprint_key == self.key:
            self._previous = previous.fingerprints

    @cached_property  # lists the templates folder
    def key(self) -> str:
        """What every page fingerprint of this build assumes besides the page's own inputs."""
        templates = sorted(self._environment.list_templates())
        return combine([self._global, *(self.template(name) for name in templates)])

    def page(self, page: PageSpec) -> str:
        earlier = self._previous.get(page.output_path)
        if earlier is not None and earlier[0] is page:
            fingerprint = earlier[1]
        else:
            fingerprint = self._computed(page)
        self.made[page.output_path] = (page, fingerprint)
        return fingerprint

    def _computed(self, page: PageSpec) -> str:
        # the shape of the context (order, grouping and counts) and the files of its items
        entries, shape = self._shapes.inputs_and_shape(self._site, page)
        files = [
            f"{kind}/{slug}:{entries[(kind, slug)].source.digest}" for kind, slug in sorted(entries)
        ]
        return combine([*self._page_parts(page), *files, *shape])

    def of_inputs(self, inputs: tuple[str, ...]) -> str:
        """The fingerprint of a file made from the given inputs (and the engine and settings)."""
        return combine([self._global, *inputs])

    def search(self, page: PageSpec) -> str:
        """A fingerprint of what the search index takes from an item page: its own texts and
        the items it read (its item, its organisers, themes, ...), not its lists of other items
        (templates/item.html marks them data-pagefind-ignore) nor 'today'."""
        entries = self._site.entries
        items = [entries[kind][slug] for kind, slug in sorted(page.reads.items)]
        texts = [self._in_language(entry, page.lang) for entry in items]
        return combine([*self._page_parts(page, today=False), *texts])

    def _in_language(self, entry: Entry, lang: str) -> str:
        """An item's facts and its words in lang: a change to its other language's words
        leaves this language's index alone."""
        key = (entry.kind, entry.slug, lang)
        if key not in self._in_languages:
            others = {other for other in self._site.languages if other != lang}
            # warnings off: the models' dates (validated by a plain function) make pydantic warn
            shown = entry.model.model_dump_json(exclude=others, warnings=False).encode()
            self._in_languages[key] = f"{entry.kind}/{entry.slug}:{digest(shown)}"
        return self._in_languages[key]

    def _page_parts(self, page: PageSpec, today: bool = True) -> list[str]:
        return [
            self._global,
            self.template(page.template),
            page.url,
            page.lang,
            page.title,
            page.description,
            json.dumps(sorted(page.alternates.items())),
            ",".join(sorted(page.translated)),
            json.dumps(page.breadcrumbs),
            self._site.today.isoformat() if today and page.uses_today else "",
        ]

    def template(self, name: str) -> str:
        """A fingerprint of the template and of every template it extends or includes."""
        if name not in self._templates:
            self._templates[name] = combine(
                digest(self._source(t).encode()) for t in sorted(self._closure(name))
            )
        return self._templates[name]

    def _closure(self, name: str) -> set[str]:
        found: set[str] = set()
        waiting = [name]
        while waiting:
            current = waiting.pop()
            if current not in found:
                found.add(current)
                waiting.extend(self._references(current))
        return found

    def _references(self, name: str) -> list[str]:
        """The templates one template names; a computed name makes it depend on all of them."""
        if name not in self._references_of:
            source = self._source(name)
            if _COMPUTED_REFERENCE.search(source):
                self._references_of[name] = self._environment.list_templates()
            else:
                self._references_of[name] = _LITERAL_REFERENCE.findall(source)
        return self._references_of[name]

    def _source(self, name: str) -> str:
        if name not in self._sources:
            loader = self._environment.loader
            assert loader is not None
            self._sources[name] = loader.get_source(self._environment, name)[0]
        return self._sources[name]


def page_inputs(site: Site, page: PageSpec) -> list[Entry]:
    """Every item whose file can change this page: those in its context, and those it read
    while it was planned (PageSpec.reads), such as the organisers and themes its item names."""
    return list(ContextShapes().inputs_and_shape(site, page)[0].values())


Inputs = dict[tuple[str, str], Entry]


class ContextShapes:
    """Stable descriptions of page contexts: items by name (collected, for their files),
    everything else by value, with list boundaries, so that any change in what a page shows
    changes its description.

    A list or tuple that many pages share (the agenda's filters, the page addresses of a long
    list) is described once: the second time it is seen, its description is kept."""

    def __init__(self) -> None:
        self._seen: dict[int, object] = {}  # holding the object keeps its id from being reused
        self._known: dict[int, tuple[list[str], Inputs]] = {}

    def inputs_and_shape(self, site: Site, page: PageSpec) -> tuple[Inputs, list[str]]:
        """The page's input items by (kind, slug), and the description of its context."""
        shape: list[str] = []
        entries: Inputs = {}
        self._describe(page.context, shape, entries)
        for kind, slug in page.reads.items:  # what its planner and template looked up
            if (entry := site.entries[kind].get(slug)) is not None:
                entries[(kind, slug)] = entry
        return entries, shape

    def _describe(self, value: Any, shape: list[str], entries: Inputs) -> None:
        # a plain recursion, the commonest case first: this runs for every page
        if isinstance(value, Entry):
            shape.append(f"{value.kind}/{value.slug}")
            entries[(value.kind, value.slug)] = value
        elif isinstance(value, list | tuple):
            if (known := self._known.get(id(value))) is not None:
                shape.extend(known[0])
                entries.update(known[1])
            elif id(value) in self._seen:
                own_shape: list[str] = []
                own_entries: Inputs = {}
                self._sequence(value, own_shape, own_entries)
                self._known[id(value)] = (own_shape, own_entries)
                shape.extend(own_shape)
                entries.update(own_entries)
            else:
                self._seen[id(value)] = value
                self._sequence(value, shape, entries)
        elif isinstance(value, dict):
            for key in sorted(value):
                shape.append(f"{key}=")
                self._describe(value[key], shape, entries)
        elif isinstance(value, BaseModel):
            shape.append(value.model_dump_json())
        elif is_dataclass(value) and not isinstance(value, type):
            shape.append(type(value).__name__)
            # its value, not what was derived from it (Site.derived, Entry.derived)
            own = {f.name: getattr(value, f.name) for f in fields(value) if f.compare}
            self._describe(own, shape, entries)
        else:
            shape.append(repr(value))

    def _sequence(
        self, values: list[Any] | tuple[Any, ...], shape: list[str], entries: Inputs
    ) -> None:
        shape.append("[")
        for inner in values:
            self._describe(inner, shape, entries)
        shape.append("]")
