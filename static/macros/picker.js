/*
 * The macro picker (docs/macros.md), in a ticket's composer and in each chat of the console.
 * Every element with data-macro-slot becomes a picker for the textarea named by its data-target, for
 * the ticket named by its own (or the closest) data-ticket. Picking a macro asks the server to render it
 * for that ticket (placeholders, language) and inserts the text where the cursor is; the agent edits and
 * sends as usual. A macro with actions shows them: in the ticket's composer with a ticked box, and they
 * run when the reply is sent, in its transaction; in the chat console with an "Apply actions" button. Alt+M opens the picker
 * of the composer that has the focus (else the first one). Text is inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var configEl = document.getElementById("macro-picker-config");
  if (!configEl) return;
  var config = JSON.parse(configEl.textContent);
  var s = config.strings;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function url(template, ticket, macro) {
    var out = template.replace(config.ticket_placeholder, encodeURIComponent(ticket));
    return macro === undefined ? out : out.replace("/0/", "/" + encodeURIComponent(macro) + "/");
  }

  function call(method, address) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method !== "GET") options.headers["X-CSRFToken"] = csrfToken();
    return fetch(address, options).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error((body && body.message) || s.error);
        return body;
      });
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function ticketOf(slot) {
    if (slot.dataset.ticket) return slot.dataset.ticket;
    var holder = slot.closest("[data-ticket]");
    return holder ? holder.getAttribute("data-ticket") : "";
  }

  function insert(textarea, text) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    if (typeof start !== "number" || document.activeElement !== textarea) {
      start = end = value.length;
      if (value && !/\s$/.test(value)) text = " " + text;
    }
    textarea.value = value.slice(0, start) + text + value.slice(end);
    var caret = start + text.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    // The chat console counts typing and the composer keeps drafts from this event.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setUp(slot) {
    if (slot.dataset.macroReady) return;
    slot.dataset.macroReady = "1";
    var textarea = document.getElementById(slot.dataset.target);
    var selectId = (slot.dataset.target || "composer") + "-macro";
    var select = el("select", { id: selectId, "data-macro-select": "", "aria-keyshortcuts": "Alt+M" });
    select.appendChild(el("option", { value: "" }, s.pick));
    var note = el("div", { class: "macro-note", "aria-live": "polite" });
    note.hidden = true;
    slot.appendChild(el("label", { for: selectId, class: "visually-hidden" }, s.label));
    slot.appendChild(select);
    slot.appendChild(el("a", { href: config.manage_url, class: "macro-manage small" }, s.manage));
    slot.appendChild(note);
    var loadedFor = null;
    var loadedAt = 0;

    function load() {
      var ticket = ticketOf(slot);
      // A macro saved meanwhile shows up a minute later at most, without a request per focus.
      if (!ticket || (loadedFor === ticket && Date.now() - loadedAt < 60000)) return Promise.resolve();
      loadedFor = ticket;
      loadedAt = Date.now();
      return call("GET", url(config.list_url, ticket)).then(
        function (rows) {
          while (select.options.length > 1) select.remove(1);
          var groups = {};
          rows.forEach(function (row) {
            var scope = row.scope === "personal" ? "personal" : "shared";
            if (!groups[scope]) {
              groups[scope] = el("optgroup", { label: s[scope] });
              select.appendChild(groups[scope]);
            }
            groups[scope].appendChild(el("option", { value: String(row.id) }, row.title));
          });
          if (!rows.length) select.appendChild(el("option", { value: "", disabled: "" }, s.none));
        },
        function () {
          loadedFor = null;
        }
      );
    }

    function showNote(rendered, ticket) {
      note.textContent = "";
      var form = slot.closest("form");
      var previous = form && form.querySelector("input[name=macro]");
      if (previous) previous.value = "";
      var lines = [];
      if (rendered.missing.length) {
        note.appendChild(el("p", { class: "macro-missing" }, s.missing + " " + rendered.missing.map(function (m) {
          return m.label;
        }).join(", ")));
        lines.push(1);
      }
      if (rendered.action_lines.length) {
        var box = el("div", { class: "macro-actions" });
        box.appendChild(el("p", {}, s.actions));
        var list = el("ul");
        rendered.action_lines.forEach(function (line) {
          list.appendChild(el("li", {}, line));
        });
        box.appendChild(list);
        // In a composer that posts a form, the actions run with the send, in its transaction: a ticked box
        // names the macro in the form's hidden "macro" field.
        var carried = slot.closest("form") && slot.closest("form").querySelector("input[name=macro]");
        if (carried) {
          var tick = el("input", { type: "checkbox", "data-macro-on-send": "", checked: "" });
          var tickLabel = el("label", { class: "macro-on-send" });
          tickLabel.appendChild(tick);
          tickLabel.appendChild(document.createTextNode(" " + s.on_send));
          carried.value = String(rendered.macro);
          tick.addEventListener("change", function () {
            carried.value = tick.checked ? String(rendered.macro) : "";
          });
          box.appendChild(tickLabel);
          note.appendChild(box);
          note.hidden = false;
          return;
        }
        var apply = el("button", { type: "button", class: "primary", "data-macro-apply": "" }, s.apply);
        var skip = el("button", { type: "button", class: "link" }, s.dismiss);
        apply.addEventListener("click", function () {
          apply.disabled = true;
          call("POST", url(config.apply_url, ticket, rendered.macro)).then(
            function () {
              box.textContent = "";
              box.appendChild(el("p", { class: "macro-applied", role: "status" }, s.applied));
              // No reload: the reply being written stays; the ticket page shows the changes once sent.
            },
            function (error) {
              apply.disabled = false;
              box.appendChild(el("p", { class: "errors", role: "alert" }, error.message));
            }
          );
        });
        skip.addEventListener("click", function () {
          note.hidden = true;
          note.textContent = "";
        });
        box.appendChild(apply);
        box.appendChild(skip);
        note.appendChild(box);
        lines.push(1);
      }
      note.hidden = !lines.length;
    }

    // Listed up front (one request per composer), and again on focus if the slot's ticket changed.
    window.setTimeout(load, 0);
    select.addEventListener("focus", load);
    select.addEventListener("mousedown", load);
    select.addEventListener("change", function () {
      var macro = select.value;
      if (!macro) return;
      select.value = "";
      var ticket = ticketOf(slot);
      call("POST", url(config.render_url, ticket, macro)).then(
        function (rendered) {
          if (textarea) insert(textarea, rendered.text);
          showNote(rendered, ticket);
        },
        function (error) {
          note.hidden = false;
          note.textContent = "";
          note.appendChild(el("p", { class: "errors", role: "alert" }, error.message));
        }
      );
    });
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("[data-macro-slot]").forEach(setUp);
  }

  function open() {
    var slots = Array.prototype.slice.call(document.querySelectorAll("[data-macro-slot]"));
    if (!slots.length) return;
    var active = document.activeElement;
    var here = slots.filter(function (slot) {
      var scope = slot.closest("form, article, section") || slot.parentNode;
      return active && scope.contains(active);
    });
    var select = (here[0] || slots[0]).querySelector("[data-macro-select]");
    if (!select) return;
    select.focus();
    if (typeof select.showPicker === "function") {
      try {
        select.showPicker();
      } catch (e) {
        /* showPicker needs a user gesture in some browsers: the focus is enough */
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "m" || event.key === "M" || event.code === "KeyM")) {
      event.preventDefault();
      open();
    }
  });

  function start() {
    setUpAll(document);
    // The chat console adds a column (and its slot) for every chat it opens.
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches("[data-macro-slot]")) setUp(node);
          setUpAll(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
