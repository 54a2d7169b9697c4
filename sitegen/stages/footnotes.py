"""Footnotes in GitHub's markup (cmark-gfm's), instead of mdit-py-plugins' own.

A reference is the note's number, raised, linking to the note; the notes are a numbered list
at the end of the body, each linking back to where it was referred to. Ids are made from the
number (fn-1, fnref-1), so any label an editor writes ([^bron], [^1]) gives a valid id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

Rule = Callable[[object, Sequence[Token], int, OptionsDict, EnvType], str]


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
    return f' <a href="#{_reference_id(token)}" class="footnote-backref">\u21a9{extra}</a>'


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
    "footnote_block_open": _fixed('<section class="footnotes">\n<ol>\n'),
    "footnote_block_close": _fixed("</ol>\n</section>\n"),
}
