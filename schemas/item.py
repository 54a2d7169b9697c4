"""The base of every content item, a file of its own: its words per language (schemas/fields.py
Words), whether and when it is published, and where its pages were published before."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from schemas.fields import MOMENT_FORMS, SLUG_PATTERN, Moment, Words
from schemas.images import Image

# --- Former addresses (moved pages): where an item's pages were published before ---------
# A former slug moves every language's page; a path moves one address, in the language of its
# folder. sitegen/stages/redirects.py turns each into a redirect page, and checks that none
# lands on a page the build publishes, on another redirect or on the item itself.
_SITE_PATH = r"/(?:[a-z0-9_~-]+(?:\.[a-z0-9_~-]+)*/)*(?:[a-z0-9_~-]+(?:\.[a-z0-9_~-]+)*\.html)?"
FORMER_ADDRESS_PATTERN = f"^(?:{SLUG_PATTERN[1:-1]}|{_SITE_PATH})$"
FORMER_ADDRESS_FORMS = (
    "a former file name such as 'oude-naam' (moves the item's page in every language), or an"
    " address on this site from its first slash, such as '/agenda/oude-naam/' or"
    " '/en/events/old-name/' (moves that one page): lowercase, no https://, host, '..' or '?'"
)


def _former_address(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(FORMER_ADDRESS_PATTERN, text) or text == "/":
        shown = text or repr(value)
        raise PydanticCustomError(
            "former_address",
            f"'{shown}' is not a former file name or an address of this site",
            {"hint": f"write {FORMER_ADDRESS_FORMS}"},
        )
    return text


FormerAddress = Annotated[
    str,
    PlainValidator(_former_address),
    WithJsonSchema(
        {"type": "string", "pattern": FORMER_ADDRESS_PATTERN, "description": FORMER_ADDRESS_FORMS}
    ),
]


class Item(Words):
    """Any content item, a file of its own: facts once, words per language."""

    # --- Publication: whether and when the item is on the site (sitegen/model/publication.py)
    draft: bool = Field(
        default=False,
        description="true: only the live preview shows it, marked as a draft; the site does not",
    )
    publish_from: Moment | None = Field(
        default=None,
        description="the first day (or day and Dutch time) the item is on the site; "
        + MOMENT_FORMS,
    )
    publish_until: Moment | None = Field(
        default=None,
        description="the last day the item is on the site (a day: to the end of it; a day and"
        " time: until that time); " + MOMENT_FORMS,
    )

    # --- end of publication

    # --- moved pages ---
    former_addresses: list[FormerAddress] = Field(
        default_factory=list,
        description="where this item's page was published before it was renamed or moved;"
        " the site sends visitors of each on to its page now. Each is " + FORMER_ADDRESS_FORMS,
    )
    # --- end of moved pages ---

    # --- images ---
    image: Image | None = Field(default=None, description="an image with this item (optional)")
    # --- end of images ---
