#!/usr/bin/env python3
"""Time the Markdown renderer on hostile bodies, and show what validation says about each.

    python benchmarks/markdown_worst_cases.py [--sizes 1000,5000,10000,20000,1000000]
                                              [--timeout 10] [--cases lbracket,quote]

For every case and size it prints the time `render_markdown` took (each in a fresh process,
killed after --timeout seconds) and whether the body field accepts that body (the limits of
schemas/markdown_limits.py and the image check of schemas/markdown_syntax.py, which `check`
and `build` apply before anything is rendered).
A body the field refuses is never rendered by a build; its time is shown all the same, to see
what the limit protects against. Nothing here is a test: it prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.markdown_limits import markdown_problem  # noqa: E402
from schemas.markdown_syntax import image_problem  # noqa: E402


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


def _nested_indented_list(size: int) -> str:
    lines: list[str] = []
    total = 0
    while total < size:
        line = "    " * len(lines) + "- x\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def _wide_table(size: int) -> str:
    header = "|a" * 200 + "|\n" + "|-" * 200 + "|\n"
    return header + "|\n" * max(0, (size - len(header)) // 2)


def _everything_at_its_limit(size: int) -> str:
    """Just inside every limit at once (the size is ignored): the worst a body can ask."""
    parts = [
        "<a " * 499,
        "*a" * 2_499 + "_" * 2,
        "[" * 20 + "b" * 3_000,
        ("- " * 10 + "x\n") * 50,
        "# a\n" * 150,
        "|a" * 19 + "|\n" + "|-" * 19 + "|\n" + "|a|\n" * 50,
    ]
    return "\n\n".join(parts)


def _prose(size: int) -> str:
    paragraph = "Een *gewone* zin met een [link](/agenda/), **vet** en `code`. " * 5 + "\n\n"
    return _repeat(paragraph)(size)


def _prose_in_one_paragraph(size: int) -> str:
    return _repeat("Een *gewone* zin met een [link](/agenda/) en **vet**.\n")(size)


CASES: dict[str, Callable[[int], str]] = {
    "[ (issue)": _repeat("["),
    "[a]( (issue)": _repeat("[a]("),
    "<a  (issue)": _repeat("<a "),
    "- - - nested list (issue)": lambda size: _repeat("- ")(size) + "x",
    "nested list by indent": _nested_indented_list,
    "> > > nested quote": lambda size: _repeat("> ")(size) + "x",
    "1. 1. nested numbered": lambda size: _repeat("1. ")(size) + "x",
    "![": _repeat("!["),
    "*a": _repeat("*a"),
    "**a": _repeat("**a"),
    "_a": _repeat("_a"),
    "`a": _repeat("`a"),
    "<!--": _repeat("<!--"),
    "<http://": _repeat("<http://"),
    "<a>": _repeat("<a>"),
    "| pipes in one line": lambda size: "a|b\n-|-\n" + "|" * size,
    "|a| table rows": lambda size: "a|b\n-|-\n" + _repeat("|a|\n")(size),
    "wide header, empty rows": _wide_table,
    "10 levels on every line": _repeat("- " * 10 + "x\n"),
    "everything at its limit": _everything_at_its_limit,
    "- a list items": _repeat("- a\n"),
    "a paragraphs": _repeat("a\n\n"),
    "# a headings": _repeat("# a\n"),
    "&amp; entities": _repeat("&amp;"),
    "\\ backslashes": _repeat("\\"),
    "-- dashes": _repeat("-- "),
    "~~a strikethrough": _repeat("~~a"),
    "[^a] footnote references": lambda size: _repeat("[^a] ")(size) + "\n\n[^a]: b",
    "[^ unclosed": _repeat("[^"),
    "- [ ] task items": _repeat("- [ ] a\n"),
    "www. bare links": _repeat("www.a "),
    "a@ bare e-mail": _repeat("a@"),
    "http: colons": _repeat("http:"),
    "<span style> shown as text": _repeat('<span style="x">a</span>'),
    "<b> kept tags": _repeat("<b>a</b>"),
    "prose, paragraphs": _prose,
    "prose, one paragraph": _prose_in_one_paragraph,
}

_CHILD = """
import sys, time
sys.setrecursionlimit(100_000)
sys.path.insert(0, sys.argv[1])
from sitegen.stages.markdown import render_markdown
text = sys.stdin.read()
started = time.perf_counter()
render_markdown(text)
print(f"{time.perf_counter() - started:.3f}")
"""


def time_render(text: str, timeout: float) -> str:
    """Seconds render_markdown took in a fresh process, or why it has no time."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT)],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f">{timeout:g} s"
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["?"]
        return f"failed: {last[0][:40]}"
    return f"{float(done.stdout):.3f} s"


def verdict(text: str) -> str:
    started = time.perf_counter()
    problem = markdown_problem(text) or image_problem(text)  # what the body field checks
    took = (time.perf_counter() - started) * 1000
    return f"refused ({took:.0f} ms): {problem}" if problem else f"accepted ({took:.0f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000,1000000")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--cases", default="", help="comma-separated prefixes of case names")
    parser.add_argument("--accepted-only", action="store_true", help="time only what passes")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    wanted = [prefix for prefix in arguments.cases.split(",") if prefix]
    print(f"{'case':28} {'chars':>9} {'render':>12}  validation")
    for name, make in CASES.items():
        if wanted and not any(name.startswith(prefix) for prefix in wanted):
            continue
        seen: set[str] = set()
        for size in sizes:
            text = make(size)
            if text in seen:  # a case of one fixed size is shown once
                continue
            seen.add(text)
            said = verdict(text)
            if arguments.accepted_only and not said.startswith("accepted"):
                rendered = "-"
            else:
                rendered = time_render(text, arguments.timeout)
            print(f"{name:28} {len(text):9,} {rendered:>12}  {said}", flush=True)


if __name__ == "__main__":
    main()
