"""What every output is made from: the linked site, its pages, and the fragments the pages
left in the store (an event's calendar block, a news item's body for the feed)."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.reuse.fragments import FragmentStore


@dataclass(frozen=True)
class Built:
    site: Site
    pages: list[PageSpec]
    fragments: FragmentStore
