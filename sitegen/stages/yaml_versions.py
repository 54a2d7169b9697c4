"""Unquoted values that YAML 1.1 (which the build's PyYAML reads) and YAML 1.2 (which editors'
YAML servers read, VS Code's among them) understand differently.

The build refuses them, each with the way to write it that means the same in both, so that a
file the build accepts means the same in the editor: `provisional: yes` (true in 1.1, the text
'yes' in 1.2), `phone: 0703119717` (text in 1.1, a number in 1.2), `017` (15 in 1.1, 17 in
1.2), `12:30` (the number 750 in 1.1), `1_000`, `1e3`. Telling VS Code to read YAML 1.1 instead
would not reach editors using other tools, and would keep 1.1's surprises ('no' is false,
'12:30' is 750) for everyone.
"""

from __future__ import annotations

import re

import yaml

# YAML 1.2's core schema (spec 1.2.2, 10.3.2): how it resolves an unquoted value
_CORE_SCHEMA = (
    ("null", re.compile(r"null|Null|NULL|~|")),
    ("bool", re.compile(r"true|True|TRUE|false|False|FALSE")),
    ("int", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    (
        "float",
        re.compile(
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
)
# an integer in both, but octal in 1.1 only: 017 is 15 there and 17 in 1.2
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_NAMES = {
    "str": "text",
    "null": "nothing (empty)",
    "bool": "yes/no",
    "int": "a number",
    "float": "a number",
}


def read_by_yaml_12(text: str) -> str:
    """The type YAML 1.2's core schema gives an unquoted value: 'null', 'bool', 'int', ..."""
    return next((name for name, rule in _CORE_SCHEMA if rule.fullmatch(text)), "str")


def read_by_yaml_11(node: yaml.ScalarNode) -> str:
    """The type PyYAML's resolver gave the value: 'str', 'bool', 'int', 'float', 'null', ..."""
    return str(node.tag).removeprefix("tag:yaml.org,2002:")


def differs_between_versions(node: yaml.ScalarNode) -> bool:
    if node.style:  # quoted, or a | or > block: text in both (plain is None, or "" from libyaml)
        return False
    old, new = read_by_yaml_11(node), read_by_yaml_12(node.value)
    return old != new or (old == "int" and _LEADING_ZERO.fullmatch(node.value) is not None)


def version_difference(node: yaml.ScalarNode, field: str) -> tuple[str, str]:
    """What the build and an editor make of the value, and how to write what is meant."""
    text = node.value
    quoted = f'{field}: "{text}"' if field else f'"{text}"'
    old, new = read_by_yaml_11(node), read_by_yaml_12(text)
    if old == "bool":
        meaning = "true" if text.lower() in ("yes", "on") else "false"
        return (
            _read_as(text, meaning, "text"),
            f"write {meaning} for a yes/no field, or put the word in quotes: {quoted}",
        )
    if old == new == "int":  # a leading zero: octal in 1.1 only
        decimal = int(text, 10)
        return (
            _read_as(text, f"{yaml.safe_load(text)} (octal)", str(decimal)),
            f"write {decimal} without the leading zero, or put a code in quotes: {quoted}",
        )
    if old in ("int", "float"):
        number = yaml.safe_load(text)
        return (
            _read_as(text, str(number), "text"),
            f"write the number as {number}, or put text in quotes: {quoted}",
        )
    return _read_as(text, _NAMES.get(old, old), _NAMES.get(new, new)), f"put it in quotes: {quoted}"


def _read_as(text: str, by_build: str, by_editors: str) -> str:
    return f"'{text}' is {by_build} to the build (YAML 1.1) but {by_editors} to editors (YAML 1.2)"
