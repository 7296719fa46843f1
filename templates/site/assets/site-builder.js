/* Material wraps wide tables in a box that scrolls sideways on small screens. Keyboard users
   must be able to reach that box to scroll it (WCAG 2.1.1), and screen readers should say what
   it holds, so each box becomes a focusable, named region. `document$` is Material's signal
   that a page is ready; its own components (the table boxes included) mount before ours. */
document$.subscribe(function () {
  var fallback = document.documentElement.lang === "nl" ? "Tabel" : "Table";
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    var caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : fallback);
  });
});
