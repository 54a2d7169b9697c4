"""The start-up checks of the content types: whatever a type needs and the site lacks is one
clear error naming what is missing and where to add it, and nothing is built."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from schemas import CONTENT_TYPES, ContentType, ContentTypes
from schemas.event import EVENTS
from schemas.fields import Slug, ref
from schemas.item import Item
from sitegen.model.problems import ContentError
from sitegen.pipeline import BuildOptions, check
from tests.support.builds import TODAY, ContentFactory
from tests.support.vacancy import TEMPLATE_LAYER, VACANCIES, WITH_VACANCIES


def problems_of(
    content_dir: Path, types: ContentTypes = CONTENT_TYPES, layers: tuple[Path, ...] = ()
) -> list[ContentError]:
    """The errors of a check; it must not build a site, nor raise."""
    options = BuildOptions(content_dir=content_dir, today=TODAY, types=types,
                           template_layers=layers)  # fmt: skip
    site, pages, problems = check(options)
    errors = [problem for problem in problems if problem.severity == "error"]
    assert site is None and pages == [] and errors, [p.format() for p in problems]
    return errors


def one(problems: list[ContentError], text: str) -> ContentError:
    found = [problem for problem in problems if text in problem.format()]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def test_a_missing_item_or_list_template_names_the_file_to_create(
    content: ContentFactory,
) -> None:
    problems = problems_of(content(), WITH_VACANCIES)  # the vacancy's templates not laid over
    item = one(problems, "vacancy.html")
    assert item.path == "templates/vacancy.html" and "does not exist" in item.message
    assert "create templates/vacancy.html" in item.hint and "tests/support/vacancy.py" in item.hint
    listing = one(problems, "section_vacancies.html")
    assert "its list page" in listing.message and "list_template" in listing.hint


def test_a_missing_interface_word_names_the_catalog_and_the_key(
    content: ContentFactory, tmp_path: Path
) -> None:
    layer = tmp_path / "templates"
    shutil.copytree(TEMPLATE_LAYER, layer)
    catalog = layer / "i18n" / "en.yaml"
    kept = [line for line in catalog.read_text().splitlines() if "_intro" not in line]
    catalog.write_text("\n".join(kept) + "\n")
    problems = problems_of(content(), WITH_VACANCIES, (layer,))
    assert len(problems) == 1, [p.format() for p in problems]  # said once, not also by validate
    missing = one(problems, "section_vacancies_intro")
    assert (
        missing.path.endswith("templates/i18n/en.yaml")
        and missing.field == "section_vacancies_intro"
    )
    assert "the introduction of the list of vacancies" in missing.message
    assert "add the line 'section_vacancies_intro: ...'" in missing.hint


def test_a_missing_section_word_names_its_language_block_in_site_yaml(
    content: ContentFactory,
) -> None:
    root = content()
    site_file = root / "site.yaml"
    lines = site_file.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("      vacancies: vacatures"))
    lines[at] = "      vacancie: vacatures"
    site_file.write_text("\n".join(lines) + "\n")
    block = next(i for i in range(at, 0, -1) if lines[i] == "    sections:")
    problems = problems_of(root, WITH_VACANCIES, (TEMPLATE_LAYER,))
    missing = one(problems, "languages.0.sections.vacancies")
    assert missing.path.endswith("site.yaml") and missing.line == block + 1
    assert missing.message == "is required but missing"
    assert "add 'vacancies: ...' under sections" in missing.hint
    assert "the word under 'vacancie' is for no type" in missing.hint
    assert not any("languages.1" in p.field for p in problems)  # English has its word


def test_a_facet_without_its_filter_word_names_the_language_block(
    content: ContentFactory,
) -> None:
    root = content()
    site_file = root / "site.yaml"
    site_file.write_text(site_file.read_text().replace(", audience: for}", "}"))
    problem = one(problems_of(root), "languages.1.filter_words.audience")
    assert problem.message == "is required but missing"
    assert "add 'audience: ...' under filter_words" in problem.hint


class Posting(Item):
    """A model whose reference names a folder that no type has."""

    employer: Slug | None = ref("organisaties", "the employer")


def test_a_reference_to_an_unknown_type_names_the_model_field(content: ContentFactory) -> None:
    postings = ContentType(
        name="postings", model=Posting, link_word="posting", item_template="page.html"
    )
    types = ContentTypes((*CONTENT_TYPES.types, postings))
    problem = one(problems_of(content(), types), "Posting.employer")
    assert problem.path == "tests/stages/test_declared.py"
    assert "refers to 'organisaties', which is no content type" in problem.message
    assert "did you mean 'organisations'?" in problem.hint


def test_a_facet_that_is_no_field_of_the_model_is_named(content: ContentFactory) -> None:
    typo = replace(EVENTS, facets=("cluster", "themez"))
    types = ContentTypes(tuple(typo if t is EVENTS else t for t in CONTENT_TYPES))
    problem = one(problems_of(content(), types), "themez")
    assert problem.path == "schemas/event.py" and problem.field == "events.facets"
    assert "not a field of Event" in problem.message and "did you mean 'themes'?" in problem.hint


def test_a_schema_org_kind_described_from_another_model_is_refused(
    content: ContentFactory,
) -> None:
    wrong = replace(VACANCIES, schema_org="Event")
    types = ContentTypes((*CONTENT_TYPES.types, wrong))
    problem = one(problems_of(content(), types, (TEMPLATE_LAYER,)), "schema_org")
    assert "described from a Event" in problem.message and "Vacancy is none" in problem.message


def test_two_types_with_one_link_word_are_refused(content: ContentFactory) -> None:
    twin = replace(VACANCIES, link_word="page")
    types = ContentTypes((*CONTENT_TYPES.types, twin))
    problem = one(problems_of(content(), types, (TEMPLATE_LAYER,)), "link word")
    assert "'page'" in problem.message and problem.field == "link_word"


def test_the_complete_declaration_builds_without_a_problem_of_its_own(
    content: ContentFactory,
) -> None:
    options = BuildOptions(content_dir=content(), today=TODAY, types=WITH_VACANCIES,
                           template_layers=(TEMPLATE_LAYER,))  # fmt: skip
    site, pages, problems = check(options)
    assert site is not None and [p for p in problems if p.severity == "error"] == []
    assert any(page.entry is not None and page.entry.kind == "vacancies" for page in pages)
