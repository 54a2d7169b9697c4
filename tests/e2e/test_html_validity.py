"""Every built page is valid HTML by the W3C Nu HTML Checker (npm's vnu-jar, current), and the
site's own stylesheet and icon are valid CSS and SVG. One JVM checks every file at once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.quality import VNU_JAR, java, needed

SITES = {"shipped": PROJECT_ROOT / "content", "fixture": FIXTURE_SITE}


def nu_check(files: list[Path]) -> list[str]:
    """'file:line: message' for every error the checker reports (it writes JSON to stderr)."""
    command = [java(), "-jar", str(needed(VNU_JAR)), "--errors-only", "--format", "json"]
    command += ["--also-check-css", "--also-check-svg", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    return [f"{m.get('url')}:{m.get('lastLine')}: {m['type']}: {m['message']}" for m in messages]


def test_every_page_and_the_stylesheet_pass_the_nu_checker(tmp_path: Path) -> None:
    pages: list[Path] = []
    for name, content in SITES.items():
        out = tmp_path / name
        result = build_into(content, out)
        assert result.written, [p.format() for p in result.errors]
        built = sorted(out.rglob("*.html"))
        assert len(built) == len(result.pages), name  # every page, 404.html included
        pages += built
    assert len(pages) > 200
    static = PROJECT_ROOT / "static"
    assert nu_check([*pages, static / "css" / "site.css", static / "favicon.svg"]) == []
