"""A content type, declared once beside its model: everything the engine does with its items.

The engine derives from these declarations the folders it reads, the model each file must
satisfy, the targets of references, the words of menu links ('page:contact'), the sections with
a list page, the item and list templates, the schema.org kind of the item pages' JSON-LD, the
agenda's filters, the lists an item page shows of the items that refer to it, the choices of
`build.py new` and the editors' JSON Schemas. The build checks at start-up that the templates,
interface strings and section words a type needs exist (sitegen/stages/declared.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from schemas.item import Item

M = TypeVar("M", bound=Item)
LinkedData = dict[str, Any]


@dataclass(frozen=True)
class Listing(Generic[M]):
    """How lists of a type's items are ordered and cut: its list page, and the lists other
    item pages show of the items that refer to them."""

    # the sort key of a list (ties by slug); None: by file name
    order: Callable[[M], Any] | None = None
    newest_first: bool = False
    # the list page shows its items in groups, by this key (organisations by their role), in
    # the order of group_order (a group it does not name comes after those, by name)
    group: Callable[[M], str] | None = None
    group_order: tuple[str, ...] = ()
    # a long list comes in numbered pages of this many items; other item pages show only the
    # first RELATED_LIMIT of those that refer to them, with a link to the whole list
    per_page: int | None = None
    # also items not written in the page's language (shown in the language they are written in)
    every_language: bool = False


@dataclass(frozen=True)
class ContentType(Generic[M]):
    """One kind of content item: content/<name>/<slug>.yaml, validated by model."""

    name: str  # its folder, its key in site.yaml's sections, and section_<name> in the catalogs
    model: type[M]
    link_word: str  # a menu link to one item: '<link_word>:<slug>', such as 'page:contact'
    item_template: str  # the template of each item's page
    # the template of its section's list page (section words in site.yaml, section_<name> and
    # section_<name>_intro in the catalogs); None: no list page, its items lie in a language's
    # root (the plain pages)
    list_template: str | None = None
    schema_org: str | None = None  # the schema.org @type of its item pages' JSON-LD, if any
    # properties of that JSON-LD besides name, description, url and inLanguage
    linked_data: Callable[[M, str], LinkedData] | None = None
    # fields whose values each get a filtered list of their own (the agenda per theme: a field
    # that refers to a type is named by that type, 'themes'; another one by itself, 'audience')
    facets: tuple[str, ...] = ()
    listing: Listing[M] = field(default_factory=Listing)

    @property
    def has_list_page(self) -> bool:
        return self.list_template is not None


@dataclass(frozen=True)
class ContentTypes:
    """The content types of a site, in the order their pages are planned."""

    types: tuple[ContentType[Any], ...]

    def __iter__(self) -> Iterator[ContentType[Any]]:
        return iter(self.types)

    def __contains__(self, name: object) -> bool:
        return any(declared.name == name for declared in self.types)

    def __getitem__(self, name: str) -> ContentType[Any]:
        for declared in self.types:
            if declared.name == name:
                return declared
        raise KeyError(name)

    def model(self, name: str) -> type[Item]:
        """The model of a type's items, as the language factory takes it (schemas/languages.py)."""
        model: type[Item] = self[name].model
        return model

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(declared.name for declared in self.types)

    @property
    def sections(self) -> tuple[str, ...]:
        """The types with a list page of their own, each at a section word (/agenda/)."""
        return tuple(declared.name for declared in self.types if declared.has_list_page)

    @property
    def signature(self) -> str:
        """The declarations as text that stays the same between processes, to tell one set of
        types from another (a build repeated with other types is no repetition)."""
        return "|".join(
            f"{t.name}:{t.model.__module__}.{t.model.__qualname__}:{t.link_word}:"
            f"{t.item_template}:{t.list_template}:{t.schema_org}:{','.join(t.facets)}:"
            f"{t.listing.per_page}:{t.listing.newest_first}:{t.listing.every_language}"
            for t in self.types
        )

    def by_link_word(self, word: str) -> ContentType[Any] | None:
        return next((declared for declared in self.types if declared.link_word == word), None)

    def of_model(self, model: type[Item]) -> ContentType[Any] | None:
        """The type whose items are of this model class (or a subclass of it)."""
        return next((t for t in self.types if issubclass(t.model, model)), None)
