"""Markdown bodies to safe HTML, rendered as GitHub renders them, then sanitised with nh3.

Two parsers, one result. cmark-gfm (PyPI cmarkgfm: GitHub's own renderer, in C) renders most
bodies, about 20 times faster than markdown-it-py (issue 16: Markdown was 30% of a clean
build). A body that needs one of the site's own output rules goes to schemas/markdown_syntax.py's
parser (markdown-it-py with GFM, which `check` reads bodies with) instead: raw HTML, a link the
site does not follow, a task list, a footnote. cmark-gfm says so itself: in its safe mode, raw
HTML becomes a fixed comment and a javascript: link an empty href, and the rest shows in its
HTML (benchmarks/markdown_engines.py compares both on the corpus and the CommonMark spec).
Either way the HTML then gets the site's shape:
headings one level under the page title, with anchors; footnotes in GitHub's markup; raw HTML
the site does not keep shown as written, so that nothing an editor wrote vanishes unseen; then
nh3 with an allow-list as the last guard.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from schemas.markdown_syntax import LINK_SCHEMES, link_allowed, new_gfm_parser
from sitegen.stages.footnotes import FOOTNOTE_RULES, NOTES_HEADING_CLASS, NoteWords, render_env

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "sup", "sub", "dl", "dt", "dd",
    "span",  # only with lang: words in another language than the page's, e.g. a quotation
    "del", "input", "label", "section",  # what GFM adds: ~~strike~~, task lists, footnotes
})  # fmt: skip
ALLOWED_ATTRIBUTES = {
    # id: a footnote reference, which the note links back to; aria-label: the back link's words
    "a": {"href", "title", "id", "aria-label"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "li": {"id"},  # a footnote
    "input": {"checked", "disabled"},
    "span": {"lang"},
}
# a task list's box is a checkbox that cannot be ticked on the site
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
_FORCED_ATTRIBUTES = {"input": {"disabled": ""}}
_ALIGNMENTS = ("align-left", "align-center", "align-right")
EDITORS_CLASSES = {"th": set(_ALIGNMENTS), "td": set(_ALIGNMENTS), "section": {"footnotes"}}
# the footnotes' heading, at the level of the body's headings; raw HTML may not hide a heading
ALLOWED_CLASSES = EDITORS_CLASSES | {f"h{level}": {NOTES_HEADING_CLASS} for level in range(2, 7)}

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG_IN_TEXT = re.compile(r"<[^>]*>")
_NUMBERED = re.compile(r"(.*)_([0-9]+)")
_ALIGNED_CELL = re.compile(r'<(th|td) style="text-align: ?(left|center|right);?">')
_LINK_TAG = re.compile(r"<a\s[^>]*>")
_ROOT_RELATIVE_HREF = re.compile(r'\bhref="/(?!/)')
# nh3 adds rel to every link, also to one whose unsafe href it removed; rel without href is
# invalid HTML, so it is taken off again there (attribute values are quoted and escaped by nh3).
_REL_WITHOUT_HREF = re.compile(r'<a((?: (?!href=)[a-z-]+="[^"]*")*) rel="noopener noreferrer"')
# one tag inside raw HTML, with its attributes (quoted values may hold '>'); or a comment, a
# declaration (<!DOCTYPE>), a processing instruction (<?php ?>) or CDATA, which nh3 drops
_RAW_TAG = re.compile(
    r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"""
    r"|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>|<\?.*?\?>",
    re.DOTALL,
)
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)  # nl, en-GB
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


# GitHub's extensions (tagfilter is not needed: raw HTML never takes the fast way); safe mode
_CMARK_EXTENSIONS = ["table", "autolink", "strikethrough", "tasklist"]
_CMARK_OPTIONS = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
# what in cmark-gfm's HTML only the site's own rules render as the site wants: raw HTML (safe
# mode's comment), a task's box (it gets a <label>), a footnote (ids by number, the page's words)
_NEEDS_SITE_RULES = re.compile(
    r"<!-- raw HTML omitted -->|<input type=\"checkbox\"|<sup class=\"footnote-ref\">"
)
_ADDRESS = re.compile(r' (?:href|src)="([^"]*)"')


