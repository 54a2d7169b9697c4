"""The image stage: variants upright, at the widths promised, without EXIF or GPS; every
refused image an error with file, line and field."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.stages import images as stage
from tests.support.builds import FIXTURE_SITE, build_into
from tests.support.images import add_image, logo_bytes, photo_bytes


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_SITE, tmp_path / "content"))


def _errors(content: Path, tmp_path: Path) -> list[str]:
    return [p.format() for p in build_into(content, tmp_path / "site").errors]


def test_variants_are_upright_never_upscaled_and_hold_no_metadata(
    content: Path, tmp_path: Path
) -> None:
    add_image(content, "news/start-netwerk", "media/kas.jpg", photo_bytes(1600, 1000))
    assert build_into(content, tmp_path / "site").ok
    variants = sorted((tmp_path / "site" / "media").iterdir())
    assert variants, "no variants written"
    widths = set()
    for path in variants:
        with Image.open(path) as image:
            assert image.height > image.width  # stored sideways, shown upright
            assert not image.getexif(), f"{path.name} keeps EXIF"
            assert "exif" not in image.info and "icc_profile" not in image.info
            widths.add(image.width)
    assert widths == {w for w in stage.WIDTHS if w <= 1000}
    assert {p.suffix for p in variants} == {".webp", ".jpg"}


def test_transparent_logo_falls_back_to_png(content: Path, tmp_path: Path) -> None:
    add_image(content, "organisations/testnet", "media/logo.png", logo_bytes())
    assert build_into(content, tmp_path / "site").ok
    pngs = list((tmp_path / "site" / "media").glob("*.png"))
    assert pngs and Image.open(pngs[0]).mode == "RGBA"


def _too_many_pixels() -> bytes:
    out = io.BytesIO()
    Image.new("L", (10_000, 6_000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "image", "expected"),
    [
        (photo_bytes(400, 300, rotated=False), {}, "less than the 480 needed"),
        (b"not an image at all", {}, "cannot be read as an image"),
        (photo_bytes()[:2000], {}, "cannot be read as an image"),
        (_too_many_pixels(), {}, "too many pixels"),
        (photo_bytes(), {"decorative": False}, "needs alt text"),
        (
            photo_bytes(),
            {"decorative": True, "alt": {"nl": "Een kas", "en": "A greenhouse"}},
            "either decorative",
        ),
    ],
    ids=["too-small", "not-an-image", "truncated", "bomb", "no-alt", "alt-and-decorative"],
)
def test_refused_images_are_content_errors_with_file_line_and_field(
    content: Path, tmp_path: Path, data: bytes, image: dict[str, object], expected: str
) -> None:
    add_image(content, "news/start-netwerk", "media/x.jpg", data, **image)
    errors = _errors(content, tmp_path)
    assert len(errors) == 1, errors
    assert re.search(r"news/start-netwerk\.yaml:\d+: error: image(\.file)?:", errors[0])
    assert expected in errors[0]
    assert not (tmp_path / "site").exists()


def test_a_gif_and_a_missing_file_and_an_escape_are_refused(content: Path, tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (600, 400)).save(out, "GIF")
    add_image(content, "news/start-netwerk", "media/anim.png", out.getvalue())
    add_image(content, "organisations/testnet", "media/logo.png", logo_bytes())
    (content / "media" / "logo.png").unlink()
    errors = "\n".join(_errors(content, tmp_path))
    assert "GIF image" in errors and "there is no file content/media/logo.png" in errors
    add_image(content, "organisations/testnet", "../outside.png", logo_bytes())
    assert "image.file" in "\n".join(_errors(content, tmp_path))


def test_a_file_over_the_size_limit_is_refused(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stage, "MAX_BYTES", 10_000)
    add_image(content, "news/start-netwerk", "media/kas.jpg", photo_bytes())
    errors = _errors(content, tmp_path)
    assert len(errors) == 1 and "MB allowed" in errors[0] and "image.file" in errors[0]
