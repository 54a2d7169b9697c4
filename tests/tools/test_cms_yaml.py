"""The CMS's reader and writer of our YAML files (editor/cms/yaml-format.mjs), run with node as
the browser runs it: a file saved unchanged is the file; a change is only that change; what
the form holds empty is not written."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas import CONTENT_TYPES
from sitegen.pipeline import PROJECT_ROOT
from sitegen.tools.cms import CMS_CONFIG
from tests.support.builds import FIXTURE_SITE

FORMAT = PROJECT_ROOT / "editor" / "cms" / "yaml-format.mjs"
YAML_LIBRARY = PROJECT_ROOT / "node_modules" / "yaml" / "browser" / "index.js"
# Each job: a fresh format; read every text of "read" (as the CMS reads a folder), then write
# "save" (the data the form holds), or the first text as it was read when there is none.
RUN_JOBS = """
const [format, library, config] = process.argv.slice(1);
const { yamlFormat } = await import(format);
const YAML = (await import(library)).default;
const { readFileSync } = await import("node:fs");
const collections = JSON.parse(readFileSync(config, "utf8")).collections;
const jobs = JSON.parse(readFileSync(0, "utf8"));
const written = jobs.map((job) => {
  const keys = collections.find((c) => c.name === job.kind).fields.map((f) => f.name);
  const cms = yamlFormat(YAML, collections);
  const read = job.read.map((text) => cms.fromFile(text));
  const data = job.save === null ? structuredClone(read[0]) : job.save;
  return cms.toFile(data, keys);
});
console.log(JSON.stringify(written));
"""


def saved(jobs: list[dict[str, Any]]) -> list[str]:
    node = shutil.which("node")
    if node is None or not YAML_LIBRARY.is_file():
        pytest.skip("node or node_modules/yaml is not installed (npm ci --ignore-scripts)")
    finished = subprocess.run(
        [node, "--input-type=module", "-e", RUN_JOBS, FORMAT.as_uri(), YAML_LIBRARY.as_uri(),
         str(PROJECT_ROOT / CMS_CONFIG)],
        input=json.dumps(jobs), capture_output=True, text=True, check=True, encoding="utf-8",
    )  # fmt: skip
    written: list[str] = json.loads(finished.stdout)
    return written


def save_one(kind: str, text: str, data: dict[str, Any] | None) -> str:
    return saved([{"kind": kind, "read": [text], "save": data}])[0]


@pytest.mark.parametrize(
    "root", [PROJECT_ROOT / "content", FIXTURE_SITE], ids=["shipped", "fixture"]
)
def test_every_content_file_saved_unchanged_is_the_same_file(root: Path) -> None:
    jobs, paths = [], []
    for kind in CONTENT_TYPES.names:
        texts = [p.read_text(encoding="utf-8") for p in sorted((root / kind).glob("*.yaml"))]
        for n, text in enumerate(texts):
            # the whole folder is read, as the CMS lists it, before one file is saved
            jobs.append({"kind": kind, "read": [text, *texts[:n], *texts[n + 1 :]], "save": None})
            paths.append(text)
    assert len(jobs) > 20
    for original, written in zip(paths, saved(jobs), strict=True):
        assert written == original


CINOP = (PROJECT_ROOT / "content" / "organisations" / "cinop.yaml").read_text(encoding="utf-8")


def test_a_new_field_goes_where_the_form_has_it_and_the_rest_stays() -> None:
    data = yaml.safe_load(CINOP)
    data["website"] = "https://www.cinop.nl/"
    written = save_one("organisations", CINOP, {**data, "nl": data["nl"], "en": data["en"]})
    # the form's order: website after the organisation's role and its cards setting
    assert list(yaml.safe_load(written)) == [
        "kind",
        "role",
        "summary_on_cards",
        "website",
        "nl",
        "en",
    ]
    assert written.replace("website: https://www.cinop.nl/\n", "") == CINOP


def test_what_the_form_holds_empty_is_not_written() -> None:
    data = yaml.safe_load(CINOP)
    data.update(email="", phone=None, address={"street": "", "city": ""}, part_of=[], figures=[])
    data["nl"] = {**data["nl"], "body": "", "provisional": ""}
    assert save_one("organisations", CINOP, data) == CINOP


def test_a_switch_turned_off_is_written_only_where_the_file_had_it() -> None:
    event = "start: 2030-05\nprovisional: false\nnl:\n  title: T\n  summary: S\n"
    data = {
        "start": "2030-05",
        "provisional": False,
        "draft": False,
        "nl": {"title": "T", "summary": "S"},
    }
    assert save_one("events", event, data) == event


def test_a_new_file_is_written_in_the_forms_order_with_text_as_text() -> None:
    data = {
        "en": {"body": "Line one.\n\n- a\n- b\n", "summary": "S", "title": "T"},
        "nl": {"title": "T", "summary": "S"},
        "themes": ["water"],
        "start": "2030",  # a year written in the text field
        "end": "2030-03-12",
    }
    written = saved([{"kind": "events", "read": [CINOP], "save": data}])[0]
    assert written == (
        'start: "2030"\nend: 2030-03-12\nthemes:\n  - water\n'
        "nl:\n  title: T\n  summary: S\n"
        "en:\n  title: T\n  summary: S\n  body: |\n    Line one.\n\n    - a\n    - b\n"
    )


def test_a_value_the_file_had_in_quotes_stays_in_quotes() -> None:
    page = "organisations: [sme]\nnl:\n  title: \"Het 'groene' brein\"\n  summary: S\n"
    data = {"organisations": ["sme"], "nl": {"title": "Het 'groene' brein", "summary": "S2"}}
    assert save_one("pages", page, data) == page.replace("S\n", "S2\n")


def test_a_blank_line_after_a_body_stays_where_it_was() -> None:
    page = (
        "nl:\n  title: T\n  summary: S\n  body: |\n    Text.\n\n"
        "en:\n  title: T\n  summary: S\n  body: |\n    Text.\n\n"
    )
    assert save_one("pages", page, None) == page
