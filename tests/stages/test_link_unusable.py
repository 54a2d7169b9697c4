"""An item that is there but cannot be used (a wrong value, a YAML mistake) gives its own
errors only: the items referring to it are not told that it does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builds import a_site_folder, run_cli

ORGANISATION = "content/organisations/testnet.yaml"  # the fixture's network: many refer to it


def checked(tmp_path: Path, text: str) -> tuple[int, list[str], str]:
    """Exit code, error lines and everything printed by `check` with the organisation's text."""
    root = a_site_folder(tmp_path / "site")
    (root / ORGANISATION).write_text(text, encoding="utf-8")
    finished = run_cli("check", "--root", str(root), cwd=root)
    printed = finished.stdout + finished.stderr
    return finished.returncode, [row for row in printed.splitlines() if ": error: " in row], printed


def organisation(extra: str = "", title: str = "Testnetwerk") -> str:
    return (
        f"kind: network\n{extra}nl:\n  title: {title}\n  summary: Een netwerk.\n"
        "en:\n  title: Test network\n  summary: A network.\n"
    )


def test_an_unquoted_phone_number_is_one_error_with_the_quotes_as_hint(tmp_path: Path) -> None:
    code, errors, printed = checked(tmp_path, organisation("phone: +31703119717\n"))
    assert code == 1
    assert len(errors) == 1, printed  # and none from the items that refer to it
    assert errors[0].startswith(f"{ORGANISATION}:2: error: phone: ")
    assert 'hint: write it in quotes: phone: "+31703119717"' in printed
    assert "Traceback" not in printed


@pytest.mark.parametrize(
    "broken",
    [
        organisation(title="''"),  # a value the model refuses
        organisation("kind_of: network\n"),  # a field it does not know
        organisation("phone: [unclosed\n"),  # not valid YAML
        organisation("website: yes\n"),  # read otherwise by YAML 1.1 and 1.2
    ],
    ids=["invalid value", "unknown field", "bad yaml", "yaml versions"],
)
def test_references_to_an_item_that_is_there_but_broken_are_not_reported(
    tmp_path: Path, broken: str
) -> None:
    code, errors, printed = checked(tmp_path, broken)
    assert code == 1 and errors, printed
    assert all(row.startswith(ORGANISATION) for row in errors), printed
    assert "no such item" not in printed


def test_a_reference_to_an_item_that_is_not_there_is_still_reported(tmp_path: Path) -> None:
    root = a_site_folder(tmp_path / "site")
    (root / ORGANISATION).unlink()
    finished = run_cli("check", "--root", str(root), cwd=root)
    printed = finished.stdout + finished.stderr
    assert finished.returncode == 1
    assert "refers to 'testnet', but there is no such item in content/organisations/" in printed
