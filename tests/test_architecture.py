"""The engine's shape (issue 12): the pipeline's folders, no import cycles, short modules."""

from __future__ import annotations

import ast
from pathlib import Path

from sitegen.pipeline import PROJECT_ROOT

ENGINE = PROJECT_ROOT / "sitegen"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _engine_modules() -> dict[str, Path]:
    files = [*ENGINE.rglob("*.py"), *(PROJECT_ROOT / "schemas").rglob("*.py")]
    return {_module_name(path): path for path in files}


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every engine module path imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found.update(name for name in names if name in known)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _engine_modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    path: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in on_path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        on_path.add(module)
        for imported in sorted(graph[module]):
            if (cycle := visit(imported)) is not None:
                return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    return visit(start)


def test_no_module_imports_itself_through_others() -> None:
    graph = _graph()
    # a package's __init__ importing its own modules is not a cycle through the package
    for name in graph:
        graph[name] = {m for m in graph[name] if not (m in graph and name.startswith(m + "."))}
    cycles = [cycle for name in sorted(graph) if (cycle := _cycle_from(name, graph))]
    assert not cycles, f"import cycle: {' -> '.join(cycles[0])}"


def test_the_model_imports_only_the_schemas_and_itself() -> None:
    graph = _graph()
    outside = {
        name: sorted(m for m in imported if not m.startswith(("schemas", "sitegen.model")))
        for name, imported in graph.items()
        if name.startswith("sitegen.model")
    }
    assert not {name: found for name, found in outside.items() if found}


def test_the_stages_share_only_the_model() -> None:
    """A stage uses the model and the reuse and output helpers, never the internals of the
    command line, the pipeline or the tools."""
    graph = _graph()
    wrong = {
        name: sorted(
            m
            for m in imported
            if m.startswith(("sitegen.tools", "sitegen.pipeline", "sitegen.cli"))
        )
        for name, imported in graph.items()
        if name.startswith(("sitegen.stages", "sitegen.model", "sitegen.reuse", "sitegen.outputs"))
    }
    assert not {name: found for name, found in wrong.items() if found}


def test_every_module_is_short_enough_to_read_in_one_go() -> None:
    long = {
        name: lines
        for name, path in _engine_modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_the_folders_show_the_pipeline() -> None:
    folders = {path.name for path in ENGINE.iterdir() if (path / "__init__.py").is_file()}
    assert folders == {"model", "stages", "outputs", "reuse", "tools"}
    top = {path.name for path in ENGINE.glob("*.py")}
    assert top == {"__init__.py", "cli.py", "pipeline.py"}
