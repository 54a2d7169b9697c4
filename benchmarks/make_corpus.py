#!/usr/bin/env python3
"""Write a synthetic bilingual corpus in the project's own content format, for benchmarks.

    python benchmarks/make_corpus.py --items 1000 --out /tmp/corpus [--seed 1]

N items per language: N bilingual files (about 70% events, 30% news), each with an `nl:` and
an `en:` block whose bodies are 1.5 to 3 KB of Markdown, plus the themes, clusters and
organisations they refer to, site.yaml and pages/home.yaml. The same arguments always give
byte-identical files (one seeded random generator, no clock, fixed order). The corpus passes
`build.py check --strict`: no errors and no warnings.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

DEFAULT_SEED = 1
EVENT_SHARE = 0.7
FIRST_DAY = date(2018, 1, 1)  # events spread over 2018-2031, news over 2016-2026
EVENT_DAYS = 14 * 365
NEWS_FIRST_DAY = date(2016, 1, 1)
NEWS_DAYS = 11 * 365
BODY_MIN, BODY_MAX, BODY_LIMIT = 1500, 2600, 2990  # bytes per language; blocks < 500 bytes
TABLE_SHARE = 0.3  # share of bodies with a table
KINDS = ("themes", "clusters", "organisations", "events", "news", "pages")
AUDIENCES = (
    "po", "vo", "praktijkonderwijs", "vmbo", "mbo", "hbo", "wo",
    "studenten", "docenten", "schoolleiders", "bedrijven", "beleidsmakers",
)  # fmt: skip

# (slug, Dutch title, English title)
THEMES = (
    ("biodiversiteit", "Biodiversiteit", "Biodiversity"),
    ("water-en-waterberging", "Water en waterberging", "Water and water storage"),
    ("circulaire-economie", "Circulaire economie", "Circular economy"),
    ("energietransitie", "Energietransitie", "Energy transition"),
    ("klimaatadaptatie", "Klimaatadaptatie", "Climate adaptation"),
    ("voedsel-en-landbouw", "Voedsel en landbouw", "Food and farming"),
    ("bodem", "Bodem", "Soil"),
    ("duurzaam-bouwen", "Duurzaam bouwen", "Sustainable building"),
    ("mobiliteit", "Mobiliteit", "Mobility"),
    ("natuurinclusief-ondernemen", "Natuurinclusief ondernemen", "Nature-inclusive business"),
    ("gezonde-leefomgeving", "Gezonde leefomgeving", "Healthy living environment"),
    ("grondstoffen", "Grondstoffen", "Raw materials"),
    ("onderwijsvernieuwing", "Onderwijsvernieuwing", "Educational innovation"),
    ("burgerschap", "Burgerschap", "Citizenship"),
    ("digitalisering", "Digitalisering", "Digitalisation"),
    ("toekomstperspectief-beroepen", "Toekomst van beroepen", "Future of occupations"),
    ("leven-lang-ontwikkelen", "Leven lang ontwikkelen", "Lifelong learning"),
    ("ondernemerschap", "Ondernemerschap", "Entrepreneurship"),
    ("sociale-duurzaamheid", "Sociale duurzaamheid", "Social sustainability"),
    ("stad-en-platteland", "Stad en platteland", "Town and country"),
)
CLUSTERS = (
    ("natuur-leefomgeving", "Natuur en leefomgeving", "Nature and living environment"),
    ("energie-techniek", "Energie en techniek", "Energy and engineering"),
    ("voedsel-agri", "Voedsel en agri", "Food and agriculture"),
    ("bouw-infra", "Bouw en infra", "Building and infrastructure"),
    ("zorg-welzijn", "Zorg en welzijn", "Care and welfare"),
)
ORG_KINDS = ("network", "partner", "national", "government", "school", "company")
ORG_FIRST = (
    "Groen", "Duurzaam", "Circulair", "Samen", "Vak", "Leer", "Natuur", "Water", "Energie",
    "Bodem", "Toekomst", "Regio",
)  # fmt: skip
ORG_SECOND = ("werk", "kracht", "lab", "netwerk", "collectief", "academie", "huis", "punt")
ORG_FORM = ("Stichting", "Coöperatie", "Vereniging", "Platform", "Centrum", "Bureau")
CITIES = (
    "Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Zwolle",
    "Arnhem", "Nijmegen", "Leeuwarden", "Emmen", "Tilburg", "Breda", "Middelburg", "Almere",
    "Deventer", "Wageningen", "Den Bosch", "Maastricht", "Venlo",
)  # fmt: skip
VENUES = (
    "Groene Hart Huis", "Het Kennisplein", "De Werkplaats", "Innovatiehal", "Aula Noord",
    "Het Praktijklokaal", "Buitencentrum", "De Kas", "Vergadercentrum Spoorzicht",
)  # fmt: skip
STREETS = ("Stationsweg", "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Parklaan")

EVENT_WORDS = (
    ("themabijeenkomst", "Themabijeenkomst", "Theme meeting"),
    ("werksessie", "Werksessie", "Working session"),
    ("webinar", "Webinar", "Webinar"),
    ("excursie", "Excursie", "Field trip"),
    ("masterclass", "Masterclass", "Masterclass"),
    ("netwerkdag", "Netwerkdag", "Network day"),
    ("studiedag", "Studiedag", "Study day"),
    ("praktijkdag", "Praktijkdag", "Practice day"),
    ("inspiratiesessie", "Inspiratiesessie", "Inspiration session"),
    ("conferentie", "Conferentie", "Conference"),
)
NEWS_WORDS = (
    ("terugblik", "Terugblik op", "Looking back on"),
    ("nieuw", "Nieuw:", "New:"),
    ("aan-de-slag", "Aan de slag met", "Getting to work on"),
    ("resultaten", "Resultaten van", "Results of"),
    ("oproep", "Oproep over", "Call about"),
    ("interview", "Interview over", "Interview about"),
)


def _list(text: str) -> tuple[str, ...]:
    """'a, b c, d' -> ('a', 'b c', 'd'): word lists that stay readable and compact."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


