// Survey pages. No inline scripts (CSP, decision 0064): behaviour hangs on data attributes.

// Skip logic (decision 0130): a question marked data-ask-if="<item code>" data-ask-values="2 3" is shown
// only while the deciding question on the same page has one of those values. Without this script the
// question stays visible with its hint, and the server ignores an answer that was not asked.
(function () {
  function chosen(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }
  function update(form) {
    form.querySelectorAll("[data-ask-if]").forEach(function (box) {
      var wanted = box.dataset.askValues.split(" ");
      var asked = wanted.indexOf(chosen(form, box.dataset.askIf)) !== -1;
      box.hidden = !asked;
      box.querySelectorAll("input, textarea, select").forEach(function (input) { input.disabled = !asked; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-ask-if]")) return;
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  });
})();

// Copy buttons: data-copy="<id of an input>" copies its value; the status is announced politely.
(function () {
  function say(button, text) {
    var status = document.getElementById(button.dataset.copyStatus);
    if (status) status.textContent = text;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.dataset.copy);
    if (!input) return;
    var done = function () { say(button, button.dataset.copiedText || "Copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select(); say(button, button.dataset.failedText || "");
      });
    } else {  // plain http in development: select the text, copy the old way
      input.select();
      try { if (document.execCommand("copy")) { done(); return; } } catch (e) { /* fall through */ }
      say(button, button.dataset.failedText || "");
    }
  });
})();
