// Behaviour every page shares. No inline scripts or style attributes anywhere: the
// Content-Security-Policy forbids them (docs/decisions/0064-content-security-policy.md).

// Progress bars carry their width as data-width (a percentage); setting it through the DOM is allowed
// where a style="width: …" attribute would be refused. Also for fragments htmx swaps in.
(function () {
  function applyWidths(root) {
    var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-width]"));
    if (root.matches && root.matches("[data-width]")) nodes.push(root);
    nodes.forEach(function (node) { node.style.width = Math.max(0, Math.min(100, Number(node.dataset.width) || 0)) + "%"; });
  }
  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  document.addEventListener("htmx:load", function (event) { applyWidths(event.detail.elt); });
})();

// The error summary at the top of a form (GOV.UK pattern): focused on load so a screen reader reads it
// first; its links move focus to the field they name.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus();
});
