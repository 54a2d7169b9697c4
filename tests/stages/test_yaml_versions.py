"""The build reads a file as editors' tools do: every unquoted value that YAML 1.1 (the build's
PyYAML) and YAML 1.2 (VS Code's YAML extension) read differently is refused with a hint, so a
file the build accepts means the same in both. Checked against `yaml`, the npm package that
VS Code's YAML language server parses with."""

from __future__ import annotations

import itertools
import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.stages.yaml_reader import YamlProblem, read_yaml
from tests.support.builds import a_site_folder, run_cli
from tests.support.quality import NODE_MODULES, needed

SIGNS = ["", "+", "-"]
NUMBERS = ["0", "00", "017", "019", "12", "1_000", "12:30", "1:20:30", ".5", "1.", "1.5", "1e3"]
NUMBERS += ["1.5e3", "1.5e+3", "1E3", "0x1F", "0x_1F", "0o17", "0b11", ".inf", ".nan", "inf"]
WORDS = ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y"]
WORDS += ["n", "N", "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"]
WORDS += ["~", "", "nee", "ja", "+31 70 311 9717", "+31703119717", "0703119717", "2022-05-01"]
WORDS += ["2022-05-01 14:00", "14:00", "1.600", "'yes'", '"017"', "Noord-Holland", ".NaN"]
WORDS += ["!!str 017", "!!str yes", "!!str 0x1F", "!<tag:yaml.org,2002:str> 12:30", "! 017"]
SAMPLES = [sign + number for sign, number in itertools.product(SIGNS, NUMBERS)] + WORDS

# Each sample as `value: <sample>`, parsed as YAML 1.2 (the core schema, as VS Code does);
# a value comes back as its JSON type and its text in JavaScript.
READ_AS_EDITORS_DO = """
const YAML = require(process.argv[1]);
const samples = JSON.parse(require("fs").readFileSync(0, "utf8"));
const read = samples.map((sample) => {
  try {
    const value = YAML.parse(`value: ${sample}\\n`, { version: "1.2" }).value;
    return value === null ? ["null", ""] : [typeof value, String(value)];
  } catch (error) {
    return ["error", String(error)];
  }
});
process.stdout.write(JSON.stringify(read));
"""


def as_javascript_shows_it(value: object) -> list[str]:
    if value is None:
        return ["null", ""]
    if isinstance(value, bool):
        return ["boolean", str(value).lower()]
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            shown = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            return ["number", shown]
        number = int(value) if float(value).is_integer() else value
        return ["number", str(number)]
    return ["string", str(value)]


def editors_reading(samples: list[str]) -> list[list[str]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    library = needed(NODE_MODULES / "yaml" / "package.json").parent
    finished = subprocess.run(
        [node, "-e", READ_AS_EDITORS_DO, str(library)],
        input=json.dumps(samples),
        capture_output=True,
        text=True,
        check=True,
    )
    read: list[list[str]] = json.loads(finished.stdout)
    return read


def test_every_value_the_build_accepts_means_the_same_to_vs_codes_yaml_reader() -> None:
    accepted = refused = 0
    for sample, editors in zip(SAMPLES, editors_reading(SAMPLES), strict=True):
        try:
            build = read_yaml(f"value: {sample}\n").data["value"]
        except YamlProblem:
            refused += 1
            continue
        accepted += 1
        assert as_javascript_shows_it(build) == editors, sample
    assert accepted > 10 and refused > 10  # the samples hold both kinds


@pytest.mark.parametrize("written", ["!!str 017", '"017"', "'017'"])
def test_a_value_tagged_or_quoted_as_text_is_text_to_both(written: str) -> None:
    assert read_yaml(f"code: {written}\n").data == {"code": "017"}
    assert read_yaml(f"codes: [x, {written}]\n").data == {"codes": ["x", "017"]}
    assert read_yaml(f"{written}: x\n").data == {"017": "x"}


def test_the_non_specific_tag_leaves_the_guess_to_each_version_and_is_refused() -> None:
    with pytest.raises(YamlProblem, match="octal"):
        read_yaml("code: ! 017\n")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("provisional: yes", "write true for a yes/no field"),
        ("provisional: Off", "write false for a yes/no field"),
    ],
)
def test_a_yes_no_word_is_refused_with_what_to_write(
    tmp_path: Path, written: str, hint: str
) -> None:
    root = a_site_folder(tmp_path / "site")
    event = root / "content" / "events" / "reeks-2.yaml"
    text = event.read_text(encoding="utf-8").replace("provisional: true", written)
    event.write_text(text, encoding="utf-8")
    line = text.splitlines().index(written) + 1
    finished = run_cli("check", "--root", str(root), cwd=root)
    printed = finished.stdout + finished.stderr
    errors = [row for row in printed.splitlines() if ": error: " in row]
    assert finished.returncode == 1
    assert len(errors) == 1, printed  # one error, no cascade
    assert errors[0].startswith(f"content/events/reeks-2.yaml:{line}: error: provisional: ")
    assert hint in printed


def test_a_number_only_editors_see_as_a_number_is_refused_with_quotes_as_the_hint(
    tmp_path: Path,
) -> None:
    root = a_site_folder(tmp_path / "site")
    organisation = root / "content" / "organisations" / "testnet.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(f"phone: 0703119717\n{text}", encoding="utf-8")
    finished = run_cli("check", "--root", str(root), cwd=root)
    printed = finished.stdout + finished.stderr
    assert finished.returncode == 1
    assert 'hint: put it in quotes: phone: "0703119717"' in printed
    assert "no such item" not in printed  # those referring to it are not told it is gone
    organisation.write_text(f'phone: "0703119717"\n{text}', encoding="utf-8")
    assert run_cli("check", "--root", str(root), cwd=root).returncode == 0
