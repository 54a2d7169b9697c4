"""Stage 1, load: find the content files and read their YAML, keeping every value's line."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from functools import lru_cache
from pathlib import Path

from schemas.fields import SLUG_PATTERN
from sitegen.model.problems import ContentError
from sitegen.model.raw import RawContent, RawItem
from sitegen.stages.yaml_reader import YamlProblem, read_yaml

MAX_FILE_BYTES = 1_000_000
CONTENT_SUFFIXES = (".yaml", ".yml")
SITE_FILE = "site.yaml"
CATALOG_KIND = "i18n"


def load_content(
    content_dir: Path,
    kinds: tuple[str, ...],
    catalog_dirs: tuple[Path, ...],
    memory: FileMemory | None = None,
) -> tuple[RawContent, list[ContentError]]:
    """Read site.yaml, every item under content_dir/<kind>/ and the interface catalogs (of
    each folder; a word in an earlier one wins); with a memory, files unchanged since the
    last call are not read again."""
    root = content_dir.resolve()
    site, problems = load_site_settings(content_dir, memory)
    catalogs: dict[str, RawItem] = {}
    for catalog_dir in reversed(catalog_dirs):
        for path in _content_files(catalog_dir):
            catalog = _read_or_report(catalog_dir.resolve(), path, CATALOG_KIND, problems, memory)
            if catalog is not None:
                catalogs[catalog.slug] = _layered(catalog, catalogs.get(catalog.slug))
    items: list[RawItem] = []
    unreadable: set[tuple[str, str]] = set()
    for kind in kinds:
        if (problem := _broken_folder_link(root / kind)) is not None:
            problems.append(problem)
        for path in _content_files(root / kind):
            item = _read_or_report(root, path, kind, problems, memory)
            if item is not None:
                items.append(item)
            else:
                unreadable.add((kind, unicodedata.normalize("NFC", Path(path).stem)))
    folder = display_path(catalog_dir)
    return RawContent(site, catalogs, items, frozenset(unreadable), folder), problems


def load_site_settings(
    content_dir: Path, memory: FileMemory | None = None
) -> tuple[RawItem | None, list[ContentError]]:
    """Read content_dir/site.yaml alone (the tools need its languages)."""
    root = content_dir.resolve()
    problems: list[ContentError] = []
    site = _read_or_report(root, str(root / SITE_FILE), "site", problems, memory)
    return site, problems


def _layered(upper: RawItem, lower: RawItem | None) -> RawItem:
    """A catalog of a templates folder laid over the one of the folder below it: its words
    win, the others are kept; its file is the one named in problems."""
    if lower is None or not isinstance(upper.data, dict) or not isinstance(lower.data, dict):
        return upper
    data = {**lower.data, **upper.data}
    lines = {**lower.lines, **upper.lines}
    return RawItem(upper.kind, upper.slug, upper.path, data, lines, upper.digest + lower.digest)


def _broken_folder_link(folder: Path) -> ContentError | None:
    """A content folder that is a link to nowhere: all its items would vanish without a word."""
    if not os.path.islink(folder):
        return None
    try:
        os.stat(folder)
    except OSError as error:
        return _unreadable(str(folder), "folder", error)
    return None


def _content_files(folder: Path) -> list[str]:
    """The content files directly in folder, by name. (Plain strings: at ten thousand files,
    making, hashing and comparing Path objects cost more than reading the unchanged ones.)"""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if _suffix(e.name) in CONTENT_SUFFIXES]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [os.path.join(folder, name) for name in sorted(names)]


def _suffix(name: str) -> str:
    """As Path.suffix: '..yaml' has one (and is reported as a bad slug), '.yaml' has none."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


FileMemory = dict[str, tuple[int, int, "RawItem"]]
# The mtime of a file remembered by another process (the store in .cache/, reuse/store.py): its
# stat proves nothing there, so its text is read and compared instead.
UNCHECKED_MTIME = -1


def _read_or_report(
    root: Path,
    path: str,
    kind: str,
    problems: list[ContentError],
    memory: FileMemory | None = None,
) -> RawItem | None:
    try:
        status = os.stat(path)
    except OSError as error:
        if (problem := _unreadable(path, kind, error)) is not None:
            problems.append(problem)
        return None
    if not stat.S_ISREG(status.st_mode):  # a FIFO would block the build for ever if opened
        problems.append(_not_a_file(path, status.st_mode))
        return None
    remembered = memory.get(path) if memory is not None else None
    if remembered and remembered[:2] == (status.st_mtime_ns, status.st_size):
        return remembered[2]
    file = Path(path)
    slug = "site" if kind == "site" else file.stem
    known = remembered[2] if remembered else None
    item = _read_and_parse(root, file, kind, slug, problems, known)
    if item is not None and memory is not None:
        memory[path] = (status.st_mtime_ns, status.st_size, item)
    return item


def _unreadable(path: str, kind: str, error: OSError) -> ContentError | None:
    """Why a listed file cannot be read: a link to nowhere or in a loop (the item would vanish
    without a word), or a missing site.yaml. None for a file deleted since it was listed."""
    shown = display_path(Path(path))
    if os.path.islink(path):
        target = os.readlink(path)
        if error.errno == errno.ELOOP:
            message = f"the link points to '{target}', which leads round in a loop of links"
        else:
            message = f"the link points to '{target}', which does not exist"
        hint = "point the link at an existing content file, or replace it by the file itself"
        return ContentError(shown, None, "", message, hint)
    if kind == "site":
        return ContentError(shown, None, "", "the site settings file is missing")
    return None


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_a_file(path: str, mode: int) -> ContentError:
    what = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return ContentError(
        display_path(Path(path)),
        None,
        "",
        f"is {what}, not a file: it was not read",
        "content files must be ordinary text files: remove it, or rename it so that it does "
        "not end in .yaml or .yml",
    )


