// The request form shows the evidence checklist and parameters of the chosen action only. Without
// this script every action's set stays visible, each under its own heading, and only the chosen
// action's boxes are read by the server.
(function () {
  "use strict";

  function sync(form) {
    var select = form.querySelector("select[name='action']");
    if (!select) return;
    form.querySelectorAll("[data-for-action]").forEach(function (set) {
      set.hidden = set.getAttribute("data-for-action") !== select.value;
    });
  }

  function wire(root) {
    root.querySelectorAll("form[data-approval-form]").forEach(function (form) {
      if (form.dataset.wired) return;
      form.dataset.wired = "1";
      var select = form.querySelector("select[name='action']");
      if (select) select.addEventListener("change", function () { sync(form); });
      sync(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
})();
