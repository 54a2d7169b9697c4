"""A value of the wrong type is one error whose hint says how to write the right one."""

from __future__ import annotations

import pytest

from tests.support.builds import ContentFactory, build_into

EVENT = (
    "start: 2031-03-01\n{field}\n"
    "nl: {{title: Klein, summary: s}}\nen: {{title: Small, summary: s}}\n"
)


@pytest.mark.parametrize(
    ("written", "field", "advice"),
    [
        ("provisional: ja", "provisional", "write true or false"),
        ("capacity: {max: dertig}", "capacity.max", "write a whole number"),
        ("capacity: {max: 2.5}", "capacity.max", "write a whole number"),
        ("location: {city: 1234}", "location.city", 'write it in quotes: city: "1234"'),
        ("themes: [2030]", "themes.0", 'write it in quotes: "2030"'),
    ],
)
def test_a_value_of_the_wrong_type_is_one_error_with_how_to_write_it(
    content: ContentFactory, written: str, field: str, advice: str
) -> None:
    root = content(**{"events/klein.yaml": EVENT.format(field=written)})
    result = build_into(root, root.parent / "site")
    [error] = result.errors
    assert (error.path.endswith("events/klein.yaml"), error.line, error.field) == (True, 2, field)
    assert error.hint.startswith(advice)
