// Draws every chart on the page with vega-embed, then sets window.__chartsReady for the PDF printer.
window.__chartsReady = false;

// Once a chart is drawn, its table (always in the HTML, for screen readers and without JavaScript) is
// kept for them but hidden from view behind a "show as table" button.
function tableBehindButton(figure) {
  var button = figure && figure.querySelector("[data-chart-toggle]");
  var table = button && document.getElementById(button.dataset.chartToggle);
  if (!table) return;
  function show(open) {
    table.classList.toggle("visually-hidden", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? button.dataset.hide : button.dataset.show;
  }
  show(false);
  button.hidden = false;
  button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
}
document.addEventListener("DOMContentLoaded", function () {
  var nodes = document.querySelectorAll("[data-vega-spec]");
  var jobs = Array.prototype.map.call(nodes, function (node) {
    var spec = JSON.parse(document.getElementById(node.dataset.vegaSpec).textContent);
    // Axis labels never take more than 40 % of the chart's width, so a long Thai name cannot push
    // the chart past a phone's screen; the tooltip keeps the full text.
    var axis = ((spec.config = spec.config || {}).axis = spec.config.axis || {});
    axis.labelLimit = Math.min(axis.labelLimit || 260, Math.max(80, Math.floor(node.clientWidth * 0.4)));
    axis.titleLimit = Math.max(120, node.clientWidth - 40);
    if (node.clientWidth < 576) {
      // On a phone a legend is a single column under the chart rather than a row off the screen.
      var legend = (spec.config.legend = spec.config.legend || {});
      legend.columns = 1;
      legend.labelLimit = Math.max(120, node.clientWidth - 60);
    }
    // ast + the interpreter: no eval; defaultStyle false: no injected <style> (the CSP forbids both).
    // The tooltip's default <style> likewise; its look is in app.css (#vg-tooltip-element).
    var options = { actions: false, renderer: "svg", ast: true, expr: vega.expressionInterpreter, defaultStyle: false,
                    tooltip: { disableDefaultStyle: true } };
    return vegaEmbed(node, spec, options).then(function () {
      tableBehindButton(node.closest("figure"));
    }).catch(function (error) {
      node.textContent = "Chart could not be drawn: " + error;  // the table stays in view
    });
  });
  Promise.all(jobs).then(function () { window.__chartsReady = true; });
});