@lru_cache(maxsize=4096)
def render_markdown(text: str, shift: int = 0, words: NoteWords | None = None) -> Markup:
    """Markdown -> sanitised HTML (no scripts, no event handlers, no javascript: links).

    The body's largest heading becomes a level 2 heading (the page title is the level 1), and
    shift lowers them by that many levels more, for bodies shown under a sub-heading.
    Wide tables get a focusable scroll container so phones can scroll them sideways.
    words are the footnotes' heading and back-link label, in the page's language.
    """
    rendered = fast_html(text)
    if rendered is None:
        rendered = site_markdown().render(text, render_env(words, shift))
    return Markup(finish(rendered, shift))


def fast_html(text: str) -> str | None:
    """cmark-gfm's HTML of a body, as GitHub renders it; None when the body needs a rule of
    the site's own (raw HTML, a task list, a footnote, a link the site does not follow)."""
    rendered = str(
        cmarkgfm.markdown_to_html_with_extensions(
            text, options=_CMARK_OPTIONS, extensions=_CMARK_EXTENSIONS
        )
    )
    if _NEEDS_SITE_RULES.search(rendered):
        return None
    for address in _ADDRESS.findall(rendered):
        # empty: safe mode's for a javascript: link, or [text]() itself; either way the site's
        if not address or not link_allowed(html.unescape(address)):
            return None
    return rendered


def finish(rendered: str, shift: int = 0) -> str:
    """The site's shape for the HTML of a body (from our parser, or in tests GitHub's)."""
    with_headings = _place_headings(rendered, shift)
    aligned = _ALIGNED_CELL.sub(r'<\1 class="align-\2">', with_headings)
    clean = nh3.clean(
        aligned,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        set_tag_attribute_values=_FORCED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
    )
    clean = _REL_WITHOUT_HREF.sub(r"<a\1", clean)
    return clean.replace("<table>", '<div class="table-wrap" tabindex="0"><table>').replace(
        "</table>", "</table></div>"
    )


def _place_headings(rendered: str, shift: int) -> str:
    """Headings one level under the page's (the body's largest becomes h2, plus shift), each
    with an anchor made from its text as Python-Markdown made them, so old links still work."""
    levels = [int(found[1]) for found in _HEADING.finditer(rendered)]
    if not levels:
        return rendered
    lower_by = 2 - min(levels) + shift
    used: set[str] = set()
    last: dict[str, str] = {}

    def placed(found: re.Match[str]) -> str:
        level = min(int(found[1]) + lower_by, 6)
        anchor = _unique(_slug(html.unescape(_TAG_IN_TEXT.sub("", found[2]))), used, last)
        return f'<h{level} id="{anchor}">{found[2]}</h{level}>'

    return _HEADING.sub(placed, rendered)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", words)


def _unique(anchor: str, used: set[str], last: dict[str, str]) -> str:
    """'kop', then 'kop_1', 'kop_2', as Python-Markdown numbered a heading's anchor when the
    same words came again. last remembers where each search ended, so that 200 equal headings
    cost 200 steps, not 20,000."""
    candidate = last.get(anchor, anchor)
    while candidate in used or not candidate:
        numbered = _NUMBERED.fullmatch(candidate)
        candidate = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{candidate}_1"
    used.add(candidate)
    last[anchor] = candidate
    return candidate


