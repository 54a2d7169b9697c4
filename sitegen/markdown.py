"""Markdown bodies to safe HTML: tables, lists and headings with anchors, then sanitised."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "sup", "sub", "dl", "dt", "dd",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
}
_converter = markdown.Markdown(
    extensions=["tables", "sane_lists", "toc", "smarty"],
    extension_configs={"toc": {"permalink": False}, "smarty": {"smart_quotes": False}},
    output_format="html",
)


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Markdown -> sanitised HTML (no scripts, no event handlers, no javascript: links)."""
    html = _converter.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
