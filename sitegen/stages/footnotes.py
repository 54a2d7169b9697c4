"""Footnotes in GitHub's markup (cmark-gfm's), instead of mdit-py-plugins' own.

A reference is the note's number, raised, linking to the note; the notes are a numbered list
at the end of the body, each linking back to where it was referred to. Ids are made from the
number (fn-1, fnref-1), so any label an editor writes ([^bron], [^1]) gives a valid id.

The notes' heading (for screen readers, as on GitHub) and each back link's label are in the
page's language: NoteWords from its catalog (templates/i18n), given in the render's env.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import NamedTuple

from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

Rule = Callable[[object, Sequence[Token], int, OptionsDict, EnvType], str]
NOTES_HEADING_CLASS = "visually-hidden"  # heard by screen readers, not shown (site.css)


class NoteWords(NamedTuple):
    """The words of the footnotes in one language: the heading, and the back link's label."""

    heading: str  # 'Voetnoten'
    back: str  # 'Terug naar verwijzing {number}'


def note_words(catalog: Mapping[str, str]) -> NoteWords | None:
    """The footnotes' words from a language's catalog; None for templates without them."""
    heading, back = catalog.get("footnotes"), catalog.get("footnote_back")
    return NoteWords(heading, back) if heading and back else None


def render_env(words: NoteWords | None, shift: int) -> dict[str, object]:
    """What the footnote rules read: the words (None: GitHub's markup, without them) and the
    heading's level, that of the body's own largest headings."""
    return {"note_words": words, "notes_level": min(2 + shift, 6)}


def _number(token: Token) -> str:
    return str(token.meta["id"] + 1)


def _reference_id(token: Token) -> str:
    """fnref-1 for the first reference to note 1, fnref-1-2 for the second, as on GitHub."""
    again = token.meta.get("subId", 0)
    return f"fnref-{_number(token)}" + (f"-{again + 1}" if again > 0 else "")


def _reference(
    _: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    number = _number(token)
    return (
        f'<sup class="footnote-ref"><a href="#fn-{number}" id="{_reference_id(token)}">'
        f"{number}</a></sup>"
    )


def _back_link(
    _: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    again = token.meta.get("subId", 0)
    extra = f'<sup class="footnote-ref">{again + 1}</sup>' if again > 0 else ""
    words = env.get("note_words")
    label = ""
    if isinstance(words, NoteWords):
        number = _number(token) + (f"-{again + 1}" if again > 0 else "")  # as GitHub: 1-2
        label = f' aria-label="{escape(words.back.format(number=number))}"'
    return f' <a href="#{_reference_id(token)}" class="footnote-backref"{label}>\u21a9{extra}</a>'


def _notes_open(
    _: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    words, level = env.get("note_words"), env.get("notes_level", 2)
    heading = ""
    if isinstance(words, NoteWords):
        heading = f'<h{level} class="{NOTES_HEADING_CLASS}">{escape(words.heading)}</h{level}>\n'
    return f'<section class="footnotes">\n{heading}<ol>\n'


def _note_open(
    _: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<li id="fn-{_number(tokens[idx])}">\n'


def _fixed(markup: str) -> Rule:
    def rule(
        _: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return markup

    return rule


FOOTNOTE_RULES: dict[str, Rule] = {
    "footnote_ref": _reference,
    "footnote_anchor": _back_link,
    "footnote_open": _note_open,
    "footnote_close": _fixed("</li>\n"),
    "footnote_block_open": _notes_open,
    "footnote_block_close": _fixed("</ol>\n</section>\n"),
}
