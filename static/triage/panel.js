/*
 * "Insert reply" on the triage panel puts the reply at the cursor of the ticket's composer
 * ([data-composer] textarea[name=body]). The panel is swapped by htmx while a look-up runs and this
 * script comes with it, so the listener is installed once per page.
 */
(function () {
  "use strict";
  if (window.cryptodeskTriagePanel) return;
  window.cryptodeskTriagePanel = true;

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-triage-insert]");
    if (!button || !button.closest("[data-triage-panel]")) return;
    var textarea = document.querySelector("[data-composer] textarea[name=body]");
    if (!textarea) return;
    var text = button.getAttribute("data-triage-insert");
    var before = textarea.value.slice(0, textarea.selectionStart);
    var glue = before && !/\s$/.test(before) ? "\n" : "";
    textarea.focus();
    textarea.setRangeText(glue + text, textarea.selectionStart, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
