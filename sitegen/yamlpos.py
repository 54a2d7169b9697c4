"""Safe YAML parsing that remembers the line of every key and list element."""

from __future__ import annotations

from typing import Any

import yaml

FieldPath = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading; dates stay text so the models can report an impossible date by line."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rule) for tag, rule in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def parse_yaml(text: str) -> tuple[Any, dict[FieldPath, int]]:
    """Parse one YAML document; return its data and a map from field path to line number."""
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty", "write the item's fields, or delete the file")
        lines: dict[FieldPath, int] = {}
        _record_lines(node, (), lines, set())
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"this is not valid YAML: {error.problem or error.context}"
        raise YamlProblem(line, message, _yaml_hint(str(error.problem))) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"this is not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' between quotes"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "but found another document" in problem:
        return "a content file holds one item: remove the '---' line"
    return "check the indentation and the quotes on this line and the one above"


def _record_lines(
    node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], seen: set[int]
) -> None:
    # An alias makes the composer hand back a node it has already seen; refusing them keeps
    # 'billion laughs' documents from expanding into huge structures downstream.
    if id(node) in seen:
        raise YamlProblem(
            node.start_mark.line + 1,
            "anchors and aliases (& and *) are not allowed in content files",
            "write the value out in full",
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        _record_mapping(node, path, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines[(*path, index)] = child.start_mark.line + 1
            _record_lines(child, (*path, index), lines, seen)


def _record_mapping(
    node: yaml.MappingNode, path: FieldPath, lines: dict[FieldPath, int], seen: set[int]
) -> None:
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        child = (*path, key)
        if child in lines:
            raise YamlProblem(
                key_node.start_mark.line + 1,
                f"the field '{key}' is written twice (first on line {lines[child]})",
                "keep one of the two",
            )
        lines[child] = key_node.start_mark.line + 1
        _record_lines(value_node, child, lines, seen)
