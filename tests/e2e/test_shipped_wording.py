"""The shipped content says the seeds' facts in its own words: no clause copied from a seed.

The seeds (five Dutch web pages) live beside the repository, in ../shared/seeds, or wherever
SITE_SEEDS points. Run this module as a script to list every shared run of words, e.g.
`.venv/bin/python -m tests.e2e.test_shipped_wording 6`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sitegen.pipeline import PROJECT_ROOT

SEEDS = Path(os.environ.get("SITE_SEEDS", PROJECT_ROOT.parent / "shared" / "seeds"))
CONTENT = PROJECT_ROOT / "content"
# Eight words in a row inside one clause is a copied sentence; names and figures are shorter.
LONGEST_SHARED_RUN = 7
# Clauses end at these; commas too, so that a list of names taken from a seed is no "sentence".
CLAUSE_END = "[.,!?;:()\\[\\]\"\u201c\u201d\u2018\u2019'|*\n]"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seeds at {SEEDS}")


def clauses(text: str) -> Iterator[list[str]]:
    """The text's clauses, each as its lowercased words."""
    for clause in re.split(CLAUSE_END, text.replace("\u2019", "'").lower()):
        if words := re.findall(r"[\w€%&-]+", clause):
            yield words


def runs_of(words: list[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def words_in_languages(node: object, inside_language: bool = False) -> Iterator[str]:
    """Every text an item gives in a language block (nl:, en:, ...), at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from words_in_languages(value, inside_language or key in ("nl", "en"))
    elif isinstance(node, list):
        for value in node:
            yield from words_in_languages(value, inside_language)
    elif isinstance(node, str) and inside_language:
        yield node


def own_words(text: str) -> str:
    """The text without its quotations (Markdown '>' lines): a quote keeps the source's words."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def quotations(text: str) -> list[str]:
    lines = [line.lstrip()[1:] for line in text.splitlines() if line.lstrip().startswith(">")]
    return [line for line in lines if line.strip() and not line.strip().startswith("—")]


def content_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(CONTENT.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in words_in_languages(data):
            yield str(path.relative_to(CONTENT)), text


def seed_runs_of(seeds: list[str], length: int) -> set[tuple[str, ...]]:
    return {run for seed in seeds for clause in clauses(seed) for run in runs_of(clause, length)}


def shared_runs(seed_runs: set[tuple[str, ...]], text: str, length: int) -> list[str]:
    """Every run of `length` or more words in a clause of the text that a seed also has."""
    found = []
    for words in clauses(own_words(text)):
        last = len(words) - length + 1
        starts = [i for i in range(last) if tuple(words[i : i + length]) in seed_runs]
        found += [" ".join(words[start:end]) for start, end in merged(starts, length)]
    return found


def copied_runs(length: int) -> list[tuple[str, str]]:
    """(file, words) for every run of `length` or more words a content clause shares with a seed."""
    seed_runs = seed_runs_of(seed_texts(), length)
    return [
        (name, run)
        for name, text in content_texts()
        for run in shared_runs(seed_runs, text, length)
    ]


def merged(starts: list[int], length: int) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for start in starts:
        if spans and start <= spans[-1][1]:
            spans[-1][1] = start + length
        else:
            spans.append([start, start + length])
    return [(a, b) for a, b in spans]


@needs_seeds
def test_no_clause_of_the_content_copies_eight_words_in_a_row_from_a_seed() -> None:
    assert copied_runs(LONGEST_SHARED_RUN + 1) == []


@needs_seeds
def test_every_dutch_quotation_is_word_for_word_what_a_seed_says() -> None:
    seed_words = " ".join(" ".join(c) for seed in seed_texts() for c in clauses(seed))
    misquoted = []
    for path in sorted(CONTENT.rglob("*.yaml")):
        dutch = yaml.safe_load(path.read_text(encoding="utf-8")).get("nl", {})
        for text in words_in_languages(dutch, inside_language=True):
            for quote in quotations(text):
                for words in clauses(quote):
                    if " ".join(words) not in seed_words:
                        misquoted.append((path.name, " ".join(words)))
    assert misquoted == []


def test_a_copied_clause_is_found_and_a_reworded_or_quoted_one_is_not() -> None:
    seed = seed_runs_of(["Wij gaan samen concreet aan de slag met vragen uit de praktijk."], 8)
    copied = "Daarom: wij gaan samen concreet aan de slag met vragen uit de praktijk!"
    assert shared_runs(seed, copied, 8) == [
        "wij gaan samen concreet aan de slag met vragen uit de praktijk"
    ]
    assert shared_runs(seed, "Samen pakken we vragen uit de praktijk concreet op.", 8) == []
    assert (
        shared_runs(seed, "> Wij gaan samen concreet aan de slag met vragen uit de praktijk.", 8)
        == []
    )


if __name__ == "__main__":
    shortest = int(sys.argv[1]) if len(sys.argv) > 1 else LONGEST_SHARED_RUN + 1
    runs = copied_runs(shortest)
    for name, words in runs:
        print(f"{name}: {words}")
    print(f"{len(runs)} runs of {shortest}+ words shared with the seeds")
