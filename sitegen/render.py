"""Stage 4b, render: each PageSpec through its Jinja template (autoescaped) into HTML."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from schemas.fields import LANGUAGES
from sitegen.i18n import Localizer
from sitegen.link import Site
from sitegen.markdown import render_markdown
from sitegen.metadata import open_graph_locale, structured_data
from sitegen.outputs import OutputFile
from sitegen.outputs.calendar import agenda_calendar_path, event_calendar_path
from sitegen.outputs.feeds import FEED_KINDS, feed_path
from sitegen.pagespec import PageSpec


def make_environment(templates_dir: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["markdown"] = render_markdown
    environment.globals.update(
        open_graph_locale=open_graph_locale,
        feed_path=feed_path,
        feed_kinds=FEED_KINDS,
        event_calendar_path=event_calendar_path,
        agenda_calendar_path=agenda_calendar_path,
    )
    return environment


def render_pages(site: Site, pages: list[PageSpec], environment: Environment) -> list[OutputFile]:
    """Every page as an HTML file at its output path."""
    localizers = {lang: Localizer(site, lang) for lang in LANGUAGES}
    rendered = []
    for page in pages:
        html = environment.get_template(page.template).render(
            page=page,
            L=localizers[page.lang],
            site=site,
            settings=site.settings,
            languages=LANGUAGES,
            jsonld=structured_data(site, page),
            **page.context,
        )
        rendered.append(OutputFile(page.output_path, html.encode("utf-8")))
    return rendered
