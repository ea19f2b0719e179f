// Who else is on this case, live (docs/collision.md): a bar over the composer lists the other agents
// with the ticket open, and whether they are typing a reply or writing a note. On the ticket page the
// bar is in the markup ([data-presence]); in the chat console each chat's column gets one for the chat's
// ticket. One socket per page watches them all. The pages work without it.
(function () {
  "use strict";

  // Keystrokes say "typing" at most this often; the server keeps it for 8 s (workspace/presence.py).
  var TYPING_EVERY_MS = 3000;
  var IDLE_AFTER_MS = 4000;

  // One socket for the page: `spots` maps a ticket id to the bar (and composer) showing it.
  function Presence(path, me, strings) {
    this.path = path;
    this.me = me;
    this.strings = strings;
    this.spots = {};
    this.socket = null;
    this.heartbeat = null;
    this.retry = 1000;
    this.connect();
  }

  Presence.prototype.send = function (frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  };

  Presence.prototype.connect = function () {
    var self = this;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    self.socket = new WebSocket(scheme + location.host + self.path);
    self.socket.addEventListener("open", function () {
      self.retry = 1000;
      Object.keys(self.spots).forEach(function (ticket) {
        self.send({ type: "watch", ticket: parseInt(ticket, 10) });
      });
    });
    self.socket.addEventListener("message", function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type !== "presence") return;
      var spot = self.spots[frame.ticket];
      if (spot) self.render(spot, frame.viewers);
      if (!self.heartbeat) {
        self.heartbeat = setInterval(function () {
          self.send({ type: "heartbeat" });
        }, (frame.heartbeat || 15) * 1000);
      }
    });
    self.socket.addEventListener("close", function (event) {
      clearInterval(self.heartbeat);
      self.heartbeat = null;
      Object.keys(self.spots).forEach(function (ticket) {
        self.spots[ticket].bar.hidden = true;
      });
      // Signed out or not allowed: no point in knocking again.
      if (event.code === 4401 || event.code === 4403) return;
      setTimeout(function () { self.connect(); }, self.retry);
      self.retry = Math.min(self.retry * 2, 30000);
    });
  };

  Presence.prototype.render = function (spot, viewers) {
    var strings = this.strings;
    var me = this.me;
    var lines = viewers
      .filter(function (viewer) { return viewer.user !== me; })
      .map(function (viewer) {
        var item = document.createElement("span");
        item.className = "presence-" + viewer.activity;
        item.setAttribute("data-user", String(viewer.user));
        item.textContent = (strings[viewer.activity] || strings.viewing).replace("__NAME__", viewer.name);
        return item;
      });
    spot.bar.replaceChildren.apply(spot.bar, lines);
    spot.bar.hidden = lines.length === 0;
  };

  // Show `ticket` in `bar`; keystrokes in `input` say "typing" (`kind()` tells a reply from a note).
  Presence.prototype.add = function (ticket, bar, input, kind) {
    var self = this;
    var spot = { bar: bar, typing: "viewing", sentAt: 0, idle: null };
    self.spots[ticket] = spot;
    self.send({ type: "watch", ticket: ticket });
    function say(activity) {
      spot.typing = activity;
      spot.sentAt = Date.now();
      self.send({ type: "typing", ticket: ticket, activity: activity });
    }
    spot.stop = function () {
      clearTimeout(spot.idle);
      if (spot.typing !== "viewing") say("viewing");
    };
    if (!input) return spot;
    input.addEventListener("input", function () {
      var now = kind();
      if (spot.typing !== now || Date.now() - spot.sentAt >= TYPING_EVERY_MS) say(now);
      clearTimeout(spot.idle);
      spot.idle = setTimeout(spot.stop, IDLE_AFTER_MS);
    });
    if (input.form) input.form.addEventListener("submit", spot.stop);
    return spot;
  };

  Presence.prototype.remove = function (ticket) {
    if (!this.spots[ticket]) return;
    delete this.spots[ticket];
    this.send({ type: "unwatch", ticket: ticket });
  };

  function stringsOf(node) {
    return {
      viewing: node.getAttribute("data-viewing"),
      reply: node.getAttribute("data-reply"),
      note: node.getAttribute("data-note"),
    };
  }

  function ticketPage(bar) {
    var form = bar.closest("form");
    var presence = new Presence(
      bar.getAttribute("data-socket"),
      parseInt(bar.getAttribute("data-me"), 10),
      stringsOf(bar)
    );
    presence.add(
      parseInt(bar.getAttribute("data-ticket"), 10),
      bar,
      form ? form.querySelector("textarea[name=body]") : null,
      function () {
        var checked = form.querySelector("input[name=kind]:checked");
        return checked && checked.value === "internal_note" ? "note" : "reply";
      }
    );
  }

  // The console's columns carry their ticket's reference (HD-000123) once the chat's welcome came.
  function chatConsole(root, spec) {
    var presence = new Presence(
      spec.getAttribute("data-socket"),
      parseInt(spec.getAttribute("data-me"), 10),
      stringsOf(spec)
    );
    var columns = new Map();
    function scan() {
      root.querySelectorAll(".chat-col[data-ticket]").forEach(function (column) {
        var ticket = parseInt(String(column.getAttribute("data-ticket")).split("-").pop(), 10);
        if (!ticket || columns.get(column) === ticket) return;
        if (columns.has(column)) presence.remove(columns.get(column));
        columns.set(column, ticket);
        var form = column.querySelector("form.chat-composer");
        var bar = column.querySelector(".presence-bar");
        if (!bar) {
          bar = document.createElement("p");
          bar.className = "presence-bar";
          bar.setAttribute("aria-live", "polite");
          bar.hidden = true;
          column.insertBefore(bar, form);
        }
        var input = form ? form.querySelector("textarea") : null;
        presence.add(ticket, bar, input, function () {
          var note = form.querySelector("input[type=checkbox][id$='-note']");
          return note && note.checked ? "note" : "reply";
        });
      });
      columns.forEach(function (ticket, column) {
        if (!document.body.contains(column)) {
          columns.delete(column);
          presence.remove(ticket);
        }
      });
    }
    new MutationObserver(scan).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-ticket"],
    });
    scan();
  }

  function ready() {
    document.querySelectorAll("[data-presence]").forEach(ticketPage);
    var root = document.getElementById("chat-console");
    var spec = document.getElementById("console-presence");
    if (root && spec) chatConsole(root, spec);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
