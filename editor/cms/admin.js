// Starts Decap CMS with the configuration generated from the models (config.json, written by
// `python build.py schema`), our own YAML reader and writer (yaml-format.js, which says how
// it writes) and a preview in the site's own stylesheet. Loaded after decap-cms.js.
import YAML from "./vendor/yaml/index.js";
import { yamlFormat } from "./yaml-format.mjs";

const CMS = window.CMS;

// The preview pane: an item page's frame with the site's own stylesheet, in every language.
function previewFor(codes) {
  return window.createClass({
    render() {
      const h = window.h;
      const entry = this.props.entry;
      return h(
        "main",
        { id: "main" },
        codes.map((code) => {
          const words = this.props.widgetsFor(code);
          const data = entry.getIn(["data", code]);
          if (!data) return null;
          return h(
            "article",
            { key: code, lang: code, className: "item" },
            h(
              "header",
              { className: "item-header" },
              h("h1", {}, data.get("title")),
              h("p", { className: "lead" }, data.get("summary")),
            ),
            data.get("body") ? h("div", { className: "prose" }, words.getIn(["widgets", "body"])) : null,
          );
        }),
      );
    },
  });
}

async function json(path) {
  const response = await fetch(path, { cache: "no-store" });
  return response.ok ? response.json() : null;
}

async function start() {
  const config = await json("config.json");
  const backend = await json("backend.json"); // the production repository (docs: web editing)
  const local = await json("local.json"); // `make edit`: where the live preview is
  config.backend = { ...config.backend, ...(backend || {}) };
  if (local && local.preview) {
    // Decap's local backend, reached through the admin's own server (sitegen/tools/edit_http.py)
    config.local_backend = { url: new URL("/api/v1", location.href).href };
    config.site_url = local.preview;
    config.display_url = local.preview;
  }
  const codes = config.sitegen_languages;
  const format = config.sitegen_format;
  delete config.sitegen_languages; // ours, not Decap's: Decap refuses keys it does not know
  delete config.sitegen_format;
  CMS.registerCustomFormat(format, "yaml", yamlFormat(YAML, config.collections));
  CMS.registerPreviewStyle(new URL("site.css", location.href).href); // the iframe has no base
  for (const collection of config.collections) CMS.registerPreviewTemplate(collection.name, previewFor(codes));
  CMS.init({ config });
}

start();
