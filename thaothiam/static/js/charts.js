// Draws every chart on the page with vega-embed, then sets window.__chartsReady for the PDF printer.
window.__chartsReady = false;
document.addEventListener("DOMContentLoaded", function () {
  var nodes = document.querySelectorAll("[data-vega-spec]");
  var jobs = Array.prototype.map.call(nodes, function (node) {
    var spec = JSON.parse(document.getElementById(node.dataset.vegaSpec).textContent);
    // ast + the interpreter: no eval; defaultStyle false: no injected <style> (the CSP forbids both).
    // The tooltip's default <style> likewise; its look is in app.css (#vg-tooltip-element).
    var options = { actions: false, renderer: "svg", ast: true, expr: vega.expressionInterpreter, defaultStyle: false,
                    tooltip: { disableDefaultStyle: true } };
    return vegaEmbed(node, spec, options).catch(function (error) {
      node.textContent = "Chart could not be drawn: " + error;
    });
  });
  Promise.all(jobs).then(function () { window.__chartsReady = true; });
});
