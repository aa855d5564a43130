// "Use this value": copy the system's value into the indicator's input (no inline script: CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-use-system-value]");
  if (!button) return;
  var input = document.getElementById(button.getAttribute("data-target"));
  if (!input) return;
  input.value = button.getAttribute("data-use-system-value");
  input.dispatchEvent(new Event("change", { bubbles: true }));
  // the breakdown by sex, when the system gives one: {input id: value}
  var parts = JSON.parse(button.getAttribute("data-use-system-breakdown") || "{}");
  Object.keys(parts).forEach(function (id) {
    var part = document.getElementById(id);
    if (!part || part.disabled) return;
    part.value = parts[id];
    part.dispatchEvent(new Event("change", { bubbles: true }));
  });
  input.focus();
});
