"""The build memory kept in the cache folder (sitegen/reuse/store.py): what it gives back, and
that anything else than a store of this engine and these options is ignored, never obeyed."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import schemas
from sitegen.pipeline import BuildOptions, check
from sitegen.reuse.memory import BuildMemory
from sitegen.reuse.store import load_memory, save_memory, store_header
from sitegen.stages.load import UNCHECKED_MTIME
from tests.support.builds import TODAY, ContentFactory

HEADER = store_header(["these options"])


def _checked_memory(root: Path) -> BuildMemory:
    memory = BuildMemory()
    site, _, problems = check(BuildOptions(content_dir=root, today=TODAY, cache_dir=None), memory)
    assert site is not None and not [p for p in problems if p.severity == "error"]
    return memory


def test_a_stored_memory_comes_back_with_no_file_trusted_by_its_time(
    content: ContentFactory, tmp_path: Path
) -> None:
    memory = _checked_memory(content())
    path = tmp_path / "memory"
    save_memory(path, HEADER, memory, schemas.CONTENT_TYPES)
    loaded = load_memory(path, HEADER, schemas.CONTENT_TYPES)
    assert loaded is not None
    assert loaded.files.keys() == memory.files.keys()
    for name, (_, size, item) in memory.files.items():
        assert loaded.files[name] == (UNCHECKED_MTIME, size, item)
    assert loaded.models == memory.models
    assert {type(model) for model in loaded.models.values()} == {
        type(model) for model in memory.models.values()
    }  # the models for_languages made, not copies of them
    assert loaded.entries == memory.entries
    assert loaded.manifest is None and loaded.output_identity == [] and not loaded.owned


def test_a_missing_store_is_none(tmp_path: Path) -> None:
    assert load_memory(tmp_path / "nothing here", HEADER, schemas.CONTENT_TYPES) is None


def test_a_store_of_other_options_or_another_engine_is_ignored(
    content: ContentFactory, tmp_path: Path
) -> None:
    path = tmp_path / "memory"
    save_memory(path, HEADER, _checked_memory(content()), schemas.CONTENT_TYPES)
    assert load_memory(path, store_header(["other options"]), schemas.CONTENT_TYPES) is None
    older = path.read_bytes().replace(b"sitegen build memory 1", b"sitegen build memory 0", 1)
    path.write_bytes(older)
    assert load_memory(path, HEADER, schemas.CONTENT_TYPES) is None


def test_a_damaged_store_is_ignored(content: ContentFactory, tmp_path: Path) -> None:
    path = tmp_path / "memory"
    save_memory(path, HEADER, _checked_memory(content()), schemas.CONTENT_TYPES)
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], HEADER + b"\x80\x05garbage", HEADER, b""):
        path.write_bytes(damaged)
        assert load_memory(path, HEADER, schemas.CONTENT_TYPES) is None


class _Command:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.target}",)

    def __init__(self, target: Path) -> None:
        self.target = target


def test_a_store_that_names_anything_but_a_memory_s_classes_is_not_obeyed(
    tmp_path: Path,
) -> None:
    path, target = tmp_path / "memory", tmp_path / "made-by-the-store"
    path.write_bytes(HEADER + pickle.dumps(_Command(target)))
    assert load_memory(path, HEADER, schemas.CONTENT_TYPES) is None
    assert not target.exists()
    # nor a function that a module of the engine imports, named through it
    kept = tmp_path / "kept"
    kept.mkdir()
    stream = _call("sitegen.stages.write", "shutil.rmtree", str(kept))
    path.write_bytes(HEADER + stream)
    assert load_memory(path, HEADER, schemas.CONTENT_TYPES) is None
    assert kept.is_dir()


def _call(module: str, name: str, argument: str) -> bytes:
    """A pickle that calls module.name(argument) as it is loaded (protocol 4, by hand)."""
    found = pickle.SHORT_BINUNICODE + bytes([len(module)]) + module.encode()
    found += pickle.SHORT_BINUNICODE + bytes([len(name)]) + name.encode() + pickle.STACK_GLOBAL
    given = pickle.SHORT_BINUNICODE + bytes([len(argument)]) + argument.encode()
    return pickle.PROTO + bytes([4]) + found + given + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP


def test_a_store_that_is_not_a_memory_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    path.write_bytes(HEADER + pickle.dumps({"files": {}}))
    assert load_memory(path, HEADER, schemas.CONTENT_TYPES) is None