def _read_and_parse(
    root: Path,
    path: Path,
    kind: str,
    slug: str,
    problems: list[ContentError],
    known: RawItem | None = None,
) -> RawItem | None:
    """The file read; known (what it held when last read) if its text is still the same: a
    file touched, or remembered by another process, is not parsed again."""
    shown = _shown_file(path)
    try:
        text = read_text_safely(root, path)
        digest = text_digest(text)
        if known is not None and known.digest == digest and known.path == shown:
            return known
        parsed = read_yaml(text)
    except (OSError, UnicodeDecodeError, YamlProblem) as problem:
        problems.extend(_problems_from(shown, problem))
        return None
    slug = unicodedata.normalize("NFC", slug)
    if kind not in ("site", CATALOG_KIND) and not re.fullmatch(SLUG_PATTERN, slug):
        problems.append(
            ContentError(
                shown,
                None,
                "",
                f"the file name '{path.name}' cannot be used as an address",
                f"rename it to {slugify(slug)}{path.suffix}: lowercase a-z, digits and hyphens",
            )
        )
        return None
    return RawItem(kind, slug, shown, parsed.data, parsed.lines, digest,
                   parsed.written, parsed.text_starts)  # fmt: skip


def text_digest(text: str) -> str:
    """A short, stable fingerprint of a file's text (what incremental builds compare)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def slugify(name: str) -> str:
    """A suggestion for a valid slug: 'Water & Groen' -> 'water-groen'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "item"


def read_text_safely(root: Path, path: Path) -> str:
    """Read a UTF-8 file that really lies inside root (no symlink escapes) and is not too big."""
    # Resolving every file is slow at ten thousand files: resolve its folder once, and the file
    # itself only when it is a link. (Strings: Path objects per file were a tenth of loading.)
    if path.is_symlink():
        resolved = path.resolve()
        real: Path | str = resolved
        inside = resolved.is_relative_to(root)
    else:
        folder, name = os.path.split(path)
        real_folder = _real_folder(folder or os.curdir)
        real = os.path.join(real_folder, name)
        inside = _is_within(real_folder, root) or Path(real) == root
    if not inside:
        raise OSError(f"refusing to read {real}: it lies outside the content folder {root}")
    text = _read_regular_file(real).decode("utf-8-sig")
    if "\r" in text:  # looking for one character is many times faster than for two
        text = text.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular_file(path: Path | str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. Opened without blocking, so a
    FIFO put in its place after the caller looked cannot hang the build; then checked again.
    (Read with os.read: a file object and a buffer of the limit's size per file were a sixth
    of loading.)"""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError("it is not a regular file (it was replaced while being read)")
        if status.st_size > MAX_FILE_BYTES:
            raise OSError(_too_big(status.st_size))
        data = _read_up_to(descriptor, status.st_size + 1)
        if len(data) > status.st_size:  # growing meanwhile: read on, up to the limit
            data += _read_up_to(descriptor, MAX_FILE_BYTES + 1 - len(data))
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        raise OSError(_too_big(f"more than {MAX_FILE_BYTES:,}"))
    return data


def _read_up_to(descriptor: int, size: int) -> bytes:
    """At most size bytes, fewer only at the end of the file."""
    chunks = []
    while size > 0 and (chunk := os.read(descriptor, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _too_big(size: int | str) -> str:
    shown = f"{size:,}" if isinstance(size, int) else size
    return f"the file is {shown} bytes; content files may be at most {MAX_FILE_BYTES:,}"


@lru_cache(maxsize=256)
def _real_folder(folder: str) -> Path:
    return Path(folder).resolve()


@lru_cache(maxsize=256)
def _is_within(folder: Path, root: Path) -> bool:
    return folder.is_relative_to(root)


def _shown_file(path: Path) -> str:
    """display_path(path), from its folder's, which is made once per folder and working
    folder (os.path.relpath of every file was a tenth of loading)."""
    folder, name = os.path.split(path)
    shown_folder = _shown_folder(folder or os.curdir, os.getcwd())
    if shown_folder is None:
        return display_path(path)
    return name if shown_folder == os.curdir else os.path.join(shown_folder, name)


@lru_cache(maxsize=256)
def _shown_folder(folder: str, working_folder: str) -> str | None:
    """The folder relative to the working folder (the key), None when it cannot be."""
    try:
        return os.path.relpath(folder, working_folder)
    except ValueError:
        return None


def _problems_from(shown: str, problem: Exception) -> list[ContentError]:
    if isinstance(problem, YamlProblem):
        return [
            ContentError(shown, each.line, each.field, each.message, each.hint)
            for each in (problem, *problem.also)
        ]
    if isinstance(problem, UnicodeDecodeError):
        return [
            ContentError(
                shown,
                None,
                "",
                "the file is not valid UTF-8 text",
                "save it as UTF-8 in your editor",
            )
        ]
    return [ContentError(shown, None, "", str(problem))]


def display_path(path: Path) -> str:
    """The path as an editor knows it: relative to the working folder where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
