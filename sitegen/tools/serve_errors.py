"""The page the live preview shows at every address while the last build failed: the content's
errors (the same messages as the command line), a template's mistake where it is, or what
stopped the build, always with paths relative to the site's folder rather than the machine's."""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from sitegen.model.problems import ContentError, errors_only
from sitegen.pipeline import PROJECT_ROOT, BuildOptions
from sitegen.stages.load import display_path
from sitegen.tools.serve_reload import BuildFailure, reload_tag

CODE_DIRS = ("schemas", "sitegen")  # a change here needs a fresh process, not a rebuild


def error_page(
    problems: list[ContentError],
    prefix: str = "/",
    failure: BuildFailure | None = None,
    project_folders: Iterable[Path] = (),
) -> bytes:
    """The page shown at every address while the last build failed: its errors, or what
    stopped it, with paths relative to the site's folder rather than the machine's."""
    folders = tuple(project_folders)

    def shown(text: str) -> str:
        return html.escape(without_machine_paths(text, folders))

    if failure is not None:
        title = failure.title
        body = f"<p>{shown(failure.advice)}</p>\n<pre>{shown(failure.detail)}</pre>"
    else:
        errors = errors_only(problems)
        title = f"The site has {len(errors)} error(s)"
        items = "\n".join(f"<li><pre>{shown(problem.format())}</pre></li>" for problem in errors)
        body = f"""<p>Nothing was published. Fix the file and save: this page reloads by itself.</p>
<ol class="build-errors">{items}</ol>"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{html.escape(prefix)}static/css/site.css"></head>
<body><main class="wrap"><h1>{html.escape(title)}</h1>
{body}</main>{reload_tag(prefix).decode()}</body></html>""".encode()


def project_folders(options: BuildOptions) -> tuple[Path, ...]:
    """The working folder, and the site's folders: those that hold its content, templates,
    static files and output (one folder, unless options name others)."""
    folders = (options.content_dir, options.templates_dir, options.static_dir, options.out_dir)
    return (Path.cwd(), *(folder.absolute().parent for folder in folders))


def without_machine_paths(text: str, folders: Iterable[Path]) -> str:
    """The text with each path inside one of the folders written relative to it:
    '/home/ann/site/content/events/x.yaml' -> 'content/events/x.yaml'. The most specific
    folder first; a path that climbs out of the working folder ('../../home/...') too."""
    spellings = set()
    for folder in folders:
        if folder.parent == folder:
            continue  # the file system's root: every absolute path would lose its start
        spellings |= {str(folder.absolute()), str(folder.resolve())}
        relative = display_path(folder)
        if relative.startswith(".."):
            spellings.add(relative)
    for spelling in sorted(spellings, key=len, reverse=True):
        # a path inside it, or the folder itself; not a folder whose name merely begins so
        pattern = re.escape(spelling) + r"(?:[/\\]|(?![\w.-]))"
        text = re.sub(pattern, lambda found: "" if found[0][-1] in "/\\" else ".", text)
    return text


def template_problem(error: TemplateError, templates_dir: Path) -> ContentError:
    """A mistake in a template, where it is: the editor can fix it, so no traceback."""
    path, line = _template_location(error, templates_dir)
    if isinstance(error, TemplateSyntaxError):
        message = f"template syntax error: {error.message}"
    else:
        message = f"the template failed ({type(error).__name__}): {error.message or error}"
    return ContentError(path, line, "", message, "fix the template and save again")


def _template_location(error: TemplateError, templates_dir: Path) -> tuple[str, int | None]:
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return display_path(Path(error.filename)), error.lineno
    templates = templates_dir.resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(templates):
            return display_path(Path(frame.filename)), frame.lineno
    return display_path(templates_dir), None


def failure_from(error: Exception) -> BuildFailure:
    """What the page says about a build that stopped with an exception."""
    if isinstance(error, OSError):  # the machine's doing (a full disk, a permission), no fault
        return BuildFailure(
            "The preview could not read or write a file",
            str(error),
            "Nothing was published; the last site is kept. Free some disk space or fix the "
            "folder's permissions, then save any file again: this page reloads by itself.",
        )
    return BuildFailure(
        "The preview hit an internal error",
        f"{type(error).__name__}: {error}{_where_in_the_engine(error)}",
        "This is a fault in the site generator, not a mistake in a file, though a file you "
        "just changed may have set it off. Nothing was published; the last site is kept. Undo "
        "your last change and save: this page reloads by itself. If the error stays, report "
        "it to whoever maintains the site generator, with what the preview printed in its "
        "terminal.",
    )


def _where_in_the_engine(error: Exception) -> str:
    """' (in sitegen/outputs/calendar.py, line 42)': the innermost line of the engine's code."""
    code = [PROJECT_ROOT / name for name in CODE_DIRS]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        file = Path(frame.filename)
        if any(file.is_relative_to(folder) for folder in code):
            return f" (in {file.relative_to(PROJECT_ROOT).as_posix()}, line {frame.lineno})"
    return ""
