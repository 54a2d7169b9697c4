// Optional enhancement of the agenda: filter the listed events in place. Without JavaScript the
// filter links lead to static pages per cluster, theme and audience, which show the same result.
window.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector(".agenda-filters");
  if (!nav) return;
  const cards = Array.from(document.querySelectorAll(".event-card"));
  const form = document.createElement("form");
  form.className = "agenda-filter-form";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", nav.getAttribute("aria-label") || "");
  const selects = [];
  nav.querySelectorAll(".filter-group").forEach((group) => {
    const facet = group.dataset.facet;
    const label = document.createElement("label");
    label.textContent = group.querySelector("h3").textContent;
    const select = document.createElement("select");
    select.name = facet;
    select.add(new Option(nav.dataset.all || "—", ""));
    group.querySelectorAll("a[data-value]").forEach((link) => {
      select.add(new Option(link.textContent, link.dataset.value));
    });
    label.appendChild(select);
    form.appendChild(label);
    selects.push(select);
  });
  // The count's words in each CLDR plural form ({"one": ..., "other": ...}); the browser's
  // Intl.PluralRules applies the same CLDR rule as the build does for the page's language.
  const forms = JSON.parse(nav.dataset.count || "{}");
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  form.appendChild(status);
  const apply = () => {
    let shown = 0;
    cards.forEach((card) => {
      const match = selects.every((s) => !s.value || (card.dataset[s.name] || "").split(" ").includes(s.value));
      card.hidden = !match;
      if (match) shown += 1;
    });
    document.querySelectorAll(".cards").forEach((list) => {
      const visible = Array.from(list.children).some((card) => !card.hidden);
      list.hidden = !visible;
      const heading = list.previousElementSibling;
      if (heading && heading.classList.contains("month")) heading.hidden = !visible;
    });
    status.textContent = (forms[plural.select(shown)] || forms.other || "{count}").replace("{count}", String(shown));
  };
  form.addEventListener("change", apply);
  nav.after(form);
  nav.hidden = true; // the form offers the same choices; the links remain without JavaScript
  apply();
});
