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

// Chart labels (surveys/charts.py): a spec with usermeta.wrapLabels has whole questions as its
// categories; wrap them into lines at word boundaries (Intl.Segmenter knows where Thai words end) so the
// axis (labelExpr split on "\n") draws them in full. Runs before charts.js draws (listeners run in order).
(function () {
  var MARKS = /\p{M}/gu;
  function words(text) {
    if (window.Intl && Intl.Segmenter) {
      var lang = document.documentElement.lang || "th";
      return Array.from(new Intl.Segmenter(lang, { granularity: "word" }).segment(text), function (s) { return s.segment; });
    }
    return text.split(/(\s+)/);
  }
  function wrap(text, width) {
    var lines = [], line = "";
    words(text).forEach(function (word) {
      var next = line + word;
      if (line.trim() && next.trim().replace(MARKS, "").length > width) {
        lines.push(line.trim());
        line = word.replace(/^\s+/, "");
      } else {
        line = next;
      }
    });
    if (line.trim()) lines.push(line.trim());
    return lines.join("\n");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-vega-spec]").forEach(function (node) {
      var holder = document.getElementById(node.dataset.vegaSpec);
      if (!holder) return;
      var spec = JSON.parse(holder.textContent);
      var rule = spec.usermeta && spec.usermeta.wrapLabels;
      if (!rule) return;
      spec.data.values.forEach(function (row) { row[rule.field] = wrap(String(row[rule.field]), rule.width); });
      holder.textContent = JSON.stringify(spec);
    });
  });
})();
