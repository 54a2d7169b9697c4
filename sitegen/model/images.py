"""An item's image as published: its variants' addresses and sizes (made by stages/images.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    path: str  # in the site: media/<content hash>-<width>.<ext>
    width: int
    height: int
    media_type: str  # image/webp, image/jpeg or image/png


@dataclass(frozen=True)
class PublishedImage:
    """The WebP variants and their JPEG (photo) or PNG (transparency) fallbacks, widest last."""

    source: str  # the file in content/, for messages
    digest: str  # of the file's bytes and the variant settings
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]
