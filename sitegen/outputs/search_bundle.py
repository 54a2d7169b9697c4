"""A search bundle: one Pagefind index of a share of one language's pages, and where it lies
(sitegen/outputs/search.py shares the pages out; search_indexer.py makes the bundles)."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model.urls import SEARCH_BUNDLE


@dataclass(frozen=True, order=True)
class Bundle:
    """One search bundle: one Pagefind index of a share of one language's pages."""

    lang: str
    number: int  # 1 is the one the search page loads; the others are merged into it
    # the site's own address (Urls.prefix): '/repo/' for a site in a sub-folder of its host
    site_prefix: str = "/"
    language_folder: str = ""  # its language's prefix: '' for the default language, 'en', ...

    @property
    def folder(self) -> str:
        """Its folder in the site: pagefind, pagefind-2, en/pagefind, ..."""
        name = SEARCH_BUNDLE if self.number == 1 else f"{SEARCH_BUNDLE}-{self.number}"
        return f"{self.language_folder}/{name}" if self.language_folder else name

    @property
    def url(self) -> str:
        """Its address: /pagefind/, /en/pagefind-2/, /repo/en/pagefind/, ..."""
        return f"{self.site_prefix}{self.folder}/"
