"""The content contract: one pydantic model per content type, each declared beside its model
(schemas/content_type.py says what a declaration holds)."""

from schemas.centre import CENTRES
from schemas.cluster import CLUSTERS
from schemas.content_type import ContentType, ContentTypes
from schemas.event import EVENTS
from schemas.item import Item
from schemas.news import NEWS
from schemas.organisation import ORGANISATIONS
from schemas.page import PAGES
from schemas.programme import PROGRAMMES
from schemas.site import SiteSettings
from schemas.theme import THEMES

# The site's content types, in the order their pages are planned (and listed in the sitemap).
# A new type is one line here, and its declaration beside its model.
CONTENT_TYPES = ContentTypes(
    (EVENTS, NEWS, CLUSTERS, THEMES, ORGANISATIONS, PROGRAMMES, CENTRES, PAGES)
)

__all__ = ["CONTENT_TYPES", "ContentType", "ContentTypes", "Item", "SiteSettings"]
