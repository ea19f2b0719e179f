// Keyboard shortcuts of the agent workspace (docs/workspace.md); templates/tickets/shortcuts.html lists
// them in the "?" sheet. Single keys never fire while the focus is in a field (typing "s" in a reply
// is typing), nor with Ctrl, Alt or Meta held (the browser's and Alt+M's); Ctrl+Enter sends from the
// composer (static/js/workspace.js). Every shortcut does what a click would: nothing here writes.
(function () {
  "use strict";

  var QUEUE_KEY = "cryptodesk.queue";
  var pendingG = 0;

  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  function focusField(selector) {
    var field = document.querySelector(selector);
    if (!field || field.disabled) return false;
    field.scrollIntoView({ block: "center" });
    field.focus();
    return true;
  }

  function compose(kind) {
    var radio = document.querySelector("form[data-composer] input[name=kind][value=" + kind + "]");
    if (radio && !radio.checked) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return focusField("form[data-composer] textarea[name=body]");
  }

  // The queue page remembers its order, so j/k on a ticket go to the next or previous one of it.
  function queueLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-results .subject-cell a[href]"));
  }

  function rememberQueue() {
    var links = queueLinks();
    if (!links.length) return;
    try {
      sessionStorage.setItem(
        QUEUE_KEY,
        JSON.stringify({ back: location.pathname + location.search, tickets: links.map(function (a) {
          return a.getAttribute("href");
        }) })
      );
    } catch (e) {
      /* storage refused (private mode): j/k on a ticket then do nothing */
    }
  }

  function stepInQueue(delta) {
    var links = queueLinks();
    if (links.length) {
      var at = links.indexOf(document.activeElement);
      var next = links[Math.max(0, Math.min(links.length - 1, at < 0 ? 0 : at + delta))];
      next.focus();
      next.closest("tr").scrollIntoView({ block: "nearest" });
      return true;
    }
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null");
    } catch (e) {
      saved = null;
    }
    if (!saved || !saved.tickets) return false;
    var here = saved.tickets.indexOf(location.pathname);
    if (here < 0) return false;
    var target = saved.tickets[here + delta];
    if (target) location.assign(target);
    return Boolean(target);
  }

  function openHelp() {
    var dialog = document.getElementById("shortcuts-help");
    if (!dialog || dialog.open) return false;
    dialog.showModal();
    return true;
  }

  var KEYS = {
    "?": openHelp,
    r: function () {
      return compose("agent_reply");
    },
    n: function () {
      return compose("internal_note");
    },
    s: function () {
      return focusField("form[data-properties] select[name=status]");
    },
    p: function () {
      return focusField("form[data-properties] select[name=priority]");
    },
    t: function () {
      return focusField("form[data-properties] input[name=tags]");
    },
    a: function () {
      var take = document.querySelector("form[data-shortcut-take]");
      if (!take) return false;
      take.requestSubmit();
      return true;
    },
    j: function () {
      return stepInQueue(1);
    },
    k: function () {
      return stepInQueue(-1);
    },
    o: function () {
      var link = queueLinks().indexOf(document.activeElement) >= 0 ? document.activeElement : queueLinks()[0];
      if (!link) return false;
      link.click();
      return true;
    },
    "/": function () {
      return focusField("#topsearch-q");
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target)) return;
    if (document.querySelector("dialog[open]")) return;
    var key = event.key;
    if (pendingG && Date.now() - pendingG < 1500) {
      pendingG = 0;
      if (key === "q") {
        event.preventDefault();
        var queues = document.querySelector("a[data-shortcut-queues]") || document.querySelector(".mainnav a");
        if (queues) location.assign(queues.getAttribute("href"));
      }
      return;
    }
    if (key === "g") {
      pendingG = Date.now();
      return;
    }
    var action = KEYS[key];
    if (action && action()) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", rememberQueue);
  // The queue refreshes its rows in place (htmx): its order is remembered again.
  document.addEventListener("htmx:afterSwap", rememberQueue);
})();
