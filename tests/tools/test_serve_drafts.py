"""The live preview shows drafts, marked as such, and asks search engines to keep none of it;
a clean build of the same content has no page for the draft."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from lxml import html as lxml_html

from schemas.fields import SITE_TIMEZONE
from sitegen.pipeline import BuildOptions, build
from sitegen.tools import serve
from tests.support.builds import ContentFactory
from tests.support.preview import Live, options_for

DRAFT = """\
date: 2026-11-20
draft: true
nl:
  title: Half af
  summary: Nog niet klaar.
en:
  title: Half done
  summary: Not ready yet.
"""


def test_the_preview_serves_a_draft_marked_and_not_for_indexing(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content(**{"news/half-af.yaml": DRAFT})
    preview = serve.Preview(options_for(root, tmp_path), port=0, fixed_today=True)
    preview.log = lambda _: None
    result = preview.rebuild()
    pages = [p for p in result.pages if p.entry is not None and p.entry.slug == "half-af"]
    assert len(pages) == 2
    server = preview.start_server()
    live = Live(preview)
    live.url = f"http://127.0.0.1:{server.server_port}"
    try:
        for page in pages:
            status, headers, body = live.fetch(page.url)
            assert status == 200 and headers["X-Robots-Tag"] == "noindex"
            badges = lxml_html.fromstring(body).find_class("badge--draft")
            assert [badge.text for badge in badges] == [{"nl": "Concept", "en": "Draft"}[page.lang]]
    finally:
        server.shutdown()
        server.server_close()
    published = build(options_for(root, tmp_path / "clean", search=False))
    assert published.written
    assert not [p for p in published.pages if p.entry is not None and p.entry.slug == "half-af"]
    assert not (tmp_path / "clean" / "site" / pages[0].output_path).exists()


def test_a_preview_left_running_builds_again_when_a_publish_time_passes(
    content: ContentFactory, tmp_path: Path
) -> None:
    soon = datetime.now(SITE_TIMEZONE) + timedelta(minutes=30)
    scheduled = DRAFT.replace("draft: true", f"publish_from: {soon:%Y-%m-%d %H:%M}")
    root = content(**{"news/half-af.yaml": scheduled})
    options = BuildOptions(content_dir=root, out_dir=tmp_path / "site", cache_dir=None)
    running = serve.Preview(options, port=0, log=lambda _: None)
    running.rebuild()
    # the publish time, or the agenda's midnight if that comes first
    assert running.changes_at is not None and running.changes_at <= soon
    assert not running.changed_by_itself()
    running.changes_at = datetime.now(SITE_TIMEZONE)  # as if the half hour had passed
    assert running.changed_by_itself()