@dataclass(frozen=True)
class Words:
    """The vocabulary of one language for titles, summaries and bodies."""

    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    verbs: tuple[str, ...]
    phrases: tuple[str, ...]
    openers: tuple[str, ...]
    headings: tuple[str, ...]
    table: tuple[str, ...]
    rows: tuple[str, ...]
    who: tuple[str, ...]
    link: tuple[str, ...]
    more: str


NL = Words(
    nouns=_list(
        "docent, student, school, ondernemer, praktijk, opleiding, werkplaats, regio, gemeente,"
        "kennis, stage, leerroute, lesmethode, pilot, werkvorm, samenwerking, innovatie, keten,"
        "wijk, kas, akker, werkvloer, roostering, beoordeling, begeleiding, toekomstvisie,"
        "vakkennis, ervaring, aanpak"
    ),
    adjectives=_list(
        "duurzame, circulaire, groene, regionale, nieuwe, praktische, gezamenlijke, lokale,"
        "slimme, open, eerlijke, gezonde, sterke, brede, concrete"
    ),
    verbs=_list(
        "versterkt, verbindt, onderzoekt, ontwikkelt, ondersteunt, verbetert, deelt, bespreekt,"
        "toetst, vernieuwt, verkent, beschrijft"
    ),
    phrases=_list(
        "in de regio, met het bedrijfsleven, voor het mbo, samen met studenten, op de werkvloer,"
        "binnen het onderwijs, in de praktijk, na de zomer, in het hele land,"
        "met partners uit de buurt, vanaf het eerste leerjaar"
    ),
    openers=_list(
        "Daarom, Bovendien, Tegelijk, In de praktijk, Volgens de deelnemers, Na afloop, Juist nu"
    ),
    headings=_list(
        "Programma, Achtergrond, Voor wie, Wat levert het op, Praktische informatie, Aanmelden,"
        "Resultaten, Vervolg, Over de sprekers, Kosten en voorwaarden, Werkwijze, Ervaringen"
    ),
    table=_list("Onderdeel, Tijd, Wie"),
    rows=_list("Ontvangst, Opening, Werksessie, Pauze, Rondleiding, Afsluiting"),
    who=_list("Iedereen, Docenten, Studenten, Ondernemers, Sprekers, Organisatie"),
    link=_list("meer over, lees verder bij, bekijk de site van"),
    more="Meer informatie",
)
EN = Words(
    nouns=_list(
        "teacher, student, school, entrepreneur, practice, course, workshop, region,"
        "municipality, knowledge, placement, learning path, method, pilot, approach,"
        "partnership, innovation, supply chain, neighbourhood, greenhouse, field, shop floor,"
        "timetable, assessment, guidance, vision, craft, experience, curriculum"
    ),
    adjectives=_list(
        "sustainable, circular, green, regional, new, practical, joint, local, smart, open,"
        "fair, healthy, strong, broad, concrete"
    ),
    verbs=_list(
        "strengthens, connects, explores, develops, supports, improves, shares, discusses,"
        "tests, renews, maps, describes"
    ),
    phrases=_list(
        "in the region, with local businesses, for vocational schools, together with students,"
        "on the shop floor, within education, in practice, after the summer,"
        "across the country, with partners nearby, from the first year"
    ),
    openers=_list(
        "That is why, Moreover, At the same time, In practice, According to participants,"
        "Afterwards, Right now"
    ),
    headings=_list(
        "Programme, Background, Who it is for, What you gain, Practical information,"
        "Registration, Results, Next steps, About the speakers, Costs and conditions,"
        "Approach, Experiences"
    ),
    table=_list("Part, Time, Who"),
    rows=_list("Welcome, Opening, Working session, Break, Guided tour, Closing"),
    who=_list("Everyone, Teachers, Students, Entrepreneurs, Speakers, Organisers"),
    link=_list("more about, read on at, visit the site of"),
    more="More information",
)
WORDS = {"nl": NL, "en": EN}
THEME_PATH = {"nl": "/themas/", "en": "/en/themes/"}
CHOICES = {"nl": "Het gaat om *{word}* keuzes.", "en": "It is about *{word}* choices."}
PROVISIONAL = {"nl": "De precieze datum volgt.", "en": "The exact date will follow."}


