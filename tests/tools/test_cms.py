"""The web editor's configuration (sitegen/tools/cms.py): generated from the models, one
collection per content type, each field kind on its widget, with the model's hints, required
fields and patterns; and kept up to date like the JSON Schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from schemas import CONTENT_TYPES
from schemas.fields import SLUG_PATTERN
from schemas.languages import for_languages
from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools.cms import CMS_CONFIG, EMAIL_PATTERN, URL_PATTERN, cms_config
from sitegen.tools.editor import write_editor_files
from tests.support.builds import a_site_with_its_languages

CODES = ("nl", "en")


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return cms_config(CODES)


def collection(config: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in config["collections"] if c["name"] == kind)
    return found


def field(fields: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """A field by its path of names: 'nl.body', 'capacity.max', 'figures.label.en'."""
    first, _, rest = path.partition(".")
    found: dict[str, Any] = next(f for f in fields if f["name"] == first)
    return field(found["fields"], rest) if rest else found


def test_the_shipped_config_is_the_generated_one() -> None:
    written = json.loads((PROJECT_ROOT / CMS_CONFIG).read_text(encoding="utf-8"))
    assert written == cms_config(CODES), "run: python build.py schema"


def test_an_outdated_config_fails_the_check(tmp_path: Path) -> None:
    a_site_with_its_languages(tmp_path)
    assert write_editor_files(root=tmp_path) == 0
    config = tmp_path / CMS_CONFIG
    config.write_text(config.read_text().replace('"events"', '"evenementen"', 1))
    assert write_editor_files(check_only=True, root=tmp_path) == 1


def test_every_content_type_has_a_collection_of_its_folder_named_by_slug(
    config: dict[str, Any],
) -> None:
    assert [c["name"] for c in config["collections"]] == list(CONTENT_TYPES.names)
    for made in config["collections"]:
        assert made["folder"] == f"content/{made['name']}"
        assert made["extension"] == "yaml" and made["slug"] == "{{slug}}"
        assert made["identifier_field"] == "nl.title"


def test_every_model_field_is_in_the_form_and_no_other(config: dict[str, Any]) -> None:
    for declared in CONTENT_TYPES:
        model = for_languages(CONTENT_TYPES.model(declared.name), CODES)
        names = [f["name"] for f in collection(config, declared.name)["fields"]]
        assert sorted(names) == sorted(model.model_fields)


def test_the_form_has_the_facts_first_then_publication_then_each_language(
    config: dict[str, Any],
) -> None:
    names = [f["name"] for f in collection(config, "events")["fields"]]
    assert names[0] == "start"
    assert names.index("series") < names.index("draft") < names.index("image")
    assert names[-2:] == ["nl", "en"]
    words = [f["name"] for f in field(collection(config, "events")["fields"], "nl")["fields"]]
    assert words[:2] == ["title", "summary"] and words[-1] == "body"


def test_a_language_block_is_one_object_labelled_with_the_languages_own_name(
    config: dict[str, Any],
) -> None:
    fields = collection(config, "news")["fields"]
    dutch, english = field(fields, "nl"), field(fields, "en")
    assert (dutch["widget"], dutch["label"]) == ("object", "Nederlands")
    assert (english["widget"], english["label"]) == ("object", "English")
    assert field(fields, "nl.title")["required"] is True
    assert field(fields, "nl.provisional")["required"] is False


@pytest.mark.parametrize(
    ("kind", "path", "widget"),
    [
        ("events", "nl.summary", "string"),
        ("events", "nl.body", "markdown"),
        ("events", "start", "string"),  # a day, a time, a month, a season, a year: one text
        ("events", "publish_from", "string"),  # a day or a day and a Dutch time
        ("news", "date", "datetime"),  # a day, and nothing else
        ("events", "status", "select"),
        ("events", "audience", "select"),
        ("events", "themes", "relation"),
        ("events", "cluster", "relation"),
        ("events", "former_addresses", "list"),
        ("organisations", "figures", "list"),
        ("clusters", "nl.sectors", "list"),
        ("events", "capacity", "object"),
        ("events", "location", "object"),
        ("events", "image", "object"),
        ("events", "image.file", "image"),
        ("events", "image.alt", "object"),
        ("events", "image.alt.en", "string"),
        ("events", "draft", "boolean"),
        ("events", "provisional", "boolean"),
        ("events", "capacity.max", "number"),
        ("organisations", "figures.value", "number"),
    ],
)
def test_each_field_kind_has_its_widget(
    config: dict[str, Any], kind: str, path: str, widget: str
) -> None:
    assert field(collection(config, kind)["fields"], path)["widget"] == widget


def test_a_day_is_written_as_the_model_reads_it(config: dict[str, Any]) -> None:
    day = field(collection(config, "news")["fields"], "date")
    assert (day["format"], day["time_format"]) == ("YYYY-MM-DD", False)


def test_a_reference_picks_by_title_and_stores_the_slug(config: dict[str, Any]) -> None:
    themes = field(collection(config, "events")["fields"], "themes")
    assert themes["collection"] == "themes" and themes["multiple"] is True
    assert themes["value_field"] == "{{slug}}"
    assert themes["search_fields"] == ["nl.title", "en.title"]
    lead = field(collection(config, "programmes")["fields"], "lead")
    assert lead["collection"] == "organisations" and lead["multiple"] is False


def test_choices_are_the_models_own(config: dict[str, Any]) -> None:
    fields = collection(config, "events")["fields"]
    assert field(fields, "status")["options"] == ["scheduled", "cancelled", "full"]
    assert "mbo" in field(fields, "audience")["options"]
    assert field(fields, "audience")["multiple"] is True
    unit = field(collection(config, "organisations")["fields"], "figures.unit")
    assert unit["options"] == ["percent", "euro"]  # '' is the field left empty


def test_required_where_the_model_requires(config: dict[str, Any]) -> None:
    fields = collection(config, "events")["fields"]
    assert field(fields, "start")["required"] is True
    assert field(fields, "end")["required"] is False
    assert field(collection(config, "organisations")["fields"], "kind")["required"] is True
    # inside an optional object nothing is required (Decap would demand the object)
    assert field(fields, "capacity.max")["required"] is False
    assert field(fields, "image.file")["required"] is False


def test_hints_are_the_models_descriptions(config: dict[str, Any]) -> None:
    fields = collection(config, "events")["fields"]
    assert field(fields, "draft")["hint"].startswith("true: only the live preview shows it")
    assert "slugs from content/themes/" in field(fields, "themes")["hint"]
    assert "2030-05" in field(fields, "start")["hint"]


@pytest.mark.parametrize(
    ("kind", "path", "good", "bad"),
    [
        ("events", "start", ["2030-05", "2030-03-12 14:00", "voorjaar 2030", "datum volgt"],
         ["mei 2030", "12-03-2030"]),
        ("events", "series", ["cop-2022"], ["CoP 2022"]),
        ("events", "registration_email", ["info@example.nl"], ["info at example"]),
        ("events", "registration_url", ["https://example.nl/x"], ["example.nl"]),
        ("organisations", "address.postcode", ["2511 VE"], ["2511ve"]),
        ("events", "publish_until", ["2030-03-12"], ["12 maart"]),
    ],
)  # fmt: skip
def test_patterns_where_the_model_has_them(
    config: dict[str, Any], kind: str, path: str, good: list[str], bad: list[str]
) -> None:
    pattern, message = field(collection(config, kind)["fields"], path)["pattern"]
    assert message
    assert all(re.search(pattern, value) for value in good)
    assert not any(re.search(pattern, value) for value in bad)


def test_a_list_of_former_addresses_checks_each(config: dict[str, Any]) -> None:
    item = field(collection(config, "events")["fields"], "former_addresses")["field"]
    assert item["widget"] == "string" and item["pattern"][0].startswith("^(?:")
    assert SLUG_PATTERN[1:-1] in item["pattern"][0]


def test_loose_checks_of_addresses_leave_the_exact_one_to_the_model() -> None:
    assert re.search(EMAIL_PATTERN, "a@b.nl") and not re.search(EMAIL_PATTERN, "a@b")
    assert re.search(URL_PATTERN, "https://x.nl") and not re.search(URL_PATTERN, "x.nl")


def test_the_markdown_widget_offers_no_image(config: dict[str, Any]) -> None:
    body = field(collection(config, "pages")["fields"], "nl.body")
    assert body["editor_components"] == [] and "image" not in body["buttons"]


def test_production_is_the_github_backend_with_the_editorial_workflow(
    config: dict[str, Any],
) -> None:
    assert config["backend"]["name"] == "github"
    assert config["publish_mode"] == "editorial_workflow"
    assert "repo" not in config["backend"]  # each deployment names its own (backend.json)


def test_a_site_in_three_languages_gets_a_block_for_each() -> None:
    made = cms_config(("nl", "en", "de"))
    fields = collection(made, "themes")["fields"]
    assert [f["label"] for f in fields[-3:]] == ["Nederlands", "English", "Deutsch"]
    assert made["locale"] == "nl"


def test_the_collections_are_named_in_the_site_s_first_language() -> None:
    config = cms_config(("nl", "en"))
    labels = {c["name"]: c["label"] for c in config["collections"]}
    assert labels["events"] == "Agenda" and labels["news"] == "Nieuws"
    assert labels["organisations"] == "Organisaties"
