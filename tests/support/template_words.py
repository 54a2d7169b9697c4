"""The interface words a Jinja template asks for: its L.t('key', ...) and L.forms('key') calls."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes


def word_calls(tree: nodes.Template) -> Iterator[nodes.Call]:
    """Every L.t(...) and L.forms(...) call with an argument, in the order of the template."""
    for call in tree.find_all(nodes.Call):
        method = call.node
        if (
            isinstance(method, nodes.Getattr)
            and isinstance(method.node, nodes.Name)
            and method.node.name == "L"
            and method.attr in ("t", "forms")
            and call.args
        ):
            yield call
