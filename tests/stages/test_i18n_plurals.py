"""Counts on the site in the right grammatical number (CLDR's plural rules), in both languages,
and catalogs that cannot lack a plural form their language needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from sitegen.model.problems import ContentError
from sitegen.model.raw import RawItem
from sitegen.pipeline import PROJECT_ROOT, BuildOptions, BuildResult, check
from sitegen.stages.catalogs import validate_catalogs
from sitegen.stages.i18n import Localizer, PluralMisuse, plural_key
from sitegen.stages.plan import RELATED_LIMIT
from sitegen.stages.yaml_reader import parse_yaml
from tests.support.builds import ContentFactory, a_site_folder, build_into, run_cli
from tests.support.sitecheck import read_site
from tests.support.template_words import word_calls

ORGANISER = "organisations/verbinder.yaml"


def organiser_with_events(count: int) -> dict[str, str]:
    """An organisation that organises count events (more than an item page shows)."""
    files = {
        ORGANISER: "kind: partner\nnl: {title: Verbinder, summary: s}\n"
        "en: {title: Connector, summary: s}\n"
    }
    for n in range(count):
        files[f"events/verbinder-{n:02d}.yaml"] = (
            f"start: 2031-02-{n + 1:02d}\norganisers: [verbinder]\n"
            f"nl: {{title: Bijeenkomst {n}, summary: s}}\nen: {{title: Meeting {n}, summary: s}}\n"
        )
    return files


def page_text(result: BuildResult, out: Path, slug: str, lang: str) -> str:
    """The visible text of an item's page, found by the URL the build gave it."""
    url = next(p.url for p in result.pages if p.entry and p.entry.slug == slug and p.lang == lang)
    return read_site(out)[url].text()


@pytest.mark.parametrize(
    ("more", "dutch", "english"),
    [
        (1, "En nog 1 activiteit in de agenda", "And 1 more event in the agenda"),
        (2, "En nog 2 activiteiten in de agenda", "And 2 more events in the agenda"),
    ],
)
def test_the_events_an_item_page_leaves_out_are_counted_in_the_right_number(
    content: ContentFactory, tmp_path: Path, more: int, dutch: str, english: str
) -> None:
    out = tmp_path / "site"
    result = build_into(content(**organiser_with_events(RELATED_LIMIT + more)), out)
    assert result.written, [p.format() for p in result.errors]
    assert dutch in page_text(result, out, "verbinder", "nl")
    assert english in page_text(result, out, "verbinder", "en")


def test_the_news_an_item_page_leaves_out_are_counted_in_the_right_number(
    content: ContentFactory, tmp_path: Path
) -> None:
    """More news than an item page shows: the link names them all (one is never left alone)."""
    total = RELATED_LIMIT + 1
    files = organiser_with_events(0)
    for n in range(total):
        files[f"news/bericht-{n:02d}.yaml"] = (
            f"date: 2030-01-{n + 1:02d}\norganisations: [verbinder]\n"
            f"nl: {{title: Bericht {n}, summary: s}}\nen: {{title: Item {n}, summary: s}}\n"
        )
    out = tmp_path / "site"
    result = build_into(content(**files), out)
    assert result.written, [p.format() for p in result.errors]
    assert f"{total} nieuwsberichten in totaal" in page_text(result, out, "verbinder", "nl")
    assert f"{total} news items in all" in page_text(result, out, "verbinder", "en")


@pytest.mark.parametrize(
    ("capacity", "dutch", "english"),
    [
        ("{max: 1}", "maximaal 1 deelnemer", "at most 1 participant"),
        ("{max: 8}", "maximaal 8 deelnemers", "at most 8 participants"),
        ("{min: 1, max: 1}", "1 tot 1 deelnemer", "1 to 1 participant"),
    ],
)
def test_an_events_capacity_is_in_the_right_number(
    content: ContentFactory, tmp_path: Path, capacity: str, dutch: str, english: str
) -> None:
    event = (
        f"start: 2031-03-01\ncapacity: {capacity}\n"
        "nl: {title: Klein, summary: s}\nen: {title: Small, summary: s}\n"
    )
    out = tmp_path / "site"
    result = build_into(content(**{"events/klein.yaml": event}), out)
    assert result.written, [p.format() for p in result.errors]
    for lang, words in (("nl", dutch), ("en", english)):
        shown = page_text(result, out, "klein", lang)
        assert words in shown
        assert f"{words}s" not in shown  # not the plural form after all


def catalog(lang: str, text: str) -> RawItem:
    data, lines = parse_yaml(text)
    return RawItem("i18n", lang, f"templates/i18n/{lang}.yaml", data, lines)


def catalog_problems(**texts: str) -> list[ContentError]:
    problems: list[ContentError] = []
    raw = {lang: catalog(lang, text) for lang, text in texts.items()}
    validate_catalogs(raw, tuple(raw), problems)
    return problems


