/* Handle time, measured: while an agent has a case's page, or a chat's column in the console, open,
 * visible and in use, tell the helpdesk every 30 seconds how many of those seconds they worked on it.
 *
 * A hidden tab (Page Visibility API) earns nothing, nor does a page nobody has touched (keyboard,
 * mouse, touch, scroll) for the idle time the helpdesk sets. The server credits each beat at most
 * its interval and joins beats less than two minutes apart into one span (docs/costs.md).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var url = script.getAttribute("data-beat-url");
  var pageTicket = script.getAttribute("data-ticket") || "";
  var interval = (parseInt(script.getAttribute("data-interval"), 10) || 30) * 1000;
  var idleMs = (parseInt(script.getAttribute("data-idle-minutes"), 10) || 5) * 60000;
  var TICK = 1000;
  var lastInput = Date.now();
  var worked = {}; // ticket id -> milliseconds worked since its last beat

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // The cases on screen: this page's, or the console's chat columns that are shown.
  function onScreen() {
    if (pageTicket) return [pageTicket];
    var ids = [];
    document.querySelectorAll(".chat-col[data-ticket]").forEach(function (column) {
      var id = column.getAttribute("data-ticket");
      if (id && column.offsetParent !== null && ids.indexOf(id) < 0) ids.push(id);
    });
    return ids;
  }

  function working() {
    return document.visibilityState === "visible" && Date.now() - lastInput < idleMs;
  }

  function beat(ticket, seconds) {
    var body = new URLSearchParams();
    body.set("ticket", ticket);
    body.set("seconds", String(seconds));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    }).catch(function () {
      /* a lost beat only loses its seconds */
    });
  }

  function flush() {
    Object.keys(worked).forEach(function (ticket) {
      var seconds = Math.round(worked[ticket] / 1000);
      delete worked[ticket];
      if (seconds > 0) beat(ticket, seconds);
    });
  }

  // A zero-second beat says "here again": it opens a span, or keeps the current one, crediting nothing.
  function hello() {
    if (working()) onScreen().forEach(function (ticket) { beat(ticket, 0); });
  }

  ["keydown", "mousedown", "mousemove", "touchstart", "wheel", "scroll", "focus"].forEach(function (name) {
    window.addEventListener(name, function () {
      var wasIdle = Date.now() - lastInput >= idleMs;
      lastInput = Date.now();
      if (wasIdle) hello();
    }, { passive: true, capture: true });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      lastInput = Date.now();
      hello();
    } else {
      flush(); // what was worked before the tab was hidden still counts
    }
  });
  window.addEventListener("pagehide", flush);

  setInterval(function () {
    if (!working()) return;
    onScreen().forEach(function (ticket) {
      worked[ticket] = (worked[ticket] || 0) + TICK;
    });
  }, TICK);
  setInterval(flush, interval);
  hello();
})();
