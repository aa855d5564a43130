// Suggest the plan item that goes with the chosen activity type (the user may change it).
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.getElementById("id_kind"), item = document.getElementById("id_plan_item");
  if (!kind || !item) return;
  var map = {};
  kind.dataset.typeItems.split(",").forEach(function (pair) { var p = pair.split("="); map[p[0]] = p[1]; });
  kind.addEventListener("change", function () {
    var code = map[kind.value];
    Array.prototype.forEach.call(item.options, function (o) { if (code && o.text.indexOf(code + " ") === 0) item.value = o.value; });
  });
});
