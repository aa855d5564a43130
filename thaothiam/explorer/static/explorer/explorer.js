// The explorer's filters: each multi-select marked data-searchable becomes a Tom Select box, so one of
// 75 agencies is found by typing part of its name. No inline script (CSP); without JavaScript, or if
// Tom Select failed to load, the native multi-selects still work.
(function () {
  "use strict";
  function init() {
    if (typeof window.TomSelect !== "function") {
      return;
    }
    document.querySelectorAll("select[multiple][data-searchable]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      new window.TomSelect(select, {
        plugins: ["remove_button"],
        maxOptions: null,
        hidePlaceholder: true,
        placeholder: select.dataset.placeholder || "",
        render: {
          no_results: function () {
            return '<div class="no-results">' + (select.dataset.noResults || "—") + "</div>";
          },
        },
      });
    });
    document.documentElement.dataset.searchableReady = "true";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
