"""How much a Markdown body may ask of the renderer, checked in one linear pass.

The limits were set for Python-Markdown (issue 17), which is quadratic, or worse, in a few
shapes of text: every '[' without its ']' (or '](' without its ')') makes five inline patterns
scan the rest of the paragraph, every match of '*', '_' or '`' rebuilds the paragraph's text,
unclosed '<' tags are re-read by its HTML parser, chained list markers ('- - - x') nest a list
per marker, a table's rows are padded to its widest row, and each heading's anchor is made
unique by counting up. A 20 KB body of '[' took 125 s. markdown-it-py, the renderer since
issue 13, takes at most about 2 s for any of those shapes up to the size limit (a wide table
header over thousands of empty rows), and grows faster than the text in a few ('<!--'
repeated, chained list markers), so the limits stay. They refuse such a body while it is
validated, so `check` reports it and neither a build nor the preview renders it.
benchmarks/markdown_worst_cases.py measures what each limit protects against, and GFM's own
shapes (footnotes, task lists, bare links, raw HTML shown as text); the shipped content stays
far below all of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

MAX_BODY_CHARS = 20_000
MAX_NESTING = 10
MAX_TABLE_CELLS = 2_000
MAX_HEADINGS = 200
MAX_ANGLE_BRACKETS = 500
MAX_EMPHASIS_MARKS = 5_000
# Characters the link patterns scan from every '[' to its ']' and from every '](' to its ')'
# (to the end of the paragraph when one is missing); at 500,000 the worst shape found, unclosed
# '![', rendered in about 0.4 s with Python-Markdown. A shipped body scans at most a few hundred.
MAX_BRACKET_SCAN = 500_000

LIMITS_SUMMARY = (
    f"at most {MAX_BODY_CHARS:,} characters; lists and quotes at most {MAX_NESTING} levels"
    " deep; every '[' closed by ']' in the same paragraph"
)

# one container level at the start of a line: a quote marker, or a list marker and a space
_CONTAINER = re.compile(r">[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_HORIZONTAL_RULE = re.compile(r"[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
_HEADING = re.compile(r"^[ \t]*(?:#|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_CONTAINER_START = frozenset(" \t>-*+0123456789")  # what a line opening one starts with
_QUOTE = re.compile("['\"]")
_SPECIAL = {("[", "]"): re.compile(r"[\\\[\]]"), ("(", ")"): re.compile(r"[\\()]")}
# Each container level takes at least one character of a line's leading run of indentation
# and marker characters (a tab, four columns at most, one level), so a line without such a run
# longer than MAX_NESTING cannot nest too deep: one search of the text instead of every line
# (after a newline: a search that starts with a character runs many times faster than ^).
_TOO_DEEP_START = rf"[ \t>*+\-.)\d]{{{MAX_NESTING + 1}}}"
_MAYBE_TOO_DEEP_FIRST = re.compile(_TOO_DEEP_START)
_MAYBE_TOO_DEEP_LATER = re.compile("\n" + _TOO_DEEP_START)


def markdown_problem(text: str) -> str | None:
    """What makes this body too costly to render, in an editor's words; None when it is fine."""
    if len(text) > MAX_BODY_CHARS:
        return (
            f"the text is {len(text):,} characters long; a body may hold at most"
            f" {MAX_BODY_CHARS:,}: split it over several items or pages"
        )
    return (
        _nesting_problem(text)
        or _count_problem(text)
        or _table_problem(text)
        or _bracket_problem(text)
    )


def _nesting_problem(text: str) -> str | None:
    if not (_MAYBE_TOO_DEEP_FIRST.match(text) or _MAYBE_TOO_DEEP_LATER.search(text)):
        return None  # nearly every body: no need to look at its lines
    for number, line in enumerate(text.split("\n"), start=1):
        if line[:1] not in _CONTAINER_START:  # most lines: text, which opens no container
            continue
        levels = _nesting(line)
        if levels > MAX_NESTING:
            return (
                f"line {number} of the text nests lists or quotes {levels} levels deep"
                f" (4 spaces of indentation count as one); at most {MAX_NESTING} are allowed:"
                " use fewer levels"
            )
    return None


def _nesting(line: str) -> int:
    """Container levels a line opens: indentation (4 spaces a level) plus chained markers."""
    if _HORIZONTAL_RULE.fullmatch(line):
        return 0
    expanded = line.expandtabs(4)
    position = len(expanded) - len(expanded.lstrip(" "))
    levels = position // 4
    while marker := _CONTAINER.match(expanded, position):
        levels += 1
        position = marker.end()
    return levels


