// Starts Pagefind's search box on the search page. Each language has its own bundle (/pagefind/,
// /en/pagefind/), made from that language's pages only; the page names it in data-bundle.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    // The index holds each page's full URL (/en/events/x/); without this Pagefind would put
    // the bundle's parent folder (/en/) in front of it a second time.
    baseUrl: "/",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
  });
  const input = box.querySelector("input");
  if (input) input.setAttribute("placeholder", box.dataset.placeholder || "");
});
