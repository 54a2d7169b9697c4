"""Markdown bodies to safe HTML: tables, lists and headings with anchors, then sanitised."""

from __future__ import annotations

import re
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
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_LINK_TAG = re.compile(r"<a\s[^>]*>")
_ROOT_RELATIVE_HREF = re.compile(r'\bhref="/(?!/)')
# nh3 adds rel to every link, also to one whose unsafe href it removed; rel without href is
# invalid HTML, so it is taken off again there (attribute values are quoted and escaped by nh3).
_REL_WITHOUT_HREF = re.compile(r'<a((?: (?!href=)[a-z-]+="[^"]*")*) rel="noopener noreferrer"')
_converter = markdown.Markdown(
    extensions=["tables", "sane_lists", "toc", "smarty"],
    extension_configs={"toc": {"permalink": False}, "smarty": {"smart_quotes": False}},
    output_format="html",
)


@lru_cache(maxsize=4096)
def render_markdown(text: str, shift: int = 0) -> Markup:
    """Markdown -> sanitised HTML (no scripts, no event handlers, no javascript: links).

    shift lowers every heading by that many levels, for bodies shown under a sub-heading.
    Wide tables get a focusable scroll container so phones can scroll them sideways.
    """
    html = _converter.reset().convert(text)
    if shift:
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", html)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    clean = _REL_WITHOUT_HREF.sub(r"<a\1", clean)
    wrapped = clean.replace("<table>", '<div class="table-wrap" tabindex="0"><table>').replace(
        "</table>", "</table></div>"
    )
    return Markup(wrapped)


def with_site_prefix(html: Markup, prefix: str) -> Markup:
    """Root-relative links an editor wrote ('/agenda/') under the site's own path, so that they
    still lead into the site when it is published in a sub-folder ('/repo/agenda/'). Done
    after the fragment cache, so that one cached body serves every base URL."""
    if prefix == "/":
        return html
    under = f'href="{prefix}'
    return Markup(_LINK_TAG.sub(lambda tag: _ROOT_RELATIVE_HREF.sub(under, tag[0]), html))
