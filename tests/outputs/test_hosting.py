"""The files a host needs (sitegen/outputs/hosting.py): CNAME and .nojekyll."""

from __future__ import annotations

from pathlib import Path

from tests.support.builds import (
    ContentFactory,
    build_into,
)


def test_the_site_settings_write_the_files_a_host_needs(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    settings = root / "site.yaml"
    settings.write_text(settings.read_text() + "cname: www.example.nl\nnojekyll: true\n")
    out = tmp_path / "site"
    assert build_into(root, out).written
    assert (out / "CNAME").read_text() == "www.example.nl\n"
    assert (out / ".nojekyll").read_bytes() == b""
    assert build_into(root, out).written  # and the next build owns them


def test_a_bad_cname_is_a_content_error(content: ContentFactory, tmp_path: Path) -> None:
    root = content()
    settings = root / "site.yaml"
    settings.write_text(settings.read_text() + "cname: https://www.example.nl/\n")
    result = build_into(root, tmp_path / "site")
    assert not result.written
    assert [(Path(e.path).name, e.field) for e in result.errors] == [("site.yaml", "cname")]
