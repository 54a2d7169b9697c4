"""Vanished pages (sitegen/stages/vanished.py): compared with the previous build's record, each
page gone without a redirect is a warning naming the likely new address, or saying there is none."""

from __future__ import annotations

from pathlib import Path

from sitegen.model.problems import ContentError
from tests.support.builds import FIXTURE_SITE, ContentFactory, build_into

JAAR = (FIXTURE_SITE / "events" / "jaar.yaml").read_text("utf-8")


def vanished(problems: list[ContentError]) -> list[ContentError]:
    return [p for p in problems if "is gone, with no redirect" in p.message]


def test_without_a_previous_build_nothing_is_compared(
    content: ContentFactory, tmp_path: Path
) -> None:
    assert (
        vanished(build_into(content(**{"events/jaar.yaml": None}), tmp_path / "s").problems) == []
    )


def test_a_removed_item_has_no_likely_new_address(content: ContentFactory, tmp_path: Path) -> None:
    root, out = content(), tmp_path / "site"
    build_into(root, out)
    (root / "events" / "jaar.yaml").unlink()
    warnings = vanished(build_into(root, out).problems)
    assert {w.message.split()[0] for w in warnings} == {"/agenda/jaar/", "/en/events/jaar/"}
    assert all(w.severity == "warning" for w in warnings)
    assert all("no likely new address" in w.message for w in warnings)
    assert all("removed on purpose" in w.hint for w in warnings)


def test_a_renamed_item_with_a_new_title_is_found_by_its_file_name(
    content: ContentFactory, tmp_path: Path
) -> None:
    root, out = content(), tmp_path / "site"
    build_into(root, out)
    (root / "events" / "jaar.yaml").unlink()
    (root / "events" / "jaar-2.yaml").write_text(JAAR.replace("title: ", "title: Nieuw "))
    warnings = vanished(build_into(root, out).problems)
    dutch = next(w for w in warnings if w.message.startswith("/agenda/jaar/"))
    assert "likely new address: /agenda/jaar-2/" in dutch.message
    assert dutch.path.endswith("events/jaar-2.yaml") and dutch.field == "former_addresses"
    assert 'former_addresses: ["jaar"]' in dutch.hint


def test_strict_makes_it_an_error(content: ContentFactory, tmp_path: Path) -> None:
    root, out = content(), tmp_path / "site"
    build_into(root, out)
    (root / "events" / "jaar.yaml").unlink()
    result = build_into(root, out, strict=True)
    assert vanished(result.errors) and not result.written


def test_a_list_page_that_goes_with_the_content_is_not_named(
    content: ContentFactory, tmp_path: Path
) -> None:
    root, out = content(), tmp_path / "site"
    build_into(root, out)
    assert (out / "agenda" / "thema" / "water" / "index.html").is_file()
    (root / "events" / "afgelast.yaml").unlink()  # the only event about water
    result = build_into(root, out)
    assert not (out / "agenda" / "thema" / "water").exists()
    named = {w.message.split()[0] for w in vanished(result.problems)}
    assert named == {"/agenda/afgelast/", "/en/events/afgelast/"}
