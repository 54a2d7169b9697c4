#!/usr/bin/env python3
"""Could a faster Markdown engine take the Markdown share of a clean build (issue 16)?

    python benchmarks/markdown_engines.py [--items 1000] [--runs 5] [--examples 3]

For three sets of bodies (a synthetic corpus of --items per language from make_corpus.py, the
shipped content/, and the 652 examples of the CommonMark spec in tests/fixtures/commonmark) it
prints, per engine:

- time: seconds to render every body of the set, in this one process, engines alternating
  round by round (A B C A B C ...), the median of --runs rounds, and its ratio to markdown-it-py
  with the site's rules; "site (cmark+mdit)" is what render_markdown renders with now
  (cmark-gfm, markdown-it-py for a body that needs the site's own rules);
- parity: how many bodies give the same HTML as markdown-it-py with the site's rules (the
  renderer before issue 16) once the engine's HTML has had the site's finishing
  (sitegen.stages.markdown.finish: heading levels and anchors, table alignment, nh3), compared
  after normalising (lxml tree, sorted attributes, whitespace collapsed outside <pre>), and the
  first few differences, each shown around where it starts.

Engines that are not installed are listed as such (only cmarkgfm is in the dev lock; the
others install with pip into any environment: markdown-it-pyrs, pyromark, mistune).
It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_corpus  # noqa: E402

from sitegen.stages.footnotes import render_env  # noqa: E402
from sitegen.stages.markdown import fast_html, finish, site_markdown  # noqa: E402

SPEC = ROOT / "tests" / "fixtures" / "commonmark" / "spec.txt"
Engine = Callable[[str], str]


def _markdown_it_py() -> Engine:
    parser, env = site_markdown(), render_env(None, 0)
    return lambda text: parser.render(text, dict(env))


def _cmarkgfm() -> Engine:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    options = (
        Options.CMARK_OPT_UNSAFE
        | Options.CMARK_OPT_FOOTNOTES
        | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
    )
    extensions = ["table", "autolink", "tagfilter", "strikethrough", "tasklist"]
    return lambda text: str(
        cmarkgfm.markdown_to_html_with_extensions(text, options=options, extensions=extensions)
    )


def _markdown_it_pyrs() -> Engine:
    from markdown_it_pyrs import MarkdownIt

    parser = MarkdownIt("commonmark").enable_many(
        ["table", "strikethrough", "tasklist", "footnote", "autolink_ext"]
    )
    return lambda text: str(parser.render(text))


def _pyromark() -> Engine:
    import pyromark

    options = (
        pyromark.Options.ENABLE_TABLES
        | pyromark.Options.ENABLE_STRIKETHROUGH
        | pyromark.Options.ENABLE_TASKLISTS
        | pyromark.Options.ENABLE_FOOTNOTES
        | pyromark.Options.ENABLE_GFM
    )
    return lambda text: str(pyromark.html(text, options=options))


def _mistune() -> Engine:
    import mistune

    parser = mistune.create_markdown(
        escape=False, plugins=["strikethrough", "footnotes", "table", "url", "task_lists"]
    )
    return lambda text: str(parser(text))


def _site() -> Engine:
    """What render_markdown renders with since issue 16: cmark-gfm, or markdown-it-py for a
    body that needs the site's own rules."""
    slow = _markdown_it_py()
    return lambda text: fast_html(text) or slow(text)


ENGINES: dict[str, tuple[str, Callable[[], Engine]]] = {
    "markdown-it-py": ("markdown_it", _markdown_it_py),
    "site (cmark+mdit)": ("cmarkgfm", _site),
    "cmarkgfm": ("cmarkgfm", _cmarkgfm),
    "markdown-it-pyrs": ("markdown_it_pyrs", _markdown_it_pyrs),
    "pyromark": ("pyromark", _pyromark),
    "mistune": ("mistune", _mistune),
}
BASELINE = "markdown-it-py"


def available_engines() -> tuple[dict[str, Engine], list[str]]:
    engines: dict[str, Engine] = {}
    missing = []
    for name, (module, make) in ENGINES.items():
        if importlib.util.find_spec(module) is None:
            missing.append(name)
        else:
            engines[name] = make()
    return engines, missing


# --- the bodies ---------------------------------------------------------------------------


