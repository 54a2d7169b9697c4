"""What templates/partials/picture.html shows of an item's image, in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from jinja2.runtime import Context

from sitegen.model.entry import Entry
from sitegen.model.images import PublishedImage, Variant
from sitegen.model.site import Site

# the widths a picture takes in the layout: the page's column, a card in a list
SIZES = {"page": "(min-width: 48rem) 46rem, 100vw", "card": "(min-width: 48rem) 22rem, 100vw"}


@dataclass(frozen=True)
class Picture:
    src: str
    srcset: str
    webp_srcset: str
    width: int
    height: int
    alt: str
    sizes: str


@pass_context
def picture(context: Context, entry: Entry, place: str = "card") -> Picture | None:
    """The item's image for a <picture> (None without one): addresses on the site, alt text
    in the page's language, '' for a decorative image."""
    site: Site = context["site"]
    image = site.image(entry)
    model = entry.model.image
    if image is None or model is None:
        return None
    lang = context["L"].lang  # a card (render.py once_per_item) sees no page
    alt = model.alt.get(lang) if model.alt is not None and not model.decorative else ""
    largest = image.fallback[-1]
    return Picture(
        address(site, largest),
        srcset(site, image.fallback),
        srcset(site, image.webp),
        largest.width,
        largest.height,
        alt,
        SIZES[place],
    )


def address(site: Site, variant: Variant) -> str:
    return site.urls.address(variant.path)


def absolute(site: Site, variant: Variant) -> str:
    return site.urls.absolute(address(site, variant))


def srcset(site: Site, variants: tuple[Variant, ...]) -> str:
    return ", ".join(f"{address(site, v)} {v.width}w" for v in variants)


def preview(site: Site, entry: Entry, lang: str) -> tuple[PublishedImage, str] | None:
    """The image for link previews and feeds, with its alt text in lang."""
    image = site.image(entry)
    model = entry.model.image
    if image is None or model is None:
        return None
    alt = model.alt.get(lang) if model.alt is not None and not model.decorative else ""
    return image, alt