@cache
def site_markdown(keep_raw_html: bool = False) -> MarkdownIt:
    """The GFM parser with the site's output rules. keep_raw_html passes every raw tag on to
    nh3, as GitHub does; only the test against the CommonMark spec wants that."""
    parser = new_gfm_parser()
    parser.add_render_rule("s_open", lambda *_: "<del>")  # GitHub's tag for ~~struck~~ text
    parser.add_render_rule("s_close", lambda *_: "</del>")
    for name, rule in FOOTNOTE_RULES.items():
        parser.add_render_rule(name, rule)
    parser.core.ruler.push("task_labels", _label_task_boxes)
    parser.add_render_rule("task_label_open", _task_label_open)
    parser.add_render_rule("task_label_close", lambda *_: "</label>")
    if not keep_raw_html:
        parser.add_render_rule("html_inline", _raw_html)
        parser.add_render_rule("html_block", _raw_html)
    return parser


def _label_task_boxes(state: StateCore) -> None:
    """A task's box and its words in one <label>, so that a screen reader names the box (axe's
    WCAG rule 'label'); GitHub puts the box before the words without one. The box moves from
    the list item into the item's first line, where a <label> may stand."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or "checked" not in (token.meta or {}):
            continue
        after = range(index + 1, len(tokens))  # not a slice: that copies the rest each time
        words = next((tokens[i] for i in after if tokens[i].type == "inline"), None)
        if words is None or words.level != token.level + 2:  # no line of its own: leave it
            continue
        opening = Token("task_label_open", "label", 1, meta={"checked": token.meta.pop("checked")})
        words.children = [opening, *(words.children or []), Token("task_label_close", "label", -1)]


def _task_label_open(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    checked = ' checked=""' if tokens[idx].meta["checked"] else ""
    return f'<label><input type="checkbox" disabled=""{checked}> '


def _raw_html(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Raw HTML as written where the site keeps every tag in it; a tag it would drop (a
    <script>, an <iframe>, a style="...") is shown as text, so the editor sees it, and so is
    the closing tag of one shown that way."""
    shown: dict[str, int] = env.setdefault("raw_tags_shown", {})

    def kept_or_shown(found: re.Match[str]) -> str:
        closing, name, attributes = bool(found[1]), (found[2] or "").lower(), found[3] or ""
        if not name:  # a comment is a note for editors, which GitHub does not show either
            comment = found[0].startswith("<!--")
            return found[0] if comment else html.escape(found[0], quote=False)
        if closing and shown.get(name):
            shown[name] -= 1
        elif raw_tag_kept(name, attributes, closing=closing):
            return found[0]
        elif not closing:
            shown[name] = shown.get(name, 0) + 1
        return html.escape(found[0], quote=False)

    return _RAW_TAG.sub(kept_or_shown, tokens[idx].content)


def raw_tag_kept(name: str, attributes: str, *, closing: bool = False) -> bool:
    """Whether nh3 keeps this tag with every attribute written on it."""
    tag = name.lower()
    if tag not in ALLOWED_TAGS:
        return False
    if closing:
        return True
    allowed = ALLOWED_ATTRIBUTES.get(tag, set())
    values = _ATTRIBUTE_VALUES.get(tag, {})
    named: set[str] = set()
    for written in _ATTRIBUTE.finditer(attributes):
        attribute = written[1].lower()
        named.add(attribute)
        value = html.unescape((written[2] or "").strip("\"'"))
        if attribute in values and value in values[attribute]:
            continue
        if attribute == "class" and set(value.split()) <= EDITORS_CLASSES.get(tag, set()):
            continue
        if attribute not in allowed or (attribute == "href" and not link_allowed(value)):
            return False
        if attribute == "lang" and not _LANGUAGE_TAG.fullmatch(value):
            return False
    return tag != "span" or "lang" in named  # a span says nothing without its language


def with_site_prefix(html: Markup, prefix: str) -> Markup:
    """Root-relative links an editor wrote ('/agenda/') under the site's own path, so that they
    still lead into the site when it is published in a sub-folder ('/repo/agenda/'). Done
    after the fragment cache, so that one cached body serves every base URL."""
    if prefix == "/":
        return html
    under = f'href="{prefix}'
    return Markup(_LINK_TAG.sub(lambda tag: _ROOT_RELATIVE_HREF.sub(under, tag[0]), html))
