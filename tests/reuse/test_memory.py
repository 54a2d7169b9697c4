"""The live preview's memory between builds (sitegen/reuse/memory.py): only changed files read
again, and a command-line build or a removed folder noticed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitegen.pipeline import BuildOptions, build, check
from sitegen.reuse.memory import BuildMemory
from tests.support.builds import TODAY, ContentFactory
from tests.support.cached_builds import append_to, build_with_cache
from tests.support.files import file_states


def preview_options(root: Path, tmp_path: Path) -> BuildOptions:
    return BuildOptions(
        content_dir=root, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
        today=TODAY, search=False, workers=1,
    )  # fmt: skip


def test_the_preview_checks_every_file_again_after_a_command_line_build(
    content: ContentFactory, tmp_path: Path
) -> None:
    """The preview trusts the files it wrote itself; a build from the command line rewrites
    the manifest, after which the preview looks at each file again."""
    root = content()
    memory = BuildMemory()
    assert build(preview_options(root, tmp_path), memory=memory).written
    append_to(root / "events" / "afgelast.yaml", "capacity: {min: 5, max: 12}\n")
    build_with_cache(root, tmp_path)  # the command line, into the same folder
    lost = tmp_path / "site" / "themas" / "biodiversiteit" / "index.html"  # afgelast not on it
    lost.unlink()
    append_to(root / "events" / "afgelast.yaml", "registration_email: a@example.org\n")
    assert build(preview_options(root, tmp_path), memory=memory).written
    assert lost.is_file()


def test_the_preview_builds_a_removed_output_folder_again(
    content: ContentFactory, tmp_path: Path
) -> None:
    root = content()
    memory = BuildMemory()
    assert build(preview_options(root, tmp_path), memory=memory).written
    expected = set(file_states(tmp_path / "site"))
    shutil.rmtree(tmp_path / "site")
    append_to(root / "events" / "afgelast.yaml", "capacity: {min: 5, max: 12}\n")
    assert build(preview_options(root, tmp_path), memory=memory).written
    assert set(file_states(tmp_path / "site")) == expected


def test_the_preview_memory_rereads_only_changed_files(content: ContentFactory) -> None:
    root = content()
    memory = BuildMemory()
    options = BuildOptions(content_dir=root, today=TODAY, cache_dir=None)
    site, _, _ = check(options, memory)
    unchanged, changed = root / "themes" / "water.yaml", root / "themes" / "biodiversiteit.yaml"
    status = unchanged.stat()
    unchanged.write_bytes(b":" * status.st_size)  # same size and time: must not be read again
    os.utime(unchanged, ns=(status.st_atime_ns, status.st_mtime_ns))
    changed.write_text(changed.read_text().replace("Biodiversity", "Wildlife"))
    site, _, problems = check(options, memory)
    assert site is not None and not [p for p in problems if p.severity == "error"]
    theme = site.get("themes", "biodiversiteit")
    assert theme is not None and theme.model.text("en").title == "Wildlife"  # type: ignore[union-attr]
