"""A small HTML page at every former address of an item (stages/redirects.py), sending
visitors on: a meta refresh for browsers, rel=canonical for search engines, and a link for
everyone else. No script, so the site's Content-Security-Policy holds; noindex, and it is no
PageSpec, so neither the sitemap, the feeds nor the search index ever see it (search reads
only the pages the plan marks searchable)."""

from __future__ import annotations

from functools import partial
from html import escape

from sitegen.model.files import LazyFile
from sitegen.model.site import Site
from sitegen.outputs.built import Built
from sitegen.stages.redirects import Redirect, plan_redirects

# the same policy as templates/base.html: nothing may run, only the site's own style
POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:;"
    " object-src 'none'; base-uri 'self'; form-action 'self'"
)


def redirect_files(built: Built) -> list[LazyFile]:
    redirects, _ = plan_redirects(built.site, built.pages)  # the check stage reported problems
    return [_file(built.site, redirect) for redirect in redirects]


def _file(site: Site, redirect: Redirect) -> LazyFile:
    words = site.catalogs[redirect.lang]
    inputs = (redirect.url, site.urls.absolute(redirect.target), redirect.lang,
              words["moved_title"], words["moved_text"])  # fmt: skip
    return LazyFile(redirect.output_path, inputs, partial(redirect_page, site, redirect))


def redirect_page(site: Site, redirect: Redirect) -> bytes:
    words = site.catalogs[redirect.lang]
    # canonical is a full URL; the refresh and link stay on the host they are read on (the
    # live preview's too)
    canonical = escape(site.urls.absolute(redirect.target))
    target = escape(redirect.target)
    title = escape(words["moved_title"])
    stylesheet = escape(site.urls.address("static/css/site.css"))
    return f"""<!doctype html>
<html lang="{escape(redirect.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
<link rel="stylesheet" href="{stylesheet}">
<title>{title}</title>
</head>
<body data-pagefind-ignore="all">
<main>
<h1>{title}</h1>
<p>{escape(words["moved_text"])} <a href="{target}">{canonical}</a></p>
</main>
</body>
</html>
""".encode()
