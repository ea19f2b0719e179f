// Who else is on this case, live (docs/collision.md): the bar over the composer lists the other agents
// with the ticket open, and whether they are typing a reply or writing a note. The page works without it.
(function () {
  "use strict";

  // Keystrokes say "typing" at most this often; the server keeps it for 8 s (workspace/presence.py).
  var TYPING_EVERY_MS = 3000;
  var IDLE_AFTER_MS = 4000;

  function start(bar) {
    var ticket = parseInt(bar.getAttribute("data-ticket"), 10);
    var me = parseInt(bar.getAttribute("data-me"), 10);
    var form = bar.closest("form");
    var body = form ? form.querySelector("textarea[name=body]") : null;
    var socket = null;
    var heartbeat = null;
    var retry = 1000;
    var typing = "viewing";
    var sentAt = 0;
    var idle = null;

    function line(viewer) {
      var template = bar.getAttribute("data-" + viewer.activity) || bar.getAttribute("data-viewing");
      var item = document.createElement("span");
      item.className = "presence-" + viewer.activity;
      item.setAttribute("data-user", String(viewer.user));
      item.textContent = template.replace("__NAME__", viewer.name);
      return item;
    }

    function render(viewers) {
      var others = viewers.filter(function (viewer) { return viewer.user !== me; });
      bar.replaceChildren.apply(bar, others.map(line));
      bar.hidden = others.length === 0;
    }

    function send(frame) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    }

    function say(activity) {
      typing = activity;
      sentAt = Date.now();
      send({ type: "typing", ticket: ticket, activity: activity });
    }

    function kind() {
      var checked = form && form.querySelector("input[name=kind]:checked");
      return checked && checked.value === "internal_note" ? "note" : "reply";
    }

    function keyed() {
      var now = kind();
      if (typing !== now || Date.now() - sentAt >= TYPING_EVERY_MS) say(now);
      clearTimeout(idle);
      idle = setTimeout(function () { if (typing !== "viewing") say("viewing"); }, IDLE_AFTER_MS);
    }

    function connect() {
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + location.host + bar.getAttribute("data-socket"));
      socket.addEventListener("open", function () {
        retry = 1000;
        send({ type: "watch", ticket: ticket });
      });
      socket.addEventListener("message", function (event) {
        var frame = JSON.parse(event.data);
        if (frame.type !== "presence" || frame.ticket !== ticket) return;
        render(frame.viewers);
        if (!heartbeat) {
          heartbeat = setInterval(function () { send({ type: "heartbeat" }); }, (frame.heartbeat || 15) * 1000);
        }
      });
      socket.addEventListener("close", function (event) {
        clearInterval(heartbeat);
        heartbeat = null;
        bar.hidden = true;
        // Signed out or not allowed: no point in knocking again.
        if (event.code === 4401 || event.code === 4403) return;
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30000);
      });
    }

    if (body) {
      body.addEventListener("input", keyed);
      form.addEventListener("submit", function () { if (typing !== "viewing") say("viewing"); });
    }
    connect();
  }

  function ready() {
    document.querySelectorAll("[data-presence]").forEach(start);
    // "Review" keeps the draft and brings the first newer entry into view.
    document.querySelectorAll("[data-collision] [data-review]").forEach(function (link) {
      link.addEventListener("click", function () {
        var collision = link.closest("[data-collision]");
        if (collision) collision.classList.add("reviewed");
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
