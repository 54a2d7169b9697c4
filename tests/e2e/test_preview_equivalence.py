"""The live preview takes over the pages a change cannot reach (sitegen/reuse/affected.py):
after any sequence of edits, its site must be byte for byte the site a clean build makes."""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from schemas import CONTENT_TYPES, ContentTypes
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, build
from sitegen.reuse.memory import BuildMemory
from sitegen.stages import plan as pages
from tests.support.builds import TODAY
from tests.support.edits import edit_yaml
from tests.support.files import contents_of

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from make_corpus import generate

Data = dict[str, Any]


Edit = Callable[[random.Random, Path], str]  # changes the content folder, says what it did


STEPS = 12


def _items(root: Path, kind: str) -> list[Path]:
    return sorted((root / kind).glob("*.yaml"))


def _slugs(root: Path, kind: str) -> list[str]:
    return [path.stem for path in _items(root, kind)]


def retitle(rng: random.Random, root: Path) -> str:
    kind = rng.choice(["events", "news", "themes", "organisations", "clusters"])
    path = rng.choice(_items(root, kind))
    lang = rng.choice(["nl", "en"])

    def change(data: Data) -> None:
        if lang in data:
            data[lang]["title"] += f" {rng.randint(1, 999)}"

    edit_yaml(path, change)
    return f"retitled {path.stem} ({lang})"


def move_event(rng: random.Random, root: Path) -> str:
    path = rng.choice(_items(root, "events"))
    days = timedelta(days=rng.choice([-400, -30, -1, 1, 30, 400]))

    def shifted(value: Any) -> Any:
        if isinstance(value, str):  # "2020-01-24 10:30" is no YAML timestamp: a string
            return (datetime.fromisoformat(value) + days).isoformat(" ", "minutes")
        return value + days

    def change(data: Data) -> None:
        data["start"] = shifted(data["start"])
        if data.get("end") is not None:
            data["end"] = shifted(data["end"])

    edit_yaml(path, change)
    return f"moved {path.stem} by {days.days} days"


def reference(field: str, kinds: tuple[str, ...], target: str, many: bool) -> Edit:
    def edit(rng: random.Random, root: Path) -> str:
        path = rng.choice([p for kind in kinds for p in _items(root, kind)])
        choices = _slugs(root, target)
        value: Any = sorted(rng.sample(choices, rng.randint(1, min(2, len(choices)))))
        if not many:
            value = value[0] if rng.random() < 0.7 else None

        def change(data: Data) -> None:
            if value is None or value == []:
                data.pop(field, None)
            else:
                data[field] = value

        edit_yaml(path, change)
        return f"set {path.stem}.{field} to {value}"

    return edit


def series(rng: random.Random, root: Path) -> str:
    path = rng.choice(_items(root, "events"))
    name = "reeks-a" if rng.random() < 0.7 else None  # one series, so that it grows

    def change(data: Data) -> None:
        if name is None:
            data.pop("series", None)
        else:
            data["series"] = name

    edit_yaml(path, change)
    return f"put {path.stem} in series {name}"


def audience(rng: random.Random, root: Path) -> str:
    path = rng.choice(_items(root, "events"))
    chosen = sorted(rng.sample(["mbo", "hbo", "docenten", "studenten"], rng.randint(0, 2)))
    edit_yaml(path, lambda data: data.update(audience=chosen))
    return f"set {path.stem}.audience to {chosen}"


def drop_english(rng: random.Random, root: Path) -> str:
    path = rng.choice(_items(root, "events") + _items(root, "news"))
    edit_yaml(path, lambda data: data.pop("en", None))
    return f"dropped the English text of {path.stem}"


def cancel(rng: random.Random, root: Path) -> str:
    path = rng.choice(_items(root, "events"))
    edit_yaml(path, lambda data: data.update(status=rng.choice(["cancelled", "scheduled"])))
    return f"changed the status of {path.stem}"


def copy_event(rng: random.Random, root: Path) -> str:
    source = rng.choice(_items(root, "events"))
    target = source.with_name(f"kopie-{rng.randint(1, 10**6)}.yaml")
    shutil.copyfile(source, target)
    return f"copied {source.stem} to {target.stem}"


EDITS: list[Edit] = [
    retitle,
    retitle,
    move_event,
    move_event,
    reference("themes", ("events", "news"), "themes", many=True),
    reference("organisers", ("events",), "organisations", many=True),
    reference("cluster", ("events",), "clusters", many=False),
    reference("events", ("news",), "events", many=True),
    series,
    series,
    audience,
    drop_english,
    cancel,
    copy_event,
]


@pytest.fixture
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short related lists, so that a small corpus has cut-off related lists."""
    monkeypatch.setattr(pages, "RELATED_LIMIT", 2)


# the shipped types with short lists, so that a small corpus has numbered pages
SHORT_LISTS = ContentTypes(
    tuple(
        replace(
            declared,
            listing=replace(declared.listing, per_page={"events": 3, "news": 2}[declared.name]),
        )
        if declared.name in ("events", "news")
        else declared
        for declared in CONTENT_TYPES
    )
)


@pytest.mark.usefixtures("small_lists")
@pytest.mark.parametrize("seed", [1, 2])
def test_the_preview_after_random_edits_equals_a_clean_build(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "content"
    generate(16, root, seed=seed)
    rng = random.Random(seed)
    memory = BuildMemory()
    preview = BuildOptions(
        content_dir=root, out_dir=tmp_path / "preview", cache_dir=tmp_path / "cache",
        today=TODAY, search=False, workers=1, types=SHORT_LISTS,
    )  # fmt: skip
    assert build(preview, memory=memory).written
    done: list[str] = []
    for step in range(STEPS):
        done.append(rng.choice(EDITS)(rng, root))
        result = build(preview, memory=memory)
        assert result.written, (done, [p.format() for p in result.errors])
        clean = BuildOptions(
            content_dir=root, out_dir=tmp_path / f"clean-{step}", cache_dir=None,
            today=TODAY, search=False, workers=1, types=SHORT_LISTS,
        )  # fmt: skip
        assert build(clean).written
        expected, got = contents_of(clean.out_dir), contents_of(preview.out_dir)
        differing = sorted(name for name in expected.keys() | got.keys()
                           if expected.get(name) != got.get(name))  # fmt: skip
        assert not differing, f"after {done}: {differing[:10]}"
        shutil.rmtree(clean.out_dir)
