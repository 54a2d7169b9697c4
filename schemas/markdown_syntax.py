"""The Markdown editors write, as GitHub reads it (GFM), and what of it the site cannot show.

Editors know Markdown from GitHub, so bodies are read by markdown-it-py with the GFM plugin of
mdit-py-plugins: CommonMark plus tables, ~~strikethrough~~, task lists, footnotes and bare
links (www.example.org, https://...). GitHub's alerts (`> [!NOTE]`) stay plain quotes, as in
cmark-gfm. The check below reads bodies with this parser, and so does the renderer
(sitegen/stages/markdown.py) for a body that needs the site's own rules; cmark-gfm renders the
others, and renders every shipped and benchmark body as this parser does (issue 16).

Links go only where a visitor can follow them safely: a web or mail address, a phone number, or
an address on the site. Any other link is shown as written instead of becoming a dead link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.gfm_autolink._match import check_prev, match_any_email, match_http
from mdit_py_plugins.gfm_autolink.index import _create_autolink

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# a scheme is letters, digits, '+', '-', '.' before the first ':' (RFC 3986); anything else
# ('/agenda/', '#programma', 'verslag.pdf', '?q=1') is an address on the site
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")


def link_allowed(url: str) -> bool:
    """Whether a link may lead here: one of LINK_SCHEMES, or no scheme at all (the site)."""
    cleaned = _CONTROL_OR_SPACE.sub("", url)
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme[1].lower() in LINK_SCHEMES


def new_gfm_parser() -> MarkdownIt:
    """A parser as every body is read (the renderer adds its own output rules to one)."""
    parser = MarkdownIt("commonmark").use(gfm_plugin)
    parser.options["alerts"] = False  # cmark-gfm, which GitHub's renderer is, has none
    parser.validateLink = link_allowed  # type: ignore[method-assign]
    parser.inline.ruler.at("gfm_autolink_protocol", _address_after_scheme)
    return parser


_SCHEME_BEFORE_COLON = re.compile(r"(https?|mailto|xmpp)\Z")
_ADDRESS_END = re.compile("[ \t\r\n\x00\x0b\x0c<]")  # where a bare address ends (GFM)


def _address_after_scheme(state: StateInline, silent: bool) -> bool:
    """The GFM plugin's rule for a bare 'https://...', 'mailto:...' or 'xmpp:...', reading
    only what it needs. The plugin's own searches all the text read so far in the paragraph at
    every ':' (0.1.0 to 0.7.0 at least), so that 20,000 characters with thousands of colons took
    seconds: here the scheme is looked for in the last six characters, and the address only up
    to where it must end. What it matches is the plugin's (its matching functions)."""
    at = state.pos
    if state.linkLevel > 0 or state.src[at] != ":":
        return False
    found = _SCHEME_BEFORE_COLON.search(state.pending[-6:])
    if found is None:
        return False
    scheme = found[1]
    start = at - len(scheme)
    if start > 0 and not check_prev(state.src[start - 1]):
        return False
    end = _ADDRESS_END.search(state.src, at, state.posMax)
    candidate = scheme + state.src[at : end.start() if end else state.posMax]
    if scheme in ("mailto", "xmpp"):
        matched = match_any_email(candidate, len(scheme) + 1, scheme)
    else:
        matched = match_http(candidate)
    if matched is None or silent:  # silent: inside a link's text, where no link may start
        return False
    url, length = matched
    if not state.md.validateLink(state.md.normalizeLink(url)):
        return False  # checked first: the plugin would drop the scheme's letters (xmpp:)
    return bool(_create_autolink(state, len(scheme), length, url, candidate[:length]))


# one per process: markdown-it keeps no state between documents
gfm_parser = cache(new_gfm_parser)


def image_problem(text: str) -> str | None:
    """An image written in Markdown ('![alt](photo.jpg)'), in an editor's words; None if none.

    An item's image goes in its image: field (sitegen/stages/images.py makes its variants and
    checks its alt text per language); an image in a body would bypass those checks, so
    `check` names it instead and points to the field.
    """
    line = image_line(text)
    if line is not None:
        return (
            f"line {line} of the text shows an image (written '![text](address)'); the site"
            " cannot publish images in a text: give the item an image with the image: field,"
            " remove the '!' to link to the image instead, as [text](address), or leave it out"
        )
    return None


def image_line(text: str) -> int | None:
    """The line (1-based, in the text) of the first image, if any."""
    if "![" not in text:  # the common case costs one scan, no parse
        return None
    return next(_image_lines(text), None)


def _image_lines(text: str) -> Iterator[int]:
    """The line (1-based, in the text) of each image, in order."""
    lines = text.split("\n")
    for block in gfm_parser().parse(text):
        if block.type != "inline" or not _has_image(block.children or []):
            continue
        first, last = block.map or (0, len(lines))
        written = [number for number in range(first, last) if "![" in lines[number]]
        yield (written[0] if written else first) + 1


def _has_image(tokens: list[Token]) -> bool:
    return any(token.type == "image" or _has_image(token.children or []) for token in tokens)
