// The queue's bulk selection: ticked rows, "select all on this page", and the bar's action fields.
// The rows refresh themselves every 30 s (htmx); what was ticked stays ticked across a refresh.
(function () {
  "use strict";
  var ticked = new Set();

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[data-bulk-ticket]"));
  }

  function refresh() {
    var shown = boxes();
    var present = new Set(shown.map(function (box) { return box.value; }));
    ticked.forEach(function (id) { if (!present.has(id)) { ticked.delete(id); } });
    shown.forEach(function (box) { box.checked = ticked.has(box.value); });
    var all = document.querySelector("input[data-bulk-all]");
    if (all) { all.checked = shown.length > 0 && ticked.size === shown.length; }
    document.querySelectorAll("[data-bulk-count]").forEach(function (el) { el.textContent = String(ticked.size); });
  }

  function showParams() {
    var select = document.querySelector("select[data-bulk-action]");
    if (!select) { return; }
    document.querySelectorAll(".bulk-params[data-for]").forEach(function (group) {
      group.hidden = group.getAttribute("data-for").split(" ").indexOf(select.value) < 0;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[data-bulk-ticket]")) {
      if (target.checked) { ticked.add(target.value); } else { ticked.delete(target.value); }
      refresh();
    } else if (target.matches("input[data-bulk-all]")) {
      boxes().forEach(function (box) {
        if (target.checked) { ticked.add(box.value); } else { ticked.delete(box.value); }
      });
      refresh();
    } else if (target.matches("select[data-bulk-action]")) {
      showParams();
    }
  });

  document.addEventListener("htmx:afterSwap", function () { refresh(); showParams(); });
  document.addEventListener("DOMContentLoaded", function () { refresh(); showParams(); });
})();