def _bodies_in(value: object) -> Iterator[str]:
    """Every Markdown body (the models' one Markdown field is body:) in a YAML document."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "body" and isinstance(inner, str) and inner:
                yield inner
            else:
                yield from _bodies_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _bodies_in(inner)


def bodies_of_folder(folder: Path) -> list[str]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    bodies: list[str] = []
    for path in sorted(folder.rglob("*.yaml")):
        bodies.extend(_bodies_in(yaml.load(path.read_text("utf-8"), Loader=loader)))
    return bodies


def spec_examples() -> list[str]:
    """The Markdown of each example of the CommonMark spec (as its own tools read them)."""
    text = SPEC.read_text(encoding="utf-8").split("\n<!-- END TESTS -->", 1)[0]
    fence = "`" * 32
    pattern = re.compile(rf"^{fence} example\n(.*?)^\.\n", re.MULTILINE | re.DOTALL)
    return [found[1].replace("→", "\t") for found in pattern.finditer(text)]


# --- normalising HTML ---------------------------------------------------------------------

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "label",
})  # fmt: skip


def normalised(markup: str) -> str:
    """The HTML as lxml reads it: tags with sorted attributes, text with runs of whitespace as
    one space and none beside a block's tags (as the CommonMark spec's normaliser), <pre> exact."""
    if not markup.strip():
        return ""
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    parts: list[str] = []

    def text(value: str | None, in_pre: bool) -> None:
        if value:
            parts.append(value if in_pre else re.sub(r"\s+", " ", value))

    def walk(element: lxml_html.HtmlElement, in_pre: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else "!--"
        if tag == "!--":
            parts.append(f"<!--{element.text}-->")
        else:
            attributes = "".join(f' {k}="{v}"' for k, v in sorted(element.attrib.items()))
            parts.append(f"<{tag}{attributes}>" + ("\0" if tag in BLOCK_TAGS else ""))
            inside = in_pre or tag == "pre"
            text(element.text, inside)
            for child in element:
                walk(child, inside)
            parts.append(("\0" if tag in BLOCK_TAGS else "") + f"</{tag}>")
            parts.append("\0" if tag in BLOCK_TAGS else "")
        text(element.tail, in_pre)

    text(tree.text, False)
    for child in tree:
        walk(child, False)
    joined = "".join(parts)
    return re.sub(r" ?\0+ ?", "", joined).strip()


def first_difference(ours: str, theirs: str, around: int = 70) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    start = max(0, at - around // 2)
    return (
        f"      ours:   ...{ours[start : at + around]!r}\n"
        f"      engine: ...{theirs[start : at + around]!r}"
    )


# --- measuring ----------------------------------------------------------------------------


def timed(engines: dict[str, Engine], bodies: list[str], runs: int) -> dict[str, float]:
    """Median seconds per engine to render every body, engines alternating round by round."""
    seconds: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(runs):
        for name, engine in engines.items():
            started = time.perf_counter()
            for body in bodies:
                engine(body)
            seconds[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in seconds.items()}


def finishing_seconds(bodies: list[str], runs: int) -> float:
    """What the site's finishing (finish()) costs on top of any engine, median of runs."""
    rendered = [_markdown_it_py()(body) for body in bodies]
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        for html in rendered:
            finish(html)
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def report(
    title: str, bodies: list[str], engines: dict[str, Engine], runs: int, examples: int
) -> None:
    size = sum(len(body) for body in bodies)
    print(f"\n== {title}: {len(bodies)} bodies, {size / 1e6:.2f} MB of Markdown")
    times = timed(engines, bodies, runs)
    base = times[BASELINE]
    reference = _markdown_it_py()  # the renderer before issue 16
    ours = [normalised(finish(reference(body))) for body in bodies]
    print(f"   {'engine':<18} {'seconds':>8} {'ratio':>6} {'ms/body':>8}  same HTML as today")
    differences: dict[str, list[str]] = {}
    for name, engine in engines.items():
        same = 0
        shown: list[str] = []
        for index, body in enumerate(bodies):
            try:
                theirs = normalised(finish(engine(body)))
            except Exception as error:  # an engine's or lxml's failure is a figure here
                theirs = f"<failed: {type(error).__name__}: {error}>"
            if theirs == ours[index]:
                same += 1
            elif len(shown) < examples:
                shown.append(f"    body {index}:\n{first_difference(ours[index], theirs)}")
        differences[name] = shown
        share = f"{same}/{len(bodies)} ({100 * same / len(bodies):.1f}%)"
        print(
            f"   {name:<18} {times[name]:8.3f} {times[name] / base:6.2f}"
            f" {1000 * times[name] / len(bodies):8.3f}  {share}"
        )
    finishing = finishing_seconds(bodies, runs)
    print(f"   {'finish() (any)':<18} {finishing:8.3f}  (the site's finishing, on top of each)")
    for name, shown in differences.items():
        if shown and name != BASELINE:
            print(f"   first differences, {name}:")
            print("\n".join(shown))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=1000, help="corpus items per language")
    parser.add_argument("--runs", type=int, default=5, help="rounds per set (median)")
    parser.add_argument("--examples", type=int, default=3, help="differences shown per engine")
    arguments = parser.parse_args(argv)
    engines, missing = available_engines()
    if missing:
        print(f"not installed (skipped): {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="sitegen-md-engines-") as folder:
        make_corpus.generate(arguments.items, Path(folder) / "content")
        corpus = bodies_of_folder(Path(folder) / "content")
    sets = {
        f"synthetic corpus, N = {arguments.items}": corpus,
        "shipped content/": bodies_of_folder(ROOT / "content"),
        "CommonMark spec examples": spec_examples(),
    }
    for title, bodies in sets.items():
        report(title, bodies, engines, arguments.runs, arguments.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
