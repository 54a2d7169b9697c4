// Eleventy's side of the benchmark (benchmarks/peer_corpus.py writes src/ beside this file).
// The lists (sections in numbered pages, the agenda and its filter pages per theme, cluster
// and audience) are made here as collections and paginated by src/lists.njk, the usual way
// to make taxonomy pages in Eleventy; an item page's lists of the items that refer to it come
// from one index (collections.refs), made once.
import fs from "node:fs";

const site = JSON.parse(fs.readFileSync(new URL("./src/_data/site.json", import.meta.url)));
const today = new Date(`${site.today}T00:00:00+02:00`);
const LANGS = Object.keys(site.languages);
const FACETS = { themes: "agenda_themes", clusters: "agenda_clusters", audience: "agenda_audience" };
const REFS = { organisers: "organisations", organisations: "organisations", part_of: "organisations",
  agenda_themes: "themes", about_themes: "themes", agenda_clusters: "clusters", events: "events" };

const formats = new Map();
function formatter(lang, options) {
  const key = `${lang}|${JSON.stringify(options)}`;
  if (!formats.has(key)) {
    const locale = site.languages[lang].locale;
    formats.set(key, new Intl.DateTimeFormat(locale, { timeZone: "Europe/Amsterdam", ...options }));
  }
  return formats.get(key);
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

function byStart(a, b) { return a.data.start < b.data.start ? -1 : a.data.start > b.data.start ? 1 : 0; }

function agendaOrder(events) {
  const upcoming = events.filter((e) => new Date(e.data.start) >= today).sort(byStart);
  const past = events.filter((e) => new Date(e.data.start) < today).sort(byStart).reverse();
  return upcoming.concat(past);
}

function paged(list, items, size) {
  // one entry per page of a list: page 1 at the list's URL, page n at .../<page word>/n/
  const pages = chunks(items, size);
  const word = site.languages[list.lang].page_word;
  const urls = pages.map((_, i) => (i ? `${list.url}${word}/${i + 1}/` : list.url));
  return pages.map((chunk, i) => ({ ...list, items: chunk, number: i + 1, urls, url: urls[i],
    alternate: i ? null : list.alternate }));
}

export default function (config) {
  config.amendLibrary("md", (md) => md.set({ linkify: true }));
  config.addFilter("dateFull", (iso, lang) => formatter(lang, { dateStyle: "full" }).format(new Date(iso)));
  config.addFilter("dateLong", (iso, lang) => formatter(lang, { dateStyle: "long" }).format(new Date(iso)));
  config.addFilter("time", (iso, lang) => formatter(lang, { timeStyle: "short" }).format(new Date(iso)));
  config.addFilter("month", (iso, lang) => formatter(lang, { month: "long", year: "numeric" }).format(new Date(iso)));
  config.addFilter("upcoming", (iso) => new Date(iso) >= today);
  config.addFilter("icsTime", (iso) => new Date(iso).toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z");
  config.addFilter("icsDay", (iso, plus = 0) => {
    const d = new Date(iso.slice(0, 10)); d.setUTCDate(d.getUTCDate() + plus);
    return d.toISOString().slice(0, 10).replace(/-/g, "");
  });
  config.addFilter("ofKind", (items, kind) => items.filter((i) => i.data.kind === kind));
  config.addFilter("byStart", (items) => [...items].sort(byStart));
  config.addFilter("newest", (items) => [...items].sort(byStart).reverse());
  config.addFilter("json", (value) => JSON.stringify(value).replace(/</g, "\\u003c"));

  config.addCollection("bySlug", (api) => {
    const found = {};
    for (const item of api.getAll()) {
      if (item.data.slug) found[`${item.data.lang}|${item.data.kind}_${item.data.slug}`] = item;
    }
    return found;
  });
  config.addCollection("refs", (api) => {
    // lang|kind_slug -> the items that refer to it; series|lang|name -> its events
    const found = {};
    const add = (key, item) => { (found[key] ??= []).push(item); };
    for (const item of api.getAll()) {
      const data = item.data;
      if (!data.slug) continue;
      for (const [field, kind] of Object.entries(REFS)) {
        for (const slug of [].concat(data[field] ?? [])) add(`${data.lang}|${kind}_${slug}`, item);
      }
      if (data.series) add(`series|${data.lang}|${data.series}`, item);
    }
    return found;
  });
  config.addCollection("lists", (api) => {
    const lists = [];
    for (const lang of LANGS) {
      const language = site.languages[lang];
      const other = LANGS.find((l) => l !== lang);
      const section = (kind, l = lang) => `${site.languages[l].prefix}/${site.languages[l].sections[kind]}/`;
      const events = api.getFilteredByTag(`events_${lang}`);
      const words = language.words;
      lists.push(...paged({ lang, kind: "events", title: words.section_events, url: section("events"),
        alternate: section("events", other) }, agendaOrder(events), site.per_page.events));
      for (const [facet, field] of Object.entries(FACETS)) {
        for (const [value, term] of Object.entries(site.facets[lang][facet] ?? {})) {
          const path = (l) => `${section("events", l)}${site.languages[l].filter_words[facet]}/${value}/`;
          const members = events.filter((e) => (e.data[field] ?? []).includes(value));
          lists.push(...paged({ lang, kind: "events", title: term.title, url: path(lang),
            alternate: path(other), facet, value }, agendaOrder(members), site.per_page.events));
        }
      }
      const news = api.getFilteredByTag(`news_${lang}`).sort(byStart).reverse();
      lists.push(...paged({ lang, kind: "news", title: words.section_news, url: section("news"),
        alternate: section("news", other) }, news, site.per_page.news));
      for (const kind of ["themes", "clusters", "organisations"]) {
        const items = api.getFilteredByTag(`${kind}_${lang}`)
          .sort((a, b) => (a.data.weight ?? 0) - (b.data.weight ?? 0) || a.data.title.localeCompare(b.data.title));
        lists.push({ lang, kind, title: words[`section_${kind}`], url: section(kind),
          alternate: section(kind, other), items, number: 1, urls: [section(kind)] });
      }
    }
    return lists;
  });
  config.addCollection("facetCounts", (api) => {
    const counts = {};
    for (const lang of LANGS) {
      for (const e of api.getFilteredByTag(`events_${lang}`)) {
        for (const [facet, field] of Object.entries(FACETS)) {
          for (const value of e.data[field] ?? []) {
            const key = `${lang}|${facet}|${value}`;
            counts[key] = (counts[key] ?? 0) + 1;
          }
        }
      }
    }
    return counts;
  });
  config.addCollection("feeds", (api) => LANGS.flatMap((lang) => ["events", "news"].map((kind) => {
    const items = api.getFilteredByTag(`${kind}_${lang}`).sort(byStart).reverse().slice(0, 50);
    return { lang, kind, items, url: `${site.languages[lang].prefix}/${site.languages[lang].sections[kind]}/feed.xml` };
  })));
  config.addCollection("calendars", (api) => LANGS.map((lang) => ({ lang,
    items: api.getFilteredByTag(`events_${lang}`),
    url: `${site.languages[lang].prefix}/${site.languages[lang].sections.events}/events.ics` })));
  config.addCollection("eventsAll", (api) => LANGS.flatMap((lang) => api.getFilteredByTag(`events_${lang}`)));

  return {
    dir: { input: "src", output: "_site", includes: "_includes", data: "_data" },
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
}
