// Small enhancements of the agent workspace; every page works without them.
(function () {
  "use strict";

  function setUpComposer(form) {
    var card = form.closest(".composer");
    var sendAs = form.querySelector("[data-send-as]");
    var body = form.querySelector("textarea[name=body]");
    var submitting = false;

    function syncKind() {
      var checked = form.querySelector("input[name=kind]:checked");
      var isNote = checked && checked.value === "internal_note";
      if (card) card.classList.toggle("is-note", isNote);
      // A note never changes the status: it has no "Send as <status>".
      if (sendAs) {
        sendAs.hidden = isNote;
        sendAs.open = false;
      }
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") syncKind();
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    if (body) {
      body.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
    }
    // An unsent draft is not lost by a stray click on another ticket.
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && body && body.value.trim() && body.value !== body.defaultValue) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    syncKind();
  }

  // The top bar's menus close like any menu: on a click elsewhere, or Escape.
  function closeMenus(except) {
    // The composer's "Send as" menu closes the same way.
    document.querySelectorAll("details.navmenu[open], details.send-as[open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.navmenu, details.send-as") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });

  // Bars carry their length as data-fill (a percentage): the Content-Security-Policy refuses style
  // attributes in markup, but not a script's.
  function fillBars(root) {
    root.querySelectorAll(".bar-fill[data-fill]").forEach(function (bar) {
      var percent = parseInt(bar.getAttribute("data-fill"), 10);
      bar.style.inlineSize = (isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent))) + "%";
    });
  }
  // Polling parts (data-poll-when-visible) skip their turn while the tab is hidden, and refresh when it
  // shows again ("visible-again"). htmx could test this in a trigger filter, but those filters are
  // evaluated code, which the Content-Security-Policy refuses.
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.hasAttribute("data-poll-when-visible") && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") document.dispatchEvent(new Event("visible-again"));
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.detail && event.detail.elt && event.detail.elt.querySelectorAll) fillBars(event.detail.elt);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-composer]").forEach(setUpComposer);
    fillBars(document);
  });
})();
