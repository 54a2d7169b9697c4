"""Images: each item's image checked (errors with file, line and field), and its responsive
variants made with Pillow: WebP plus a JPEG (photo) or PNG (transparency) fallback at a few
widths, never upscaled, turned upright and stripped of EXIF (GPS), XMP and colour profile
(converted to sRGB first). Variants are named by the hash of the file and of these settings,
and kept in the cache folder, so a warm build makes none again."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import PIL
from PIL import Image as Pillow
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from sitegen.model.entry import Entry
from sitegen.model.files import OutputFile
from sitegen.model.images import PublishedImage, Variant
from sitegen.model.problems import ContentError
from sitegen.reuse.digests import combine, digest

WIDTHS = (480, 960, 1440)
MIN_WIDTH = WIDTHS[0]
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 8000 x 6000 photo; more is refused before it is decoded
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
QUALITY = {"WEBP": 80, "JPEG": 82}
SETTINGS = f"widths={WIDTHS} quality={QUALITY} srgb stripped Pillow {PIL.__version__}"
MEDIA_FOLDER = "media"
Key = tuple[str, str]


def check_images(
    entries: list[Entry], content_dir: Path
) -> tuple[list[Entry], dict[Key, PublishedImage], list[ContentError]]:
    """The entries (an image's bytes folded into its item's digest, so every page and feed
    showing the item follows a change of the image), their images and the problems found."""
    root = content_dir.resolve()
    images: dict[Key, PublishedImage] = {}
    problems: list[ContentError] = []
    checked: list[Entry] = []
    for entry in entries:
        image = entry.model.image
        if image is None:
            checked.append(entry)
            continue
        found = _published(root, image.file)
        if isinstance(found, PublishedImage):
            images[(entry.kind, entry.slug)] = found
            source = replace(entry.source, digest=combine([entry.source.digest, found.digest]))
            entry = replace(entry, source=source)
        else:
            message, hint = found
            line = entry.source.line_of(("image", "file"))
            problems.append(ContentError(entry.source.path, line, "image.file", message, hint))
        checked.append(entry)
    return checked, images, problems


def _published(root: Path, name: str) -> PublishedImage | tuple[str, str]:
    path = (root / name).resolve()
    where = f"content/{name}"
    if not path.is_relative_to(root):
        return f"{name} lies outside content/", "put the image in content/media/"
    if not path.is_file():
        return f"there is no file {where}", "check the name, or put the image in content/media/"
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        megabytes = len(data) / 1024 / 1024
        return (f"{where} is {megabytes:.0f} MB, more than the {MAX_BYTES // 2**20} MB allowed",
                "save it smaller, e.g. 2000 pixels wide as a JPEG of quality 85")  # fmt: skip
    size = _upright_size(data, where)
    if isinstance(size, Refusal):
        return size.message, size.hint
    width, height = size
    if width < MIN_WIDTH:
        return (f"{where} is {width} pixels wide, less than the {MIN_WIDTH} needed",
                f"use a larger original, at least {MIN_WIDTH} pixels wide")  # fmt: skip
    key = combine([digest(data), SETTINGS])
    has_alpha = _has_alpha(data)
    stem = f"{MEDIA_FOLDER}/{key[:16]}"
    widths = [w for w in WIDTHS if w <= width]
    sizes = [(w, round(height * w / width)) for w in widths]
    fallback_ext, fallback_type = ("png", "image/png") if has_alpha else ("jpg", "image/jpeg")
    return PublishedImage(
        name,
        key,
        tuple(Variant(f"{stem}-{w}.webp", w, h, "image/webp") for w, h in sizes),
        tuple(Variant(f"{stem}-{w}.{fallback_ext}", w, h, fallback_type) for w, h in sizes),
    )  # fmt: skip


def _open(data: bytes) -> Pillow.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Pillow.DecompressionBombWarning)
        return Pillow.open(io.BytesIO(data))


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str


def _upright_size(data: bytes, where: str) -> tuple[int, int] | Refusal:
    """Width and height as shown (after the EXIF orientation), or why it is refused."""
    unreadable = Refusal(f"{where} cannot be read as an image (damaged, or not what its name says)",
                  "open it in an image editor and save it again as JPEG or PNG")  # fmt: skip
    try:
        with _open(data) as image:
            if image.format not in FORMATS:
                return Refusal(f"{where} is a {image.format} image, which the site cannot show",
                        "save it as JPEG (photos) or PNG (logos, drawings)")  # fmt: skip
            if image.width * image.height > MAX_PIXELS:
                return _too_many_pixels(where, image.width, image.height)
            image.load()  # a truncated file fails here, not half-way through a build
            orientation = image.getexif().get(0x0112, 1)
            turned = orientation in (5, 6, 7, 8)
            return (image.height, image.width) if turned else (image.width, image.height)
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        return _too_many_pixels(where, 0, 0)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return unreadable


def _too_many_pixels(where: str, width: int, height: int) -> Refusal:
    size = f" ({width} x {height})" if width else ""
    return Refusal(f"{where} has too many pixels{size}: more than {MAX_PIXELS:,} is refused",
            "save it smaller, e.g. 2000 pixels wide")  # fmt: skip


def _has_alpha(data: bytes) -> bool:
    with _open(data) as image:
        return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def image_files(
    images: Iterable[tuple[PublishedImage, Path]], cache_dir: Path | None, workers: int = 1
) -> list[OutputFile]:
    """Every variant of every image, from the cache or made now (on threads: Pillow lets go of
    the interpreter while it resizes and encodes)."""
    unique = {image.digest: (image, path) for image, path in images}
    with ThreadPoolExecutor(max(1, workers)) as pool:
        made = pool.map(lambda pair: _variants(pair[0], pair[1], cache_dir), unique.values())
        return [file for files in made for file in files]


def _variants(image: PublishedImage, source: Path, cache_dir: Path | None) -> list[OutputFile]:
    folder = cache_dir / "images" if cache_dir is not None else None
    wanted = [*image.webp, *image.fallback]
    cached = [_cached(folder, variant) for variant in wanted]
    if all(data is not None for data in cached):
        return [OutputFile(v.path, d) for v, d in zip(wanted, cached, strict=True) if d is not None]
    upright = _upright_srgb(source.read_bytes())
    files = []
    for variant in wanted:
        data = _encoded(upright, variant)
        if folder is not None:
            _store(folder, variant, data)
        files.append(OutputFile(variant.path, data))
    return files


def _cached(folder: Path | None, variant: Variant) -> bytes | None:
    if folder is None:
        return None
    try:
        return (folder / Path(variant.path).name).read_bytes()
    except OSError:
        return None


def _store(folder: Path, variant: Variant, data: bytes) -> None:
    try:  # the cache is only a cache: a failed write costs the next build the work again
        folder.mkdir(parents=True, exist_ok=True)
        (folder / Path(variant.path).name).write_bytes(data)
    except OSError:
        pass


def _upright_srgb(data: bytes) -> Pillow.Image:
    """The picture as it should be seen: turned by its EXIF orientation, in sRGB, with no
    metadata left (a new image holds only pixels)."""
    with _open(data) as opened:
        image = ImageOps.exif_transpose(opened)
        profile = opened.info.get("icc_profile")
        alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
        if profile:
            image = _to_srgb(image, profile)
        return Pillow.frombytes(image.mode, image.size, image.tobytes())


def _to_srgb(image: Pillow.Image, profile: bytes) -> Pillow.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the pixels as they are
    return converted if converted is not None else image


def _encoded(image: Pillow.Image, variant: Variant) -> bytes:
    resized = image.resize((variant.width, variant.height), Pillow.Resampling.LANCZOS)
    out = io.BytesIO()
    if variant.media_type == "image/webp":
        resized.save(out, "WEBP", quality=QUALITY["WEBP"], method=4)
    elif variant.media_type == "image/png":
        resized.save(out, "PNG", optimize=True)
    else:
        resized.save(out, "JPEG", quality=QUALITY["JPEG"], optimize=True, progressive=True)
    return out.getvalue()
