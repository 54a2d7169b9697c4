#!/usr/bin/env python3
"""Command line of the site generator. The engine is sitegen/; this file only parses arguments.

build   validate the content and write the site (the default)
check   validate everything, write nothing
serve   live preview on 127.0.0.1 that rebuilds and reloads as you save
new     create a valid skeleton item in both languages
schema  write the JSON Schemas for editors and the field reference for the guide
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pydantic import HttpUrl, TypeAdapter, ValidationError

from schemas import CONTENT_TYPES
from sitegen.pipeline import BuildOptions, BuildResult, build
from sitegen.summary import append_job_summary

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE = 0, 1, 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-25, not {text!r}") from None


def _url(text: str) -> str:
    try:
        TypeAdapter(HttpUrl).validate_python(text)
    except ValidationError:
        message = f"expected a URL like https://example.nl/, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    return text


def _content_options() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--content", type=Path, default=BuildOptions.content_dir)
    shared.add_argument("--today", type=_day, help="fix 'today' (YYYY-MM-DD)")
    shared.add_argument("--base-url", type=_url, help="override base_url in site.yaml")
    shared.add_argument("--strict", action="store_true", help="fail on warnings too")
    shared.add_argument(
        "--format",
        choices=("plain", "github"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "plain",
        help="how to print problems (github: workflow annotations on file and line)",
    )
    return shared


def _output_options() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--out", type=Path, default=BuildOptions.out_dir)
    shared.add_argument("--cache", type=Path, default=BuildOptions.cache_dir)
    shared.add_argument("--no-cache", action="store_true", help="render every page")
    shared.add_argument("--no-search", action="store_true", help="skip the search index")
    return shared


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    content, output = _content_options(), _output_options()
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("build", parents=[content, output], help="write the site (default)")
    commands.add_parser("check", parents=[content], help="validate everything, write nothing")
    serve = commands.add_parser("serve", parents=[content, output], help="live preview")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    new = commands.add_parser("new", parents=[content], help="create a skeleton item")
    new.add_argument("type", choices=sorted(CONTENT_TYPES), help="the content folder")
    new.add_argument("slug", help="the new item's file name, e.g. themabijeenkomst-water")
    schema = commands.add_parser("schema", help="write JSON Schemas and the field reference")
    schema.add_argument("--check", action="store_true", help="fail if the files are outdated")
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # build is the default command
    return parser.parse_args(argv)


def options_from(arguments: argparse.Namespace) -> BuildOptions:
    no_cache = getattr(arguments, "no_cache", False)
    return BuildOptions(
        content_dir=arguments.content,
        out_dir=getattr(arguments, "out", BuildOptions.out_dir),
        cache_dir=None if no_cache else getattr(arguments, "cache", BuildOptions.cache_dir),
        search=not getattr(arguments, "no_search", False),
        today=arguments.today or date.today(),
        base_url=arguments.base_url,
        strict=arguments.strict,
    )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.command == "schema":
        from sitegen.editor import write_editor_files

        return write_editor_files(check_only=arguments.check)
    if arguments.command == "new":
        from sitegen.scaffold import create_item

        return create_item(arguments.content, arguments.type, arguments.slug)
    options = options_from(arguments)
    if arguments.command == "serve":
        from sitegen.serve import Preview

        Preview(options, arguments.port, fixed_today=arguments.today is not None).serve_forever()
        return EXIT_OK
    result = build(options, write=arguments.command == "build", progress=terminal_progress())
    report(result, arguments.command, options.out_dir, arguments.format)
    return EXIT_OK if result.ok else EXIT_CONTENT_ERRORS


def terminal_progress() -> Callable[[int, int], None] | None:
    """A progress line on an interactive terminal; nothing in CI logs or pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\rrendering: {done}/{total} files", end=end, file=sys.stderr, flush=True)

    return show


def report(result: BuildResult, command: str, out_dir: Path, style: str = "plain") -> None:
    for problem in result.problems:
        print(problem.github() if style == "github" else problem.format(), file=sys.stderr)
    if style == "github":  # all problems in the job summary: GitHub shows 10 annotations
        append_job_summary(result.problems)
    if result.errors:
        errors, warnings = len(result.errors), len(result.warnings)
        print(f"{errors} error(s), {warnings} warning(s): nothing was written.", file=sys.stderr)
        return
    print(summary_line(result, command, out_dir))
    if result.next_change is not None:
        print(f"the agenda changes by itself at {result.next_change.isoformat()}: rebuild then")


def summary_line(result: BuildResult, command: str, out_dir: Path) -> str:
    """One line: pages per language, what was done with the files, warnings and time."""
    counts = ", ".join(f"{count} {lang}" for lang, count in result.page_counts.items())
    done = f"built {out_dir}" if command == "build" else "checked"
    work = ""
    if result.summary is not None:
        s = result.summary
        work = (
            f"; {len(s.rendered)} page(s) rendered, {s.written} file(s) written, "
            f"{s.kept} kept, {len(s.removed)} removed"
        )
    warnings = len(result.warnings)
    return f"{done}: {counts} pages{work}; {warnings} warning(s); {result.seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
