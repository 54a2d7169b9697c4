"""An item's image: the file in content/ and its alt text per language. The build checks and
resizes it in sitegen/stages/images.py."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from schemas.fields import ContentModel, Localized

# --- Images (issue 13): an item's picture, checked and resized by sitegen/stages/images.py ---
# no part starts with a dot (so no ../) and no leading /: the file stays inside content/
_PART = r"[A-Za-z0-9_-][A-Za-z0-9_.-]*"
IMAGE_PATH_PATTERN = rf"^({_PART}/)*{_PART}\.(jpg|jpeg|png|webp|JPG|JPEG|PNG|WEBP)$"
ImagePath = Annotated[
    str,
    StringConstraints(pattern=IMAGE_PATH_PATTERN, max_length=200),
    Field(
        description="the image file, relative to content/, e.g. media/kas-westland.jpg:"
        " a JPEG, PNG or WebP (no SVG: export it as a PNG) at least 480 pixels wide"
    ),
]


class ImageAlt(Localized):  # what the image shows, for visitors who cannot see it
    value_description = "what the image shows, in {language}"


class Image(ContentModel):
    """An image with the item: shown on its page, in lists, feeds and link previews."""

    file: ImagePath
    alt: ImageAlt | None = Field(
        default=None, description="what the image shows, per language; required unless decorative"
    )
    decorative: bool = Field(default=False, description="true if it adds nothing: no alt text")

    @model_validator(mode="after")
    def _alt_unless_decorative(self) -> Image:
        if self.alt is None and not self.decorative:
            raise ValueError(
                "an image needs alt text in every language (alt: with a line per language),"
                " or decorative: true when it adds nothing to the words"
            )
        if self.alt is not None and self.decorative:
            # the page would show alt="" and the words written would vanish unseen
            raise ValueError(
                "an image is either decorative (no alt text) or has alt text: remove alt:,"
                " or remove decorative: true"
            )
        return self
