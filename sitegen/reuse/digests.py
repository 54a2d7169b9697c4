"""Digests of bytes and strings, and of the engine itself: what every fingerprint, manifest and
stored fragment is keyed by. Kept apart from fingerprints.py, which needs the models and Jinja:
a build that repeats the previous one needs only these (start-up time)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIRS = (
    Path(__file__).resolve().parents[1],
    Path(__file__).resolve().parents[2] / "schemas",
)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def combine(parts: Iterable[str]) -> str:
    """One digest of many strings; each ends in a NUL, so ("ab", "c") differs from ("a", "bc")."""
    joined = "\0".join(parts) + "\0"
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Libraries whose output is part of a page: a new version may change the HTML (a sanitiser
# fix in nh3, new CLDR data in Babel), so it invalidates every page and stored fragment.
RENDERING_LIBRARIES = (
    "jinja2", "cmarkgfm", "markdown-it-py", "mdit-py-plugins", "nh3", "babel", "icalendar",
    "pydantic", "markupsafe", "pagefind",
)  # fmt: skip


@cache
def engine_version() -> str:
    """Any change to the engine's or the models' code, to Python or to a library that renders
    invalidates every page."""
    files = sorted(p for folder in PACKAGE_DIRS for p in folder.rglob("*.py"))
    libraries = [f"{name} {metadata.version(name)}" for name in RENDERING_LIBRARIES]
    return combine([sys.version, *libraries, *(digest(p.read_bytes()) for p in files)])
