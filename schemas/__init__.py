"""The content contract: one pydantic model per content type (see CONTENT_TYPES)."""

from schemas.centre import Centre
from schemas.cluster import Cluster
from schemas.event import Event
from schemas.fields import Item
from schemas.news import News
from schemas.organisation import Organisation
from schemas.page import Page
from schemas.programme import Programme
from schemas.site import SiteSettings
from schemas.theme import Theme

# content/<folder>/ -> the model every file in it must satisfy
CONTENT_TYPES: dict[str, type[Item]] = {
    "themes": Theme,
    "clusters": Cluster,
    "organisations": Organisation,
    "events": Event,
    "programmes": Programme,
    "centres": Centre,
    "news": News,
    "pages": Page,
}

__all__ = ["CONTENT_TYPES", "Item", "SiteSettings"]
