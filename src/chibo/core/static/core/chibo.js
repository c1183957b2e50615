// Chi bộ số — small behaviours for staff pages (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  // Tree browser: a toggle loads a unit's children once, then shows or hides them.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.toggle[data-children-url]");
    if (!button) return;
    var list = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") === "true";
    if (open) {
      list.hidden = true;
      button.textContent = "+";
      button.setAttribute("aria-expanded", "false");
      return;
    }
    button.textContent = "−";
    button.setAttribute("aria-expanded", "true");
    list.hidden = false;
    if (!list.dataset.loaded) {
      list.dataset.loaded = "1";
      htmx.ajax("GET", button.dataset.childrenUrl, { target: list, swap: "innerHTML" });
    }
  });
  // Selects that submit their form on change (language switcher).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
})();
