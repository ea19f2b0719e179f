/*
 * Knowledge base panels for agents. On the ticket page the panel's results come from htmx; in the
 * chat console they come from the JSON endpoint (data-kb-json). "Insert link" and "Insert excerpt"
 * put text at the cursor of the reply box: the panel's data-kb-target textarea, or in the console
 * the composer of the chat the agent last typed in.
 */
(function () {
  "use strict";

  var lastComposer = null;

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (!(el && el.tagName === "TEXTAREA" && el.closest && el.closest(".chat-composer"))) return;
    lastComposer = el;
    var language = el.getAttribute("data-language");
    document.querySelectorAll("[data-kb-json] select[name=language]").forEach(function (select) {
      if (language && select.querySelector("option[value='" + language + "']")) select.value = language;
    });
  });

  function targetFor(panel) {
    var id = panel.getAttribute("data-kb-target");
    if (id) return document.getElementById(id);
    if (lastComposer && document.body.contains(lastComposer)) return lastComposer;
    return document.querySelector(".chat-composer textarea");
  }

  function insert(textarea, text) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var glue = before && !/\s$/.test(before) ? "\n" : "";
    textarea.focus();
    textarea.setRangeText(glue + text, textarea.selectionStart, textarea.selectionEnd, "end");
    // The console listens to input events (typing indicator, length checks).
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-insert]");
    if (!button) return;
    var panel = button.closest("[data-kb-panel]");
    var textarea = panel && targetFor(panel);
    if (!textarea) return;
    insert(textarea, button.getAttribute("data-kb-insert"));
  });

  // --- The console's panel, over JSON ----------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function render(panel, data) {
    var list = panel.querySelector(".kb-results");
    var labels = {};
    ["link", "excerpt", "more", "none", "fallback", "only", "hidden"].forEach(function (key) {
      labels[key] = panel.getAttribute("data-label-" + key) || key;
    });
    list.textContent = "";
    var ul = el("ul", { class: "kb-hits" });
    (data.results || []).forEach(function (hit) {
      var li = el("li", { class: "kb-hit" });
      li.appendChild(el("a", { href: hit.url, target: "_blank", rel: "noopener", class: "kb-title" }, hit.title));
      var meta = hit.language + (hit.fallback ? " · " + labels.fallback : "");
      if (hit.regions) meta += " · " + labels.only + " " + hit.regions;
      if (hit.hidden_in) meta += " · " + labels.hidden + " " + hit.hidden_in;
      li.appendChild(el("p", { class: "kb-meta small muted" }, meta));
      var actions = el("div", { class: "kb-actions" });
      actions.appendChild(
        el("button", { type: "button", class: "linklike", "data-kb-insert": hit.title + "\n" + hit.url }, labels.link)
      );
      actions.appendChild(
        el(
          "button",
          { type: "button", class: "linklike", "data-kb-insert": hit.snippet + "\n" + labels.more + " " + hit.url },
          labels.excerpt
        )
      );
      li.appendChild(actions);
      ul.appendChild(li);
    });
    if (!ul.children.length && data.query) ul.appendChild(el("li", { class: "muted small" }, labels.none));
    list.appendChild(ul);
  }

  function wireJsonPanel(panel) {
    var form = panel.querySelector("form");
    var timer = null;
    var seq = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      var mine = ++seq;
      fetch(panel.getAttribute("data-kb-json") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === seq) render(panel, data);
        })
        .catch(function () {});
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 350);
    });
  }

  function init() {
    document.querySelectorAll("[data-kb-panel][data-kb-json]").forEach(wireJsonPanel);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
