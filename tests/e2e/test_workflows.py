"""The GitHub Actions workflows: every action pinned to a commit, no credentials left in the
checkout, the daily rebuild apart from the tests, and a content check that says what the README
says (a missing translation is a warning, an error fails)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import FIXTURE_SITE, ContentFactory

GITHUB = PROJECT_ROOT / ".github"


WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))


ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))


PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def steps_of(definition: dict[Any, Any]) -> list[dict[str, Any]]:
    if "runs" in definition:  # a composite action
        return list(definition["runs"]["steps"])
    return [step for job in definition["jobs"].values() for step in job.get("steps", [])]


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    found: dict[str, Any] = workflow["on" if "on" in workflow else True]  # YAML 1.1: on is True
    return found


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() -> None:
    assert WORKFLOWS and ACTIONS
    lines = [
        line.strip().removeprefix("- ").removeprefix("uses:").strip()
        for path in WORKFLOWS + ACTIONS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().removeprefix("- ").startswith("uses:")
    ]
    remote = [line for line in lines if not line.startswith("./")]
    assert remote, "no action found: the test would pass on anything"
    assert [line for line in remote if not PINNED.match(line)] == []


def test_no_checkout_leaves_the_token_in_the_clone() -> None:
    checkouts = [
        step
        for path in WORKFLOWS + ACTIONS
        for step in steps_of(load(path))
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_the_daily_rebuild_is_its_own_workflow_and_runs_no_tests() -> None:
    scheduled = [path for path in WORKFLOWS if "schedule" in triggers(load(path))]
    assert [path.name for path in scheduled] == ["daily.yml"]
    commands = " ".join(str(step.get("run", "")) for step in steps_of(load(scheduled[0])))
    assert "build.py build" in commands
    assert "pytest" not in commands and "make test" not in commands


def ci_check_command() -> list[str]:
    """The content check of site.yml, with this test run's Python for the job's .venv."""
    runs = [str(step.get("run", "")) for step in steps_of(load(GITHUB / "workflows/site.yml"))]
    [check] = [run for run in runs if "build.py check" in run]
    words = shlex.split(check.replace('"$VENV_PYTHON"', shlex.quote(sys.executable)))
    return [str(PROJECT_ROOT / word) if word == "build.py" else word for word in words]


def test_in_ci_a_dutch_only_item_is_a_warning_and_a_content_error_fails(
    content: ContentFactory,
) -> None:
    dutch_only = FIXTURE_SITE / "organisations" / "partner.yaml"
    assert "\nen:" not in dutch_only.read_text(encoding="utf-8")
    allowed = run([*ci_check_command(), "--content", str(FIXTURE_SITE)])
    assert allowed.returncode == 0, allowed.stderr
    assert re.search(r"^::warning file=[^,]*partner\.yaml,", allowed.stderr, re.MULTILINE)
    broken = content(**{"themes/water.yaml": "nl:\n  tilte: Water\n  summary: s\n"})
    refused = run([*ci_check_command(), "--content", str(broken)])
    assert refused.returncode == 1
    assert re.search(r"^::error file=[^,]*water\.yaml,line=2,", refused.stderr, re.MULTILINE)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
