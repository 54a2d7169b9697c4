// Starts Pagefind's search box on the search page. Pagefind picks the index that matches
// <html lang>, so Dutch pages search the Dutch index and English pages the English one.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, resetStyles: false });
  const input = box.querySelector("input");
  if (input) input.setAttribute("placeholder", box.dataset.placeholder || "");
});
