"""Command line of the site generator: `sitegen` once installed, `python build.py` in a clone.

Run it in a site's folder: the one that holds content/, templates/ and static/ (or name that
folder with --root). The site is written to its site/ folder unless --out says otherwise.

build   validate the content and write the site (the default)
check   validate everything, write nothing
serve   live preview on 127.0.0.1 that rebuilds and reloads as you save
new     create a valid skeleton item in both languages
schema  write the JSON Schemas, the CMS configuration and the field reference
edit    web editing: the CMS (Decap) and the live preview, on 127.0.0.1
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from schemas.clock import SITE_TIMEZONE
from sitegen.model.problems import UsageError
from sitegen.pipeline import BuildOptions, BuildResult, build
from sitegen.tools.summary import append_job_summary

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE = 0, 1, 2

# Where the folders are inside the site's root (as BuildOptions has them in the working folder)
# unless an option names another place.
CONTENT, OUT, CACHE = Path("content"), Path("site"), Path(".cache")
TEMPLATES, STATIC = Path("templates"), Path("static")


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    """Run one command; default_root is the site's folder when --root is not given
    (build.py passes its own folder; the installed command uses the working folder)."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _stop)
    root = arguments.root or default_root or Path.cwd()
    content_dir = getattr(arguments, "content", None) or root / CONTENT
    if arguments.command == "schema":
        from sitegen.tools.editor import write_editor_files

        # the editors' files belong beside a site's content, not in any folder it is run in
        if missing_folders(root / CONTENT):
            return EXIT_USAGE
        return write_editor_files(check_only=arguments.check, root=root)
    if arguments.command == "edit":
        from sitegen.tools.edit import edit, export_admin

        if missing_folders(root / CONTENT):
            return EXIT_USAGE
        if arguments.export is not None:
            return export_admin(root, arguments.export)
        return edit(root, arguments.port, arguments.preview_port, not arguments.no_preview)
    if arguments.command == "new":
        from sitegen.tools.scaffold import create_item

        if missing_folders(content_dir):
            return EXIT_USAGE
        return create_item(content_dir, arguments.type, arguments.slug)
    options = options_from(arguments, root, content_dir)
    if missing_folders(options.content_dir, options.templates_dir):
        return EXIT_USAGE
    try:
        if arguments.command == "serve":
            from sitegen.tools.serve import Preview

            today_is_fixed = arguments.today is not None
            preview = Preview(options, arguments.port, fixed_today=today_is_fixed)
            return EXIT_OK if preview.serve_forever() else EXIT_USAGE
        # The process ends after this one build: the collector stays off (pipeline.py pauses
        # it during a build) rather than walk everything the build made when it ends (0.2 s of
        # a one-event build at N = 5,000, with the memory store.py loaded).
        gc.disable()
        result = build(options, write=arguments.command == "build", progress=terminal_progress())
    except UsageError as refusal:
        print(f"error: {refusal.option}: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as failure:  # a full or read-only disk, a folder that went away
        print(cannot_write(failure, options.out_dir), file=sys.stderr)
        return EXIT_USAGE
    report(result, arguments.command, options.out_dir, arguments.format)
    return EXIT_OK if result.ok else EXIT_CONTENT_ERRORS


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    content, output = _content_options(), _output_options()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command")
    build_command = commands.add_parser(
        "build", parents=[content, output], help="write the site (default)"
    )
    build_command.add_argument(
        "--drafts", action="store_true", help="show drafts too, marked (a review build)"
    )
    commands.add_parser("check", parents=[content], help="validate everything, write nothing")
    serve = commands.add_parser("serve", parents=[content, output], help="live preview")
    serve.add_argument("--port", type=_port, default=8000, help="0 picks a free port")
    new = commands.add_parser("new", parents=[content], help="create a skeleton item")
    new.add_argument("type", choices=_type_names(argv), help="the content folder")
    new.add_argument("slug", help="the new item's file name, e.g. themabijeenkomst-water")
    schema = commands.add_parser(
        "schema", parents=[_root_option()], help="write JSON Schemas and the field reference"
    )
    schema.add_argument("--check", action="store_true", help="fail if the files are outdated")
    edit = commands.add_parser(
        "edit", parents=[_root_option()], help="web editing: the CMS and the live preview"
    )
    edit.add_argument("--port", type=_port, default=8080, help="the CMS's; 0 picks a free one")
    edit.add_argument("--preview-port", type=_port, default=8000, help="0 picks a free one")
    edit.add_argument("--no-preview", action="store_true", help="the CMS only")
    edit.add_argument(
        "--export", type=Path, metavar="DIR", help="copy the CMS into a new folder, for hosting"
    )
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # build is the default command
    return parser.parse_args(argv)


MAX_PORT = 65535


def _type_names(argv: list[str]) -> list[str] | None:
    """The choices of `new`: the site's content types. Only `new` shows or checks them, so only
    `new` makes their models (the start-up time of every other command)."""
    if argv[:1] != ["new"]:
        return None
    import schemas

    return sorted(schemas.CONTENT_TYPES.names)


def _port(text: str) -> int:
    """A TCP port, checked before the build: a wrong one is said at once, not after it."""
    plain_number = text.isascii() and text.isdigit()  # no sign, no spaces, no other digits
    port = int(text) if plain_number else -1
    if not 0 <= port <= MAX_PORT:
        message = f"expected a port from 1 to {MAX_PORT}, or 0 for a free one, not {text!r}"
        raise argparse.ArgumentTypeError(message)
    return port


def _root_option() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--root", type=Path, metavar="DIR", help="the site's folder (default: where you are)"
    )
    return shared


