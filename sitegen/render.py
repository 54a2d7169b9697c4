"""Stage 4b, render: each PageSpec through its Jinja template (autoescaped) into HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from schemas.fields import LANGUAGES
from sitegen.i18n import Localizer
from sitegen.link import Site
from sitegen.markdown import render_markdown
from sitegen.pages import PageSpec


@dataclass(frozen=True)
class RenderedPage:
    url: str
    lang: str
    html: str


def make_environment(templates_dir: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["markdown"] = render_markdown
    return environment


def render_pages(site: Site, pages: list[PageSpec], templates_dir: Path) -> list[RenderedPage]:
    environment = make_environment(templates_dir)
    localizers = {lang: Localizer(site, lang) for lang in LANGUAGES}
    rendered = []
    for page in pages:
        template = environment.get_template(page.template)
        html = template.render(
            page=page,
            L=localizers[page.lang],
            site=site,
            settings=site.settings,
            languages=LANGUAGES,
            **page.context,
        )
        rendered.append(RenderedPage(page.url, page.lang, html))
    return rendered
