// Cổng thông tin: font-size controls, print button, view-count beacon. No inline scripts (CSP).
(function () {
  "use strict";
  var KEY = "chibo-portal-font";
  var STEPS = [0.9, 1, 1.12, 1.25, 1.4];

  function applyFont(step) {
    var scale = STEPS[step] || 1;
    document.querySelectorAll(".article").forEach(function (el) {
      el.style.setProperty("--article-scale", scale);
    });
  }

  function currentStep() {
    var saved = parseInt(window.localStorage && localStorage.getItem(KEY), 10);
    return isNaN(saved) ? 1 : Math.max(0, Math.min(STEPS.length - 1, saved));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var step = currentStep();
    applyFont(step);
    document.querySelectorAll("[data-font]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-font");
        step = action === "up" ? Math.min(STEPS.length - 1, step + 1)
          : action === "down" ? Math.max(0, step - 1) : 1;
        try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode */ }
        applyFont(step);
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var article = document.querySelector("[data-beacon-url]");
    if (article && window.fetch) {
      var url = article.getAttribute("data-beacon-url");
      var seen = "chibo-seen:" + url;
      try { if (sessionStorage.getItem(seen)) { return; } sessionStorage.setItem(seen, "1"); } catch (e) { /* ignore */ }
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          document.querySelectorAll("[data-view-count]").forEach(function (el) {
            el.textContent = Number(data.views).toLocaleString("vi-VN");
          });
        })
        .catch(function () { /* counting is best effort for the reader */ });
    }
  });
})();
