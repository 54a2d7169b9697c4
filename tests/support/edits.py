"""Edits of content files as an editor makes them: read the YAML, change it, write it back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Data = dict[str, Any]


def edit_yaml(path: Path, change: Callable[[Data], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
