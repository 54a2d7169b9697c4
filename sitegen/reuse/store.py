"""The live preview's memory (memory.py), kept in .cache/ from one build on the command line to
the next: a one-off build after a small change then reads, validates, plans and fingerprints
only what the change reaches, as the preview does (issue 16).

The store is a pickle of the BuildMemory behind a header that names everything it assumes: its
format, the engine (engine_version: its code, Python and the rendering libraries), the working
folder (problems name files relative to it), the content, templates, static and output folders
and the options. A store with another header, unreadable or damaged, is ignored: the build
starts with an empty memory, as a clean build does, and saves a new one.

Safe to load from a cache that CI restored: the unpickler finds only the value classes of the
engine, of the models and of the build's content types (dataclasses, named tuples, pydantic
models, enums, and the two plain classes a memory holds), a few value types of the standard
library and pydantic, and the models for_languages made (named by their model and languages,
schemas/languages.py made_from). No other name can be found, so nothing else can be made or
called.

Nothing in it is trusted by a file's modification time: the load stage takes a remembered file
only while its text is the same (stages/load.py UNCHECKED_MTIME), and the output folder is
checked file by file against the manifest, as by every build from the command line. It is
written into a temporary file and moved over the old one, after the site was published.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
from dataclasses import is_dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from pydantic._internal._model_construction import ModelMetaclass

from schemas import ContentTypes
from schemas.languages import for_languages, made_from
from sitegen.model.derived import Derived
from sitegen.model.urls import Urls
from sitegen.reuse.digests import combine, engine_version
from sitegen.reuse.memory import BuildMemory
from sitegen.stages.load import UNCHECKED_MTIME

STORE_FORMAT = "sitegen build memory 1"
ENGINE_PACKAGES = ("sitegen", "schemas")
# value types from elsewhere that a memory holds (dates, times, zones, a site's address)
FOREIGN_CLASSES = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
    ("pydantic.networks", "HttpUrl"),
    ("pydantic_core._pydantic_core", "Url"),
}
PLAIN_CLASSES = (Derived, Urls)  # engine classes that are neither dataclasses nor models


def store_header(settings: list[str]) -> bytes:
    """The first line of a store: what its memory is valid for."""
    key = combine([STORE_FORMAT, engine_version(), os.getcwd(), *settings])
    return f"{STORE_FORMAT} {key}\n".encode()


def load_memory(path: Path, header: bytes, types: ContentTypes) -> BuildMemory | None:
    """The memory stored in path for this header, as another process left it; None if there is
    none, or it is of another engine, folder or option, or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(header):
        return None
    try:
        memory = _StoreUnpickler(io.BytesIO(data[len(header) :]), types).load()
    # A damaged or foreign store can fail in any way unpickling can (EOFError, KeyError,
    # AttributeError, UnpicklingError, RecursionError, ...): each only costs a full build.
    except Exception:
        return None
    return _untrusted(memory) if isinstance(memory, BuildMemory) else None


def save_memory(path: Path, header: bytes, memory: BuildMemory, types: ContentTypes) -> None:
    """Store what a later process may take over: the files read, the models, the entries and
    the pages planned. Not what the preview knows of the output folder, which another process
    checks itself."""
    kept = BuildMemory(memory.files, memory.models, memory.entries, memory.planned)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("wb") as file:
            file.write(header)
            _StorePickler(file, types).dump(kept)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        # a value the store cannot hold (a content type's own class): the next build is full
        temporary.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        return
    os.replace(temporary, path)


def _untrusted(memory: BuildMemory) -> BuildMemory:
    """The memory with no file's stat believed (its text is compared instead) and nothing known
    of the output folder."""
    files = {path: (UNCHECKED_MTIME, size, item) for path, (_, size, item) in memory.files.items()}
    return BuildMemory(files, memory.models, memory.entries, memory.planned)


class _StorePickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], types: ContentTypes) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

        def reduce_types(held: ContentTypes) -> tuple[Any, tuple[()]]:
            if held is not types:
                raise pickle.PicklingError("the memory holds content types of another build")
            return _build_types, ()

        table: dict[type, Any] = dict(copyreg.dispatch_table)
        table[ModelMetaclass] = _reduce_model_class
        table[ContentTypes] = reduce_types
        table[Derived] = _reduce_derived
        self.dispatch_table = table


def _reduce_model_class(model: type[BaseModel]) -> str | tuple[Any, tuple[Any, ...]]:
    """A model for_languages made is named by its model and languages; any other by its name."""
    made = made_from(model)
    return model.__qualname__ if made is None else (for_languages, made)


def _reduce_derived(derived: Derived) -> tuple[type[Derived], tuple[()]]:
    """Stored empty: what was derived is made again when it is asked for (a tenth of a second
    less to save and load at N = 5,000 than it costs to make again)."""
    return Derived, ()


def _build_types() -> ContentTypes:
    """Stands for the build's content types in a store (their listings hold functions); the
    unpickler gives the loading build's own."""
    raise pickle.UnpicklingError("content types are given by the build that loads a store")


class _StoreUnpickler(pickle.Unpickler):
    """Finds only the names a memory holds (see the module's docstring)."""

    def __init__(self, file: IO[bytes], types: ContentTypes) -> None:
        super().__init__(file)
        self._types = types
        self._type_modules = {declared.model.__module__ for declared in types}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_build_types"):
            return lambda: self._types
        if (module, name) == ("schemas.languages", "for_languages"):
            return _checked_for_languages
        if (module, name) == ("builtins", "getattr"):
            return _checked_getattr
        if (module, name) in FOREIGN_CLASSES:
            return super().find_class(module, name)
        if module.split(".")[0] in ENGINE_PACKAGES or module in self._type_modules:
            found = super().find_class(module, name)
            if _is_value_class(found, module):
                return found
        raise pickle.UnpicklingError(f"a build memory does not hold {module}.{name}")


def _is_value_class(found: object, module: str) -> bool:
    if not isinstance(found, type) or found.__module__ != module:
        return False  # a function, a module, or a name imported from elsewhere
    named_tuple = issubclass(found, tuple) and hasattr(found, "_fields")
    return (
        found in PLAIN_CLASSES
        or named_tuple
        or is_dataclass(found)
        or issubclass(found, BaseModel | Enum)
    )


def _checked_for_languages(model: object, codes: object) -> type[BaseModel]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise pickle.UnpicklingError("for_languages is only given a model")
    if not (isinstance(codes, tuple) and all(isinstance(code, str) for code in codes)):
        raise pickle.UnpicklingError("for_languages is only given language codes")
    return for_languages(model, codes)


def _checked_getattr(owner: object, name: object) -> object:
    """What pickle names with getattr in a memory: an enum's member, and ZoneInfo's own way of
    making a zone again."""
    if isinstance(owner, type) and issubclass(owner, Enum) and name in owner.__members__:
        return owner[str(name)]
    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"a build memory does not hold {owner!r}.{name}")
