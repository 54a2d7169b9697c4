#!/usr/bin/env python3
"""Write the benchmark corpus again for the peers the engine is compared with: Hugo, Eleventy.

    python benchmarks/peer_corpus.py --content /tmp/corpus --hugo /tmp/hugo-site [--eleventy DIR]

It reads a corpus written by benchmarks/make_corpus.py (the project's own YAML) and writes, for
each peer, a site of the same items in both languages with the same Markdown bodies, the same
list pages (sections cut into pages of the size ours uses, the agenda's filter pages per theme,
cluster and audience) and item pages of a comparable layout (header, menu, language switch,
breadcrumbs, facts, the body, lists of related items). The templates of each peer are in
benchmarks/peers/<peer>/; this script writes only content, data and configuration beside a copy
of them. What remains different is listed in benchmarks/README.md ("The peers").
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
PEERS = HERE / "peers"
KINDS = ("events", "news", "themes", "clusters", "organisations")
LANGS = ("nl", "en")
# Page sizes of our lists (schemas/event.py, schemas/news.py: Listing.per_page); the other
# sections are one page each, as ours are.
PER_PAGE = {"events": 50, "news": 30}
RELATED = 12  # items a theme, cluster or organisation page lists of each kind, as ours does
FACETS = {"themes": "themes", "clusters": "cluster", "audience": "audience"}  # filter -> field
UI_KEYS = (
    "skip_link",
    "menu_label",
    "menu_button",
    "language_switch_label",
    "breadcrumbs_label",
    "home",
    "section_events",
    "section_news",
    "section_clusters",
    "section_themes",
    "section_organisations",
    "status_cancelled",
    "status_full",
    "when",
    "where",
    "online",
    "organisers",
    "audience",
    "costs",
    "cluster",
    "register",
    "register_by_email",
    "series",
    "upcoming_events",
    "past_events",
    "latest_news",
    "provisional",
    "organisation",
    "add_to_calendar",
    "part_of",
    "kind",
    "website",
    "email",
    "address",
    "sectors",
    "see_also",
    "members",
    "filter_heading",
    "filter_themes",
    "filter_clusters",
    "filter_audience",
    "filter_all",
    "pagination_label",
    "previous_page",
    "next_page",
    "not_found_title",
    "no_cookies",
)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Item:
    """One item of our corpus, as the peers need it."""

    kind: str
    slug: str
    facts: dict[str, Any]
    texts: dict[str, dict[str, Any]]  # lang -> title, summary, body, ...

    def title(self, lang: str) -> str:
        return str(self.texts[lang]["title"])


@dataclass
class Corpus:
    site: dict[str, Any]
    home: Item
    items: dict[str, list[Item]] = field(default_factory=dict)

    def sections(self, lang: str) -> dict[str, str]:
        return dict(self.language(lang)["sections"])

    def language(self, lang: str) -> dict[str, Any]:
        return next(entry for entry in self.site["languages"] if entry["code"] == lang)

    def count(self) -> int:
        return sum(len(items) for items in self.items.values())


def read_corpus(content: Path) -> Corpus:
    """The corpus make_corpus.py wrote (only the kinds and fields it writes)."""
    site = yaml.load((content / "site.yaml").read_text("utf-8"), Loader=_LOADER)
    home = _item("pages", content / "pages" / "home.yaml")
    corpus = Corpus(site, home)
    for kind in KINDS:
        files = sorted((content / kind).glob("*.yaml"))
        corpus.items[kind] = [_item(kind, path) for path in files]
    return corpus


def _item(kind: str, path: Path) -> Item:
    data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
    texts = {lang: data.pop(lang) for lang in LANGS}
    return Item(kind, path.stem, data, texts)


def ui_words(lang: str) -> dict[str, str]:
    """The interface words our templates use, from templates/i18n/ (plain strings only)."""
    catalog = yaml.load(
        (PROJECT / "templates" / "i18n" / f"{lang}.yaml").read_text("utf-8"), Loader=_LOADER
    )
    words = {key: value for key, value in catalog.items() if isinstance(value, str)}
    return {key: words.get(key, key) for key in (*UI_KEYS, *_audience_keys(catalog))}


def agenda_for(lang: str, name: str) -> str:
    """The title of an agenda filter page, as ours: 'Agenda: Biodiversiteit'."""
    catalog = yaml.load(
        (PROJECT / "templates" / "i18n" / f"{lang}.yaml").read_text("utf-8"), Loader=_LOADER
    )
    return str(catalog["agenda_for"]).format(name=name)


def _audience_keys(catalog: dict[str, Any]) -> list[str]:
    return [key for key in catalog if key.startswith("audience_") and isinstance(catalog[key], str)]


def when(value: object) -> tuple[str, bool]:
    """An event's start or end as an ISO local date-time (Europe/Amsterdam) and whether it has a
    time: make_corpus writes 'YYYY-MM-DD HH:MM' (a string to YAML) or a date."""
    if isinstance(value, date):
        return value.isoformat(), False
    text = str(value)
    if " " in text:
        day, clock = text.split(" ", 1)
        return f"{day}T{clock}:00", True
    return text, False


def event_facts(event: Item, lang: str) -> dict[str, Any]:
    """The front matter of one event page, the same for both peers."""
    facts, text = event.facts, event.texts[lang]
    start, timed = when(facts["start"])
    matter: dict[str, Any] = {"date": start, "timed": timed}
    if "end" in facts:
        matter["end"] = when(facts["end"])[0]
    for key in ("status", "cluster", "series", "registration_url", "registration_email"):
        if key in facts:
            matter[key] = facts[key]
    matter["provisional"] = bool(facts.get("provisional"))
    location = facts.get("location") or {}
    if location.get("online"):
        matter["online"] = True
    for key in ("venue", "city"):
        if key in location:
            matter[key] = location[key]
    matter["organisers"] = list(facts.get("organisers", []))
    # the agenda's facets (Hugo: taxonomies, named apart from the sections themes/, clusters/)
    matter["agenda_themes"] = list(facts.get("themes", []))
    matter["agenda_clusters"] = [facts["cluster"]] if "cluster" in facts else []
    matter["agenda_audience"] = list(facts.get("audience", []))
    for key in ("costs", "provisional"):
        if key in text and isinstance(text[key], str):
            matter[f"{key}_note"] = text[key]
    return matter


def item_matter(item: Item, lang: str) -> dict[str, Any]:
    """Front matter of an item page other than an event: the facts its page shows."""
    facts = item.facts
    if item.kind == "news":
        return {
            "date": facts["date"].isoformat(),
            "about_themes": list(facts.get("themes", [])),
            "organisations": list(facts.get("organisations", [])),
            "events": list(facts.get("events", [])),
        }
    if item.kind == "clusters":
        themes = [facts["overarching_theme"], *facts.get("themes", [])]
        return {
            "about_themes": themes,
            "organisations": list(facts.get("organisations", [])),
            "sectors": list(item.texts[lang].get("sectors", [])),
        }
    if item.kind == "organisations":
        matter: dict[str, Any] = {"org_kind": facts["kind"], "website": facts["website"]}
        for key in ("email", "part_of"):
            if key in facts:
                matter[key] = facts[key]
        if "address" in facts:
            matter["address"] = ", ".join(str(v) for v in facts["address"].values())
        return matter
    if item.kind == "themes":
        return {"weight": facts["order"]}
    return {}


def matter_of(item: Item, lang: str) -> dict[str, Any]:
    text = item.texts[lang]
    matter: dict[str, Any] = {"title": text["title"], "summary": text["summary"]}
    matter.update(event_facts(item, lang) if item.kind == "events" else item_matter(item, lang))
    return matter


REFERENCES = {  # field of our corpus -> the kind of item it names
    "organisers": "organisations",
    "organisations": "organisations",
    "part_of": "organisations",
    "themes": "themes",
    "overarching_theme": "themes",
    "cluster": "clusters",
    "events": "events",
    "series": "series",
}


def references(item: Item) -> list[str]:
    """Every item this one names, as 'kind_slug' (for Hugo's index of referring pages)."""
    found: list[str] = []
    for key, kind in REFERENCES.items():
        value = item.facts.get(key)
        for slug in value if isinstance(value, list) else [value] if value else []:
            if f"{kind}_{slug}" not in found:
                found.append(f"{kind}_{slug}")
    return found


def front_matter(matter: dict[str, Any], body: str) -> str:
    """A Markdown file with YAML front matter (both peers read this)."""
    head = yaml.safe_dump(matter, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{body.rstrip()}\n"


# -- Hugo ----------------------------------------------------------------------------------------


@dataclass
class Written:
    """What one peer's site holds: files written, items and pages expected."""

    files: int = 0
    items: int = 0


def _save(path: Path, text: str, written: Written) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    written.files += 1


def _fresh(out: Path, force: bool, owned: tuple[str, ...]) -> None:
    """out must be empty or absent; with force, only what this script writes is replaced."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use --force to replace its content)")
        for name in owned:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


HUGO_OWNED = ("content", "layouts", "i18n", "hugo.toml", "public", "resources", ".hugo_build.lock")


def hugo_config(corpus: Corpus, today: date) -> str:
    """hugo.toml: nl at /, en at /en/, our section names and page sizes per language."""
    site = corpus.site
    lines = [
        f'baseURL = "{site["base_url"]}"',
        'defaultContentLanguage = "nl"',
        "defaultContentLanguageInSubdir = false",
        'timeZone = "Europe/Amsterdam"',
        "buildFuture = true  # events are dated up to 2031; ours publishes them all",
        "buildExpired = true",
        'disableKinds = ["taxonomy"]  # ours has no page listing all themes of the agenda',
        "enableRobotsTXT = true",
        "[outputs]",
        '  home = ["html"]',
        '  section = ["html"]',
        '  term = ["html"]',
        '  page = ["html"]',
        "[services.rss]",
        "  limit = 50  # our feeds hold the newest 50",
        "[taxonomies]  # the agenda filters: /agenda/thema/x/, /agenda/cluster/x/, ...",
        '  agenda_theme = "agenda_themes"',
        '  agenda_cluster = "agenda_clusters"',
        '  agenda_audience = "agenda_audience"',
        '  ref = "refs"  # every item a page refers to: an index for the lists of referring items',
        "[[cascade]]  # ... which ours does not publish as pages either",
        "  [cascade.build]",
        '    render = "never"',
        "  [cascade.target]",
        '    kind = "term"',
        '    path = "{/refs/**}"',
        "[params]",
        f'  today = "{today.isoformat()}"',
        f"  related = {RELATED}",
        f"  eventsPerPage = {PER_PAGE['events']}",
        f"  newsPerPage = {PER_PAGE['news']}",
    ]
    for weight, lang in enumerate(LANGS, start=1):
        language = corpus.language(lang)
        sections, words = corpus.sections(lang), language["filter_words"]
        lines += [
            f"[languages.{lang}]",
            f'  locale = "{language["locale"].replace("_", "-")}"',
            f'  label = "{language["name"]}"',
            f'  title = "{site["name"][lang]}"',
            f"  weight = {weight}",
            f"  [languages.{lang}.pagination]",
            f"    pagerSize = {PER_PAGE['events']}",
            f'    path = "{language["page_word"]}"',
            f"  [languages.{lang}.params]",
            f'    tagline = "{site["tagline"][lang]}"',
            f"  [languages.{lang}.params.sections]",
            *(f'    {kind} = "{sections[kind]}"' for kind in KINDS),
            f"  [languages.{lang}.permalinks.page]",
            *(f'    {kind} = "/{sections[kind]}/:contentbasename/"' for kind in KINDS),
            f"  [languages.{lang}.permalinks.section]",
            *(f'    {kind} = "/{sections[kind]}/"' for kind in KINDS),
            f"  [languages.{lang}.permalinks.term]",
            *(
                f'    agenda_{facet} = "/{sections["events"]}/{words[facet]}/:slug/"'
                for facet in FACETS
            ),
        ]
        for weight_, entry in enumerate(site["menus"][lang], start=1):
            lines += [
                f"  [[languages.{lang}.menus.main]]",
                f'    name = "{entry["label"]}"',
                f'    pageRef = "/{entry["link"]}"',
                f"    weight = {weight_}",
            ]
    return "\n".join(lines) + "\n"


def write_hugo(corpus: Corpus, out: Path, today: date, force: bool = False) -> Written:
    """A Hugo site of the corpus in out: hugo.toml, layouts/ and i18n/ from
    benchmarks/peers/hugo/, content/<section>/<slug>.<lang>.md (translations by file name)."""
    _fresh(out, force, HUGO_OWNED)
    written = Written()
    shutil.copytree(PEERS / "hugo" / "layouts", out / "layouts")
    _save(out / "hugo.toml", hugo_config(corpus, today), written)
    for lang in LANGS:
        words = ui_words(lang)
        _save(out / "i18n" / f"{lang}.yaml", yaml.safe_dump(words, allow_unicode=True), written)
    content = out / "content"
    for lang in LANGS:
        home = corpus.home.texts[lang]
        matter = {"title": home["title"], "summary": home["summary"]}
        _save(content / f"_index.{lang}.md", front_matter(matter, home["body"]), written)
        for kind in KINDS:
            section: dict[str, Any] = {"title": ui_words(lang)[f"section_{kind}"]}
            if kind == "events":  # a feed, a calendar of all events and one per event
                section["outputs"] = ["html", "rss", "calendar"]
                section["cascade"] = {"outputs": ["html", "calendar"]}
            elif kind == "news":
                section["outputs"] = ["html", "rss"]
            _save(content / kind / f"_index.{lang}.md", front_matter(section, ""), written)
    for kind, items in corpus.items.items():
        for item in items:
            written.items += 1
            for lang in LANGS:
                text = matter_of(item, lang)
                text["refs"] = references(item)
                body = item.texts[lang].get("body", "")
                _save(content / kind / f"{item.slug}.{lang}.md", front_matter(text, body), written)
    for lang, facet, named in _facet_terms(corpus):
        # a term page's title, as ours ("Agenda: Biodiversiteit"); the audience has no item
        name = named.title(lang) if named else ui_words(lang)[f"audience_{facet[1]}"]
        title = agenda_for(lang, name)
        folder = content / f"agenda_{facet[0]}" / facet[1]
        matter = {"title": title, "slug": facet[1]}
        _save(folder / f"_index.{lang}.md", front_matter(matter, ""), written)
    return written


def _facet_terms(corpus: Corpus) -> Iterator[tuple[str, tuple[str, str], Item | None]]:
    """Every (facet, value) some event uses, with the theme or cluster it names."""
    by_slug = {
        (kind, item.slug): item for kind in ("themes", "clusters") for item in corpus.items[kind]
    }
    used: set[tuple[str, str]] = set()
    for event in corpus.items["events"]:
        for facet, key in FACETS.items():
            value = event.facts.get(key)
            for one in value if isinstance(value, list) else [value] if value else []:
                used.add((facet, str(one)))
    for facet, value in sorted(used):
        for lang in LANGS:
            yield lang, (facet, value), by_slug.get((facet, value))


# -- Eleventy ------------------------------------------------------------------------------------


def write_eleventy(corpus: Corpus, out: Path, today: date, force: bool = False) -> Written:
    """An Eleventy site of the corpus in out: the templates of benchmarks/peers/eleventy/, the
    items as src/<lang>/<kind>/<slug>.md, and the site's facts as global data (src/_data/)."""
    _fresh(out, force, ("src", "eleventy.config.mjs", "_site"))
    written = Written()
    template = PEERS / "eleventy"
    shutil.copy(template / "eleventy.config.mjs", out / "eleventy.config.mjs")
    shutil.copytree(template / "_includes", out / "src" / "_includes")
    for page in (template / "pages").iterdir():
        shutil.copy(page, out / "src" / page.name)
    languages = {}
    for lang in LANGS:
        language = corpus.language(lang)
        languages[lang] = {
            "prefix": f"/{language['prefix']}" if language["prefix"] else "",
            "label": language["name"],
            "locale": language["locale"].replace("_", "-"),
            "name": corpus.site["name"][lang],
            "sections": corpus.sections(lang),
            "filter_words": language["filter_words"],
            "page_word": language["page_word"],
            "menu": corpus.site["menus"][lang],
            "words": ui_words(lang),
        }
    facets: dict[str, dict[str, dict[str, dict[str, str]]]] = {lang: {} for lang in LANGS}
    for lang, (facet, value), named in _facet_terms(corpus):
        name = named.title(lang) if named else languages[lang]["words"][f"audience_{value}"]
        title = agenda_for(lang, name)
        facets[lang].setdefault(facet, {})[value] = {"name": name, "title": title}
    data = {
        "base_url": corpus.site["base_url"].rstrip("/"),
        "today": today.isoformat(),
        "related": RELATED,
        "per_page": PER_PAGE,
        "languages": languages,
        "facets": facets,
    }
    _save(out / "src" / "_data" / "site.json", json.dumps(data, ensure_ascii=False), written)
    for lang in LANGS:
        home = corpus.home.texts[lang]
        prefix = languages[lang]["prefix"]
        matter = {
            "title": home["title"],
            "summary": home["summary"],
            "lang": lang,
            "kind": "home",
            "layout": "home.njk",
            "permalink": f"{prefix}/index.html",
        }
        _save(out / "src" / lang / "index.md", front_matter(matter, home["body"]), written)
    for kind, items in corpus.items.items():
        for item in items:
            written.items += 1
            for lang in LANGS:
                matter = matter_of(item, lang)
                # Eleventy reads 'date' itself, as UTC: the moment goes under 'start', with
                # its offset in Europe/Amsterdam
                moment = matter.pop("date", None)
                if moment is not None:
                    matter["start"] = _amsterdam(moment)
                if "end" in matter:  # 'end' is a word of Nunjucks
                    matter["until"] = _amsterdam(matter.pop("end"))
                section = languages[lang]["sections"][kind]
                url = f"{languages[lang]['prefix']}/{section}/{item.slug}/"
                matter.update(
                    {
                        "lang": lang,
                        "kind": kind,
                        "slug": item.slug,
                        "tags": [f"{kind}_{lang}"],
                        "layout": f"{kind}.njk",
                        "permalink": f"{url}index.html",
                    }
                )
                body = item.texts[lang].get("body", "")
                path = out / "src" / lang / kind / f"{item.slug}.md"
                _save(path, front_matter(matter, body), written)
    return written


def _amsterdam(moment: str) -> str:
    """'2026-06-06T16:30:00' or '2026-06-06' as an ISO date-time with its offset there."""
    return datetime.fromisoformat(moment).replace(tzinfo=AMSTERDAM).isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True, help="a make_corpus.py corpus")
    parser.add_argument("--hugo", type=Path, help="write a Hugo site here")
    parser.add_argument("--eleventy", type=Path, help="write an Eleventy site here")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 6, 1))
    parser.add_argument("--force", action="store_true", help="replace what this script wrote")
    arguments = parser.parse_args(argv)
    corpus = read_corpus(arguments.content)
    try:
        for name, writer, out in (
            ("hugo", write_hugo, arguments.hugo),
            ("eleventy", write_eleventy, arguments.eleventy),
        ):
            if out is not None:
                written = writer(corpus, out, arguments.today, arguments.force)
                print(f"{name}: {written.items} items, {written.files} files in {out}")
    except FileExistsError as problem:
        print(f"peer_corpus: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