def _content_options() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False, parents=[_root_option()])
    shared.add_argument("--content", type=Path, help=f"default: ROOT/{CONTENT}")
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
    shared.add_argument("--out", type=Path, help=f"default: ROOT/{OUT}")
    shared.add_argument("--cache", type=Path, help=f"default: ROOT/{CACHE}")
    shared.add_argument("--no-cache", action="store_true", help="render every page")
    shared.add_argument("--no-search", action="store_true", help="skip the search index")
    return shared


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-25, not {text!r}") from None


def _url(text: str) -> str:
    """The same rules as base_url in site.yaml."""
    from pydantic import TypeAdapter, ValidationError  # start-up time: only with --base-url

    from schemas.site import BaseUrl

    try:
        TypeAdapter(BaseUrl).validate_python(text)
    except ValidationError as error:
        reason = error.errors()[0]["msg"].removeprefix("Value error, ")
        message = f"expected a URL like https://example.nl/, not {text!r}: {reason}"
        raise argparse.ArgumentTypeError(message) from None
    return text


def options_from(arguments: argparse.Namespace, root: Path, content_dir: Path) -> BuildOptions:
    """What to build: the folders given as options, the others where they are in root."""
    out = getattr(arguments, "out", None) or root / OUT
    cache = getattr(arguments, "cache", None) or root / CACHE
    return BuildOptions(
        content_dir=content_dir,
        out_dir=out,
        templates_dir=root / TEMPLATES,
        static_dir=root / STATIC,
        cache_dir=None if getattr(arguments, "no_cache", False) else cache,
        search=not getattr(arguments, "no_search", False),
        today=arguments.today or date.today(),
        now=None if arguments.today else datetime.now(SITE_TIMEZONE),
        drafts=getattr(arguments, "drafts", False),
        base_url=arguments.base_url,
        strict=arguments.strict,
    )


def missing_folders(*needed: Path) -> bool:
    """Say so when the command runs outside a site's folder, instead of failing later."""
    missing = [folder for folder in needed if not folder.is_dir()]
    for folder in missing:
        print(
            f"{folder}: no such folder. Run this in a site's folder (one with content/, "
            "templates/ and static/), or name that folder with --root DIR",
            file=sys.stderr,
        )
    return bool(missing)


def cannot_write(failure: OSError, out_dir: Path) -> str:
    """What an editor is told when the machine refused a write: which file, why, and that
    nothing was lost (write.py publishes whole or not at all)."""
    where = f" ({failure.filename})" if failure.filename else ""
    return (
        f"error: the build could not write a file{where}: {failure.strerror or failure}. "
        f"Nothing was published: {out_dir} is as the previous build left it. Free some space, "
        "or choose folders you can write to (--out, --cache), then build again."
    )


def _stop(signal_number: int, _: object) -> None:
    """SIGTERM ends the build as Ctrl+C does: its search indexers are stopped and its
    half-made folder removed, instead of both being left behind."""
    raise SystemExit(128 + signal_number)


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
    for folder in result.summary.left_behind if result.summary else ():
        print(
            f"warning: {folder} holds files this build did not write, put there while it ran; "
            "they were left there for you: move them, then delete the folder",
            file=sys.stderr,
        )
    if result.next_change is not None:
        print(f"the site changes by itself at {result.next_change.isoformat()}: rebuild then")


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
