"""Small generated images for the tests (no photos of people or events): a photo-like JPEG
with EXIF GPS data and a sideways orientation, a logo-like PNG with transparency."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_bytes(width: int = 1600, height: int = 1000, rotated: bool = True) -> bytes:
    """A gradient JPEG with GPS coordinates in its EXIF; stored sideways (orientation 6, 'turn
    90 degrees clockwise to show'), so it shows height x width."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 18.0, 0.0)})
    if rotated:
        exif[ORIENTATION] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def logo_bytes(width: int = 600, height: int = 300) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((30, 110, 60, 255), (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_image(content: Path, item: str, file: str, data: bytes, **image: object) -> None:
    """Write data to content/<file> and give content/<item>.yaml that image (alt text in every
    language unless other fields are given)."""
    (content / file).parent.mkdir(parents=True, exist_ok=True)
    (content / file).write_bytes(data)
    path = content / f"{item}.yaml"
    fields = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields["image"] = {"file": file, **(image or {"alt": {"nl": "Een kas", "en": "A greenhouse"}})}
    path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")


def with_images(content: Path) -> Path:
    """The fixture's news item with a photo, an organisation with a logo."""
    add_image(content, "news/start-netwerk", "media/kas.jpg", photo_bytes())
    add_image(content, "organisations/testnet", "organisations/testnet-logo.png", logo_bytes(),
              alt={"nl": "Logo van Testnet", "en": "Testnet logo"})  # fmt: skip
    return content
