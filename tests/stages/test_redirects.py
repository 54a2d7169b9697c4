"""Former addresses (sitegen/stages/redirects.py): each becomes a redirect in the right language,
and each one that cannot be is a content error naming the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.model.problems import ContentError
from tests.support.builds import ContentFactory, build_into

MARCH = (Path(__file__).parents[1] / "fixtures" / "site" / "events" / "maart.yaml").read_text(
    "utf-8"
)


def with_former(*addresses: str) -> str:
    listed = ", ".join(f'"{address}"' for address in addresses)
    return f"former_addresses: [{listed}]\n{MARCH}"


def problems_of(content: ContentFactory, tmp_path: Path, text: str) -> list[ContentError]:
    result = build_into(content(**{"events/maart.yaml": text}), tmp_path / "site")
    return [p for p in result.errors if p.field.startswith("former_addresses")]


def test_a_former_file_name_redirects_the_page_in_every_language(
    content: ContentFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_into(content(**{"events/maart.yaml": with_former("excursie")}), out)
    assert result.written, [p.format() for p in result.errors]
    dutch = (out / "agenda" / "excursie" / "index.html").read_text("utf-8")
    english = (out / "en" / "events" / "excursie" / "index.html").read_text("utf-8")
    assert 'url=/agenda/maart/"' in dutch and '<html lang="nl">' in dutch
    assert 'url=/en/events/maart/"' in english and '<html lang="en">' in english


def test_a_path_redirects_one_page_in_the_language_of_its_folder(
    content: ContentFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_into(content(**{"events/maart.yaml": with_former("/en/old/trip.html")}), out)
    assert result.written, [p.format() for p in result.errors]
    page = (out / "en" / "old" / "trip.html").read_text("utf-8")
    assert 'url=/en/events/maart/"' in page and '<html lang="en">' in page
    assert not (out / "agenda" / "trip.html").exists()


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("/agenda/../contact/", "not a former file name or an address"),
        ("https://example.org/agenda/x/", "not a former file name or an address"),
        ("/agenda/x/?p=1", "not a former file name or an address"),
        ("/agenda/maart/", "this item's own page"),
        ("/contact/", "pages/contact.yaml)"),
        ("/static/oud/", "a folder the engine writes"),
    ],
)
def test_a_former_address_that_cannot_be_a_redirect_is_an_error(
    content: ContentFactory, tmp_path: Path, written: str, says: str
) -> None:
    problems = problems_of(content, tmp_path, with_former(written))
    assert len(problems) == 1, [p.format() for p in problems]
    problem = problems[0]
    assert problem.path.endswith("events/maart.yaml")
    assert problem.line == 1 and problem.field == "former_addresses.0"
    assert says in problem.message and problem.hint


def test_one_former_address_in_two_files_is_an_error_in_the_second(
    content: ContentFactory, tmp_path: Path
) -> None:
    lente = Path(__file__).parents[1] / "fixtures" / "site" / "events" / "lente.yaml"
    files = {
        "events/maart.yaml": with_former("uitje"),
        "events/lente.yaml": 'former_addresses: ["uitje"]\n' + lente.read_text("utf-8"),
    }
    result = build_into(content(**files), tmp_path / "site")
    clashes = [p for p in result.errors if "already a former address" in p.message]
    assert clashes and all("former_addresses.0" in p.message for p in clashes)
    assert not result.written
