"""The YAML reader (sitegen/stages/yaml_reader.py): the line of every value, no duplicate keys, no
aliases, and broken YAML named by line."""

from __future__ import annotations

import pytest

from sitegen.stages.yaml_reader import YamlProblem, parse_yaml


def test_every_value_keeps_its_line() -> None:
    data, lines = parse_yaml("start: 2022-05-12\nnl:\n  title: x\nthemes:\n  - a\n  - b\n")
    assert data["start"] == "2022-05-12"  # dates stay text, so the model can judge them
    assert lines[("nl", "title")] == 3
    assert lines[("themes", 1)] == 6


def test_a_field_written_twice_is_an_error_naming_both_lines() -> None:
    with pytest.raises(YamlProblem) as problem:
        parse_yaml("title: a\nsummary: b\ntitle: c\n")
    assert problem.value.line == 3
    assert "first on line 1" in problem.value.message


def test_aliases_are_refused_so_a_billion_laughs_cannot_expand() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    with pytest.raises(YamlProblem, match="aliases"):
        parse_yaml(bomb)


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(YamlProblem) as problem:
        parse_yaml("nl:\n  title: Water: en groen\n")
    assert problem.value.line == 2
    assert "quotes" in problem.value.hint
