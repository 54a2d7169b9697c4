"""The content contract: one pydantic model per content type, each declared beside its model
(schemas/content_type.py says what a declaration holds).

The models are made when one of this package's names is first used, not when the package is
imported: a build that repeats the previous one reads no content and needs only its light
modules, such as schemas.clock (making the models took half of that build's start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemas.content_type import ContentType, ContentTypes
    from schemas.item import Item
    from schemas.site import SiteSettings

    CONTENT_TYPES: ContentTypes

__all__ = ["CONTENT_TYPES", "ContentType", "ContentTypes", "Item", "SiteSettings"]


def _site_content_types() -> ContentTypes:
    """The site's content types, in the order their pages are planned (and listed in the
    sitemap). A new type is one line here, and its declaration beside its model."""
    from schemas.centre import CENTRES
    from schemas.cluster import CLUSTERS
    from schemas.content_type import ContentTypes
    from schemas.event import EVENTS
    from schemas.news import NEWS
    from schemas.organisation import ORGANISATIONS
    from schemas.page import PAGES
    from schemas.programme import PROGRAMMES
    from schemas.theme import THEMES

    return ContentTypes((EVENTS, NEWS, CLUSTERS, THEMES, ORGANISATIONS, PROGRAMMES, CENTRES, PAGES))


def __getattr__(name: str) -> Any:
    """The package's names, made at their first use (PEP 562), then kept as module globals."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from schemas.content_type import ContentType, ContentTypes
    from schemas.item import Item
    from schemas.site import SiteSettings

    names: dict[str, Any] = {
        "ContentType": ContentType,
        "ContentTypes": ContentTypes,
        "Item": Item,
        "SiteSettings": SiteSettings,
        "CONTENT_TYPES": _site_content_types(),
    }
    globals().update(names)
    return names[name]
