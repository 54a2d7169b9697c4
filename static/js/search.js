// Starts Pagefind's search box on the search page. Each language has its own bundles (/pagefind/,
// /en/pagefind/), made from that language's pages only; a large site shares a language's pages
// out over more bundles (/pagefind-2/, ...), which are merged into the first: the page names the
// first in data-bundle and the others in data-merge.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    // The index holds each page's full URL (/en/events/x/); without this Pagefind would put
    // the bundle's parent folder (/en/) in front of it a second time.
    baseUrl: "/",
    mergeIndex: (box.dataset.merge || "")
      .split(" ")
      .filter(Boolean)
      .map((bundlePath) => ({ bundlePath, baseUrl: "/" })),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    // the site's own words for the box, from its catalog in the page's language; Pagefind's
    // translation (chosen by <html lang>) gives the rest
    translations: JSON.parse(box.dataset.translations || "{}"),
  });
});