def _count_problem(text: str) -> str | None:
    # a heading is one line: a body of fewer lines than the limit need not be searched
    headings = len(_HEADING.findall(text)) if text.count("\n") >= MAX_HEADINGS else 0
    if headings > MAX_HEADINGS:
        return (
            f"the text has {headings:,} headings (or lines of only '-' or '='); at most"
            f" {MAX_HEADINGS} are allowed: split it over several items or pages"
        )
    angles = text.count("<")
    if angles > MAX_ANGLE_BRACKETS:
        return (
            f"the text has {angles:,} '<'; at most {MAX_ANGLE_BRACKETS} are allowed:"
            " write 'less than' in words, or '&lt;'"
        )
    marks = sum(text.count(mark) for mark in "*_`") if len(text) > MAX_EMPHASIS_MARKS else 0
    if marks > MAX_EMPHASIS_MARKS:
        return (
            f"the text has {marks:,} of the marks * _ ` (bold, italics, code); at most"
            f" {MAX_EMPHASIS_MARKS:,} are allowed: use fewer, or split the text"
        )
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of lines between blank lines."""
    line = 1
    start = 0
    for gap in _BLANK_LINES.finditer(text):
        yield line, text[start : gap.start()]
        line += text.count("\n", start, gap.end())
        start = gap.end()
    yield line, text[start:]


def _table_problem(text: str) -> str | None:
    # a table's rows are padded to the widest row: cells = widest row x rows, per paragraph;
    # at most (every '|' of the text + 1) x its lines, which for most bodies is within the limit
    pipes = text.count("|")
    if not pipes or (pipes + 1) * (text.count("\n") + 1) <= MAX_TABLE_CELLS:
        return None
    cells = 0
    for _, paragraph in _paragraphs(text):
        if "|" in paragraph:
            rows = paragraph.split("\n")
            cells += (max(row.count("|") for row in rows) + 1) * len(rows)
    if cells <= MAX_TABLE_CELLS:
        return None
    return (
        f"the tables of this text hold up to {cells:,} cells; at most {MAX_TABLE_CELLS:,}"
        " are allowed: split a large table, or leave out '|' where no table is meant"
    )


def _bracket_problem(text: str) -> str | None:
    # each '[' costs at most twice its paragraph (to its ']', then from '](' to its ')'): a text
    # with few of them cannot reach the limit, and its paragraphs need not be scanned
    if 2 * len(text) * text.count("[") <= MAX_BRACKET_SCAN:
        return None
    scanned = 0
    worst = (0, 0)  # characters scanned, first line: the paragraph that costs most
    for line, paragraph in _paragraphs(text):
        cost = _bracket_scan(paragraph)
        scanned += cost
        worst = max(worst, (cost, line))
    if scanned <= MAX_BRACKET_SCAN:
        return None
    return (
        f"the paragraph at line {worst[1]} of the text has '[' without ']', or '](' without"
        " ')' (or with a quote inside), too many to render quickly: close each one in the"
        " same paragraph, or write \\[ and \\( for a bracket meant as text"
    )


def _bracket_scan(paragraph: str) -> int:
    """Characters the link patterns read: from each '[' to its ']', from '](' to its ')'.

    A bracket escaped with a backslash is never scanned (the escape pattern runs first).
    """
    if "[" not in paragraph:  # most paragraphs: nothing to scan, nothing to count
        return 0
    end = len(paragraph)
    squares = _matches(paragraph, "[", "]")
    rounds: dict[int, int | None] | None = None  # made when a '](' is found
    quotes: list[int] | None = None  # positions of the quotes, sorted
    scanned = 0
    for start, close in squares.items():
        scanned += (close if close is not None else end) - start
        if close is not None and paragraph.startswith("(", close + 1):
            if rounds is None:
                rounds = _matches(paragraph, "(", ")")
                # "a quote inside this link?" is then a binary search
                quotes = [match.start() for match in _QUOTE.finditer(paragraph)]
            assert quotes is not None
            link_end = rounds.get(close + 1)
            if link_end is None or not _ends_cleanly(paragraph, quotes, close, link_end):
                link_end = end
            scanned += link_end - close
    return scanned


def _ends_cleanly(paragraph: str, quotes: list[int], close: int, link_end: int) -> bool:
    """Whether the link pattern stops at this ')': a quote in the link starts a title, and
    unless the title is closed right before the ')' the pattern reads on to the paragraph's
    end. quotes: the positions of the paragraph's quotes."""
    inside = bisect_left(quotes, link_end) - bisect_left(quotes, close)
    if not inside:
        return True
    last = link_end - 1
    while last > close and paragraph[last] == " ":
        last -= 1
    return inside % 2 == 0 and paragraph[last] in "'\""


def _matches(text: str, opener: str, closer: str) -> dict[int, int | None]:
    """Each unescaped opener's position -> its nesting-aware closer's position (None: none)."""
    found: dict[int, int | None] = {}
    open_at: list[int] = []
    escaped = -1  # the position a backslash escapes
    for match in _SPECIAL[opener, closer].finditer(text):  # the three characters that matter
        position = match.start()
        character = text[position]
        if position == escaped:
            continue
        if character == "\\":
            escaped = position + 1
        elif character == opener:
            open_at.append(position)
            found[position] = None
        elif open_at:
            found[open_at.pop()] = position
    return found
