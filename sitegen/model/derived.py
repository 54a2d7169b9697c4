"""Values made once from an object that does not change: Site, Entry and PageSpec each carry
one, so that what several stages and outputs ask of them is made once, and the preview, which
keeps unchanged entries and pages between builds, makes it again only for what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")


class Derived:
    """name -> make(), made at the first call. A field with init=False and compare=False: an
    object made with dataclasses.replace (other fields, other answers) starts with none, and
    nothing kept here enters a comparison or a fingerprint."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def __call__(self, name: str, make: Callable[[], T]) -> T:
        if name not in self._values:
            self._values[name] = make()
        return cast(T, self._values[name])
