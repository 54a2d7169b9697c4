#!/usr/bin/env python3
"""Command line of the site generator: build (default) or check. The engine is sitegen/."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pydantic import HttpUrl, TypeAdapter, ValidationError

from sitegen.pipeline import BuildOptions, BuildResult, build

EXIT_OK, EXIT_CONTENT_ERRORS = 0, 1


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-25, not {text!r}") from None


def _url(text: str) -> str:
    try:
        TypeAdapter(HttpUrl).validate_python(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"expected a URL like https://example.nl/, not {text!r}"
        ) from None
    return text


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    build_command = commands.add_parser("build", help="validate the content and write the site")
    check_command = commands.add_parser("check", help="validate everything, write nothing")
    for command in (parser, build_command, check_command):
        command.add_argument("--content", type=Path, default=BuildOptions.content_dir)
        command.add_argument("--today", type=_day, help="fix 'today' (YYYY-MM-DD)")
        command.add_argument("--base-url", type=_url, help="override base_url in site.yaml")
        command.add_argument("--strict", action="store_true", help="fail on warnings too")
    for command in (parser, build_command):
        command.add_argument("--out", type=Path, default=BuildOptions.out_dir)
        command.add_argument(
            "--cache", type=Path, default=BuildOptions.cache_dir, help="cache folder (.cache/)"
        )
        command.add_argument("--no-cache", action="store_true", help="render every page")
        command.add_argument("--no-search", action="store_true", help="skip the search index")
    arguments = parser.parse_args(argv)
    arguments.command = arguments.command or "build"
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    options = BuildOptions(
        content_dir=arguments.content,
        out_dir=getattr(arguments, "out", BuildOptions.out_dir),
        cache_dir=None
        if getattr(arguments, "no_cache", False)
        else getattr(arguments, "cache", None),
        search=not getattr(arguments, "no_search", False),
        today=arguments.today or date.today(),
        base_url=arguments.base_url,
        strict=arguments.strict,
    )
    result = build(options, write=arguments.command == "build")
    report(result, arguments.command, options.out_dir)
    return EXIT_OK if result.ok else EXIT_CONTENT_ERRORS


def report(result: BuildResult, command: str, out_dir: Path) -> None:
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): nothing was written.", file=sys.stderr)
        return
    print(summary_line(result, command, out_dir))
    if result.next_change is not None:
        print(f"the agenda changes by itself at {result.next_change.isoformat()}: rebuild then")


def summary_line(result: BuildResult, command: str, out_dir: Path) -> str:
    """One line: pages per language, what was done with the files, warnings and time."""
    per_language: dict[str, int] = {}
    for page in result.pages:
        per_language[page.lang] = per_language.get(page.lang, 0) + 1
    counts = ", ".join(f"{count} {lang}" for lang, count in per_language.items())
    done = f"built {out_dir}" if command == "build" else "checked"
    work = ""
    if result.summary is not None:
        s = result.summary
        work = (
            f"; {len(s.rendered)} page(s) rendered, {s.written} file(s) written, "
            f"{s.kept} kept, {len(s.removed)} removed"
        )
    return f"{done}: {counts} pages{work}; {warnings_of(result)} warning(s); {result.seconds:.2f} s"


def warnings_of(result: BuildResult) -> int:
    return len(result.warnings)


if __name__ == "__main__":
    sys.exit(main())