def test_a_plural_text_lacking_a_form_its_language_needs_is_an_error_with_its_line() -> None:
    problems = catalog_problems(
        nl="home: Home\nshown:\n  other: '{count} getoond'\n",
        en="home: Home\nshown:\n  one: '{count} shown'\n  other: '{count} shown'\n",
    )
    [problem] = problems
    assert (problem.path, problem.line, problem.field) == ("templates/i18n/nl.yaml", 2, "shown")
    assert "'one'" in problem.message and "one, other" in problem.hint


def test_a_plural_form_the_language_does_not_have_is_an_error() -> None:
    problems = catalog_problems(
        nl="shown:\n  one: '{count} getoond'\n  other: '{count} getoond'\n  few: x\n",
        en="shown:\n  one: '{count} shown'\n  other: '{count} shown'\n",
    )
    [problem] = problems
    assert (problem.line, problem.field) == (4, "shown.few")


def test_a_text_plural_in_one_language_and_plain_in_another_is_an_error() -> None:
    problems = catalog_problems(
        nl="shown:\n  one: '{count} getoond'\n  other: '{count} getoond'\n",
        en="home: Home\nshown: '{count} shown'\n",
    )
    by_file = {(p.path, p.field): p for p in problems}
    plain = by_file[("templates/i18n/en.yaml", "shown")]
    assert plain.line == 2 and "nl.yaml" in plain.message
    assert ("templates/i18n/nl.yaml", "home") in by_file  # and the key missing in Dutch


def test_a_broken_catalog_is_reported_by_check_with_file_and_line(tmp_path: Path) -> None:
    root = a_site_folder(tmp_path / "site")
    dutch = root / "templates" / "i18n" / "nl.yaml"
    lines = dutch.read_text(encoding="utf-8").splitlines()
    one = next(n for n, line in enumerate(lines) if line.strip().startswith("one:"))
    del lines[one]
    dutch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    finished = run_cli("check", "--root", str(root))
    assert finished.returncode == 1
    assert f"templates/i18n/nl.yaml:{one}: error: " in finished.stdout + finished.stderr
    assert "Traceback" not in finished.stderr


def test_every_shipped_text_with_a_number_has_plural_forms_in_every_language() -> None:
    """The shipped catalogs pass their own check; a count in a plain text reads '1 ...-en'."""
    folder = PROJECT_ROOT / "templates" / "i18n"
    raw = {path.stem: catalog(path.stem, path.read_text("utf-8")) for path in folder.glob("*.yaml")}
    problems: list[ContentError] = []
    flat = validate_catalogs(raw, tuple(raw), problems)
    assert problems == []
    for lang, texts in flat.items():
        plain_counts = [key for key, text in texts.items() if "{count}" in text and "#" not in key]
        assert plain_counts in ([], ["page_of"]), lang  # 'page 1 of 1' needs no plural


def test_a_template_asking_for_a_plural_text_without_its_count_is_told_so(
    content: ContentFactory,
) -> None:
    site, _, _ = check(BuildOptions(content_dir=content()))
    assert site is not None
    words = Localizer(site, "nl")
    with pytest.raises(PluralMisuse, match="count="):
        words.t("more_events")
    with pytest.raises(PluralMisuse, match="plain text"):
        words.forms("home")
    assert words.t("more_events", count=1) != words.t("more_events", count=3).replace("3", "1")


def string_calls(template: Path) -> list[tuple[int, str, str, set[str]]]:
    """(line, method, key, keyword names) of every L.t('key', ...) / L.forms('key') call."""
    tree = Environment().parse(template.read_text("utf-8"))
    found = []
    for call in word_calls(tree):
        if not isinstance(call.args[0], nodes.Const):
            continue
        keywords = {keyword.key for keyword in call.kwargs}
        method = getattr(call.node, "attr", "")
        found.append((call.lineno, method, str(call.args[0].value), keywords))
    return found


def test_every_text_the_templates_name_is_asked_for_as_its_catalog_has_it() -> None:
    """A text with plural forms is asked for with its count, a plain one without forms; a
    mistake is named by template and line here rather than found on one page at build time."""
    folder = PROJECT_ROOT / "templates"
    catalogs = {path.stem: path for path in (folder / "i18n").glob("*.yaml")}
    raw = {lang: catalog(lang, path.read_text("utf-8")) for lang, path in catalogs.items()}
    flat = validate_catalogs(raw, tuple(raw), [])
    wrong = []
    calls = 0
    for template in sorted(folder.rglob("*.html")):
        for line, method, key, keywords in string_calls(template):
            calls += 1
            for lang, texts in flat.items():
                plural = plural_key(key, "other") in texts
                if key not in texts and not plural:
                    wrong.append(f"{template.name}:{line}: '{key}' is not in {lang}.yaml")
                elif plural and method == "t" and "count" not in keywords:
                    wrong.append(f"{template.name}:{line}: '{key}' has plural forms: pass count=")
                elif not plural and method == "forms":
                    wrong.append(f"{template.name}:{line}: '{key}' has no plural forms")
    assert calls > 50 and wrong == []


def test_a_key_written_as_the_flat_catalogs_plural_mark_is_refused() -> None:
    problems = catalog_problems(nl="home: Home\n'shown#one': x\n", en="home: Home\n")
    assert [(p.line, p.field) for p in problems] == [(2, "shown#one")]