@dataclass
class Corpus:
    """What was written: counts per kind, files and bytes."""

    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    body_bytes: int = 0
    bodies: int = 0
    events: list[str] = field(default_factory=list)


class Writer:
    """Writes the corpus; every random choice comes from one seeded generator, in a fixed order."""

    def __init__(self, out: Path, items: int, seed: int) -> None:
        self.out = out
        self.items = items
        self.rng = random.Random(seed)
        self.corpus = Corpus()
        self.organisations: list[str] = []
        self.events: list[str] = []

    # -- text -------------------------------------------------------------------------------

    def pick(self, choices: tuple[str, ...]) -> str:
        return self.rng.choice(choices)

    def sentence(self, lang: str) -> str:
        w = WORDS[lang]
        a, n, n2 = self.pick(w.adjectives), self.pick(w.nouns), self.pick(w.nouns)
        v, p = self.pick(w.verbs), self.pick(w.phrases)
        form = self.rng.randrange(5)
        if lang == "nl":
            if form == 0:
                return f"De {a} {n} {v} de {n2} {p}."
            if form == 1:
                return f"{self.pick(w.openers)} {v} het netwerk de {a} {n} {p}."
            if form == 2:
                return f"Waarom is een {a} {n} belangrijk? Omdat de {n2} {p} verandert."
            if form == 3:
                return f"Tijdens de bijeenkomst {v} elke deelnemer hoe de {n} en de {n2} samengaan."
            return f"Wie met de {n} werkt, ziet dat een {a} {n2} {p} het verschil maakt."
        if form == 0:
            return f"The {a} {n} {v} the {n2} {p}."
        if form == 1:
            return f"{self.pick(w.openers)}, the network {v} the {a} {n} {p}."
        if form == 2:
            return f"Why does a {a} {n} matter? Because the {n2} is changing {p}."
        if form == 3:
            return f"During the meeting every participant {v} how the {n} and the {n2} fit."
        return f"Anyone who works with the {n} sees that a {a} {n2} {p} makes the difference."

    def paragraph(self, lang: str, sentences: int) -> str:
        parts = [self.sentence(lang) for _ in range(sentences)]
        # emphasis and a link somewhere in most paragraphs
        if self.rng.random() < 0.6:
            i = self.rng.randrange(len(parts))
            parts[i] = f"**{parts[i][:-1]}**."
        if self.rng.random() < 0.4:
            word = self.pick(WORDS[lang].adjectives)
            parts.append(CHOICES[lang].format(word=word))
        if self.rng.random() < 0.5:
            slug, title_nl, title_en = self.rng.choice(THEMES)
            label = f"{self.pick(WORDS[lang].link)} {title_nl if lang == 'nl' else title_en}"
            parts.append(f"Zie ook [{label.lower()}]({THEME_PATH[lang]}{slug}/).")
            if lang == "en":
                parts[-1] = f"See also [{label.lower()}]({THEME_PATH[lang]}{slug}/)."
        return " ".join(parts)

    def block(self, lang: str, table: bool) -> str:
        w = WORDS[lang]
        heading = f"## {self.pick(w.headings)}\n\n"
        kind = self.rng.randrange(10)
        if table:
            return heading + self.table(lang)
        if kind < 5:
            return heading + self.paragraph(lang, self.rng.randint(2, 3))
        if kind < 8:
            items = [f"- {self.sentence(lang)}" for _ in range(self.rng.randint(3, 4))]
            return heading + "\n".join(items)
        items = [f"{i}. {self.sentence(lang)}" for i in range(1, self.rng.randint(3, 4) + 1)]
        return heading + self.paragraph(lang, 1) + "\n\n" + "\n".join(items)

    def table(self, lang: str) -> str:
        w = WORDS[lang]
        head = "| " + " | ".join(w.table) + " |\n| --- | --- | --- |\n"
        hour = self.rng.randint(9, 13)
        rows = []
        for i in range(self.rng.randint(3, 5)):
            rows.append(
                f"| {w.rows[i]} | {hour + i:02d}:{self.pick(('00', '15', '30'))} "
                f"| {self.pick(w.who)} |"
            )
        return head + "\n".join(rows)

    def body(self, lang: str) -> str:
        target = self.rng.randint(BODY_MIN, BODY_MAX)
        text = self.paragraph(lang, self.rng.randint(2, 4))
        table_at = self.rng.randint(1, 3) if self.rng.random() < TABLE_SHARE else -1
        blocks = 0
        while len(text.encode()) < target:
            blocks += 1
            block = self.block(lang, blocks == table_at)
            if len(text.encode()) + len(block.encode()) + 2 > BODY_LIMIT:
                break
            text += "\n\n" + block
        more = f"{WORDS[lang].more}: <https://www.example.nl/{self.rng.randrange(10_000)}>"
        if len(text.encode()) + len(more) + 2 <= BODY_LIMIT:
            text += "\n\n" + more
        self.corpus.bodies += 1
        self.corpus.body_bytes += len(text.encode())
        return text

    # -- files ------------------------------------------------------------------------------

    def write(self, kind: str, slug: str, facts: list[str], texts: dict[str, list[str]]) -> None:
        lines = list(facts)
        for lang in ("nl", "en"):
            lines.append(f"{lang}:")
            lines.extend(f"  {line}" if line else "" for line in texts[lang])
        self.save(f"{kind}/{slug}.yaml", "\n".join(lines) + "\n")
        self.corpus.counts[kind] = self.corpus.counts.get(kind, 0) + 1

    def save(self, relative: str, text: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        path.write_bytes(data)
        self.corpus.files += 1
        self.corpus.bytes += len(data)

    def text_lines(
        self, lang: str, title: str, summary: str, body: str | None, extra: dict[str, str]
    ) -> list[str]:
        lines = [f"title: {scalar(title)}", f"summary: {scalar(summary)}"]
        lines += [f"{key}: {scalar(value)}" for key, value in extra.items()]
        if body is not None:
            lines.append("body: |")
            lines += [f"  {line}" if line else "" for line in body.split("\n")]
        return lines

    def summary(self, lang: str) -> str:
        return self.sentence(lang)

    # -- kinds ------------------------------------------------------------------------------

    def site(self) -> None:
        site = """\
name: {nl: Benchmarknetwerk, en: Benchmark network}
tagline: {nl: Een groot synthetisch voorbeeld, en: A large synthetic example}
base_url: https://bench.example/
languages:
  - code: nl
    locale: nl_NL
    name: Nederlands
    prefix: ""
    sections: {events: agenda, news: nieuws, clusters: praktijkclusters, themes: themas,
               organisations: organisaties, programmes: programmas, centres: centra,
               search: zoeken}
    filter_words: {themes: thema, clusters: cluster, audience: voor}
    page_word: pagina
  - code: en
    locale: en_GB
    name: English
    prefix: en
    sections: {events: events, news: news, clusters: practice-clusters, themes: themes,
               organisations: organisations, programmes: programmes, centres: centres,
               search: search}
    filter_words: {themes: theme, clusters: cluster, audience: for}
    page_word: page
menus:
  nl:
    - {label: Agenda, link: events}
    - {label: Nieuws, link: news}
    - {label: Thema's, link: themes}
    - {label: Praktijkclusters, link: clusters}
    - {label: Organisaties, link: organisations}
  en:
    - {label: Events, link: events}
    - {label: News, link: news}
    - {label: Themes, link: themes}
    - {label: Practice clusters, link: clusters}
    - {label: Organisations, link: organisations}
contact:
  - name: Benchmarkbureau
    address: {street: Teststraat 1, postcode: 1234 AB, city: Utrecht}
    email: info@bench.example
"""
        self.save("site.yaml", site)
        texts = {
            lang: self.text_lines(
                lang,
                "Welkom bij het benchmarknetwerk" if lang == "nl" else "Welcome to the network",
                self.summary(lang),
                self.body(lang),
                {},
            )
            for lang in ("nl", "en")
        }
        self.write("pages", "home", [], texts)

    def themes(self) -> None:
        for order, (slug, nl, en) in enumerate(THEMES, start=1):
            texts = {
                lang: self.text_lines(lang, title, self.summary(lang), self.body(lang), {})
                for lang, title in (("nl", nl), ("en", en))
            }
            self.write("themes", slug, [f"order: {order}"], texts)

    def clusters(self) -> None:
        for slug, nl, en in CLUSTERS:
            themes = self.rng.sample([t[0] for t in THEMES], 4)
            organisations = sorted(self.rng.sample(self.organisations, 5))
            facts = [
                f"overarching_theme: {themes[0]}",
                f"themes: [{', '.join(themes[1:])}]",
                f"organisations: [{', '.join(organisations)}]",
            ]
            texts = {}
            for lang, title in (("nl", nl), ("en", en)):
                lines = self.text_lines(lang, title, self.summary(lang), self.body(lang), {})
                sectors = self.rng.sample(WORDS[lang].nouns, 3)
                lines.insert(2, f"sectors: [{', '.join(sectors)}]")
                texts[lang] = lines
            self.write("clusters", slug, facts, texts)

    def organisation_names(self) -> list[tuple[str, str]]:
        names: dict[str, str] = {}
        while len(names) < 50:
            name = f"{self.pick(ORG_FORM)} {self.pick(ORG_FIRST)}{self.pick(ORG_SECOND)}"
            slug = name.lower().replace("ö", "o").replace(" ", "-")
            names.setdefault(slug, name)
        return sorted(names.items())

    def organisations_(self) -> None:
        named = self.organisation_names()
        self.organisations = [slug for slug, _ in named]
        networks = self.organisations[:3]
        for index, (slug, name) in enumerate(named):
            kind = "network" if slug in networks else ORG_KINDS[1 + index % (len(ORG_KINDS) - 1)]
            facts = [f"kind: {kind}", f"website: https://{slug}.example/"]
            if index % 3 == 0:
                facts.append(f"email: info@{slug}.example")
            if index % 4 == 0:
                facts += [
                    "address:",
                    f"  street: {self.pick(STREETS)} {self.rng.randint(1, 200)}",
                    f"  postcode: {self.rng.randint(1000, 9999)} {self.pick(('AB', 'CD', 'KL'))}",
                    f"  city: {self.pick(CITIES)}",
                ]
            if slug not in networks:
                facts.append(f"part_of: [{self.pick(tuple(networks))}]")
            texts = {
                lang: self.text_lines(lang, name, self.summary(lang), self.body(lang), {})
                for lang in ("nl", "en")
            }
            self.write("organisations", slug, facts, texts)

    def events_(self, count: int) -> None:
        series_names = max(1, count // 40)
        for index in range(count):
            word, nl_word, en_word = self.rng.choice(EVENT_WORDS)
            theme_slug, theme_nl, theme_en = self.rng.choice(THEMES)
            day = FIRST_DAY + timedelta(days=self.rng.randrange(EVENT_DAYS))
            slug = f"{word}-{theme_slug}-{day.year}-{index:05d}"
            self.events.append(slug)
            facts = self.event_facts(day, theme_slug, series_names)
            provisional = "provisional: true" in facts
            texts = {}
            for lang, title in (("nl", f"{nl_word} {theme_nl}"), ("en", f"{en_word} {theme_en}")):
                extra: dict[str, str] = {}
                if provisional:
                    extra["provisional"] = PROVISIONAL[lang]
                if self.rng.random() < 0.3:
                    price = self.rng.choice((25, 50, 95, 150, 500))
                    extra["costs"] = (
                        f"€{price} per deelnemer" if lang == "nl" else f"€{price} per participant"
                    )
                texts[lang] = self.text_lines(
                    lang, f"{title} {day.year}", self.summary(lang), self.body(lang), extra
                )
            self.write("events", slug, facts, texts)
        self.corpus.events = list(self.events)

    def event_facts(self, day: date, theme: str, series_names: int) -> list[str]:
        rng = self.rng
        facts: list[str] = []
        if rng.random() < 0.2:  # all day, some over several days
            facts.append(f"start: {day.isoformat()}")
            if rng.random() < 0.3:
                facts.append(f"end: {(day + timedelta(days=rng.randint(1, 2))).isoformat()}")
        else:
            hour = rng.randint(9, 19)
            minute = rng.choice((0, 30))
            end_hour = min(hour + rng.randint(1, 4), 23)
            facts.append(f"start: {day.isoformat()} {hour:02d}:{minute:02d}")
            facts.append(f"end: {day.isoformat()} {end_hour:02d}:{minute:02d}")
        chance = rng.random()
        if chance < 0.06:
            facts.append("provisional: true")
        elif chance < 0.10:
            facts.append("status: cancelled")
        elif chance < 0.13:
            facts.append("status: full")
        place = rng.random()
        if place < 0.25:
            facts.append("location: {online: true}")
        elif place < 0.9:
            venue, city = self.pick(VENUES), self.pick(CITIES)
            facts.append(f"location: {{venue: {venue}, city: {city}}}")
        if rng.random() < 0.6:
            facts.append(f"cluster: {rng.choice(CLUSTERS)[0]}")
        others = [t[0] for t in THEMES if t[0] != theme]
        themes = [theme, *rng.sample(others, rng.randint(0, 2))]
        facts.append(f"themes: [{', '.join(themes)}]")
        organisers = rng.sample(self.organisations, rng.randint(1, 3))
        facts.append(f"organisers: [{', '.join(organisers)}]")
        audience = rng.sample(AUDIENCES, rng.randint(0, 3))
        if audience:
            facts.append(f"audience: [{', '.join(audience)}]")
        if rng.random() < 0.3:
            low = rng.choice((10, 15, 20, 25))
            facts.append(f"capacity: {{min: {low}, max: {low + rng.choice((5, 10, 20))}}}")
        if rng.random() < 0.4:
            facts.append(f"registration_url: https://aanmelden.example/{rng.randrange(100_000)}")
        elif rng.random() < 0.2:
            facts.append("registration_email: aanmelden@bench.example")
        if rng.random() < 0.12:
            facts.append(f"series: reeks-{rng.randrange(series_names) + 1}")
        return facts

    def news_(self, count: int) -> None:
        for index in range(count):
            word, nl_word, en_word = self.rng.choice(NEWS_WORDS)
            theme_slug, theme_nl, theme_en = self.rng.choice(THEMES)
            day = NEWS_FIRST_DAY + timedelta(days=self.rng.randrange(NEWS_DAYS))
            slug = f"{day.isoformat()}-{word}-{theme_slug}-{index:05d}"
            facts = [f"date: {day.isoformat()}", f"themes: [{theme_slug}]"]
            organisations = self.rng.sample(self.organisations, self.rng.randint(0, 2))
            if organisations:
                facts.append(f"organisations: [{', '.join(organisations)}]")
            if self.events and self.rng.random() < 0.3:
                events = self.rng.sample(self.events, self.rng.randint(1, 2))
                facts.append(f"events: [{', '.join(events)}]")
            texts = {
                lang: self.text_lines(
                    lang,
                    f"{head} {name.lower()}",
                    self.summary(lang),
                    self.body(lang),
                    {},
                )
                for lang, head, name in (("nl", nl_word, theme_nl), ("en", en_word, theme_en))
            }
            self.write("news", slug, facts, texts)

    def run(self) -> Corpus:
        events = round(self.items * EVENT_SHARE)
        self.site()
        self.themes()
        self.organisations_()
        self.clusters()
        self.events_(events)
        self.news_(self.items - events)
        return self.corpus


def w_more(lang: str) -> str:
    return str(WORDS[lang].more)


def scalar(text: str) -> str:
    """text as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    if "\n" not in text and text == text.strip():
        try:
            if yaml.load(f"k: {text}", Loader=_LOADER) == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def generate(items: int, out: Path, seed: int = DEFAULT_SEED, force: bool = False) -> Corpus:
    """Write the corpus into out (which must be empty or absent, unless force)."""
    if items < 1:
        raise ValueError("items must be at least 1")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use --force to replace its content)")
        for kind in KINDS:
            shutil.rmtree(out / kind, ignore_errors=True)
        (out / "site.yaml").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    return Writer(out, items, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--items", type=int, required=True, help="items per language (N)")
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="replace the content of --out")
    arguments = parser.parse_args(argv)
    try:
        corpus = generate(arguments.items, arguments.out, arguments.seed, arguments.force)
    except (ValueError, FileExistsError) as problem:
        print(f"make_corpus: {problem}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{count} {kind}" for kind, count in corpus.counts.items())
    print(
        f"wrote {corpus.files} files ({corpus.bytes / 1e6:.1f} MB) to {arguments.out}: {counts}; "
        f"{corpus.bodies} bodies, {corpus.body_bytes / corpus.bodies:.0f} bytes on average"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
