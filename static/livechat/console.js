/*
 * The agent console: offers, waiting chats and the agent's chats side by side, over the agent
 * websocket of docs/livechat-protocol.md. The page (templates/livechat/console.html) renders the
 * frame, the translated strings and the agent's open chats; this script keeps them live. Everything
 * a customer or agent typed is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var ACK_TIMEOUT_MS = 10000;
  var MAX_BODY_CHARS = 4000;

  function readJson(id, fallback) {
    var el = document.getElementById(id);
    if (!el) return fallback;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return fallback;
    }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function h(tag, props, children) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") el.textContent = value;
        else if (key === "class") el.className = value;
        else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? "" : value);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function nameOf(who) {
    if (!who) return "";
    if (typeof who === "string") return who;
    return String(who.name || who.display_name || who.username || "");
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function start(root) {
    var S = readJson("console-strings", {});
    var teams = readJson("console-teams", []);
    var initial = readJson("console-chats", []);
    var labels = readJson("console-labels", {});
    var me = { id: String(root.dataset.meId || ""), name: root.dataset.meName || "", username: root.dataset.meUsername || "" };
    var capacity = parseInt(root.dataset.capacity || "3", 10) || 3;
    var contextUrl = root.dataset.contextUrl || "";
    var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + root.dataset.ws;
    var columns = root.querySelector("[data-columns]");
    var emptyNote = root.querySelector("[data-empty]");
    var offersList = root.querySelector("[data-offers]");
    var connLine = root.querySelector("[data-conn]");
    var capacityLine = root.querySelector("[data-capacity-line]");
    var soundToggle = root.querySelector("[data-sound]");
    var errorLine = root.querySelector("[data-error]");

    function s(key, vars) {
      var text = S[key] || key;
      if (vars) {
        text = text.replace(/%\((\w+)\)s/g, function (match, name) {
          return name in vars ? String(vars[name]) : match;
        });
      }
      return text;
    }

    function isMe(agent) {
      if (!agent) return false;
      if (typeof agent === "object") {
        if (agent.id !== undefined && String(agent.id) === me.id) return true;
        if (agent.username && agent.username === me.username) return true;
        return nameOf(agent) === me.name;
      }
      return String(agent) === me.name || String(agent) === me.username || String(agent) === me.id;
    }

    // --- Notifications: a short beep and the page title ------------------------------------------
    var audio = null;
    var baseTitle = document.title;
    var unseen = 0;
    var unseenKind = "message";
    try {
      soundToggle.checked = localStorage.getItem("cryptodesk-console-sound") !== "off";
    } catch (e) {
      soundToggle.checked = true;
    }
    soundToggle.addEventListener("change", function () {
      try {
        localStorage.setItem("cryptodesk-console-sound", soundToggle.checked ? "on" : "off");
      } catch (e) {
        /* not remembered; the choice still holds for this page */
      }
    });
    // Browsers allow sound only after a gesture; the first click or key in the console unlocks it.
    function unlockAudio() {
      if (audio) return;
      var Context = window.AudioContext || window.webkitAudioContext;
      if (Context) audio = new Context();
    }
    document.addEventListener("pointerdown", unlockAudio, { once: true });
    document.addEventListener("keydown", unlockAudio, { once: true });

    function beep(high) {
      if (!soundToggle.checked || !audio) return;
      try {
        if (audio.state === "suspended") audio.resume();
        var now = audio.currentTime;
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.type = "sine";
        osc.frequency.value = high ? 880 : 660;
        gain.gain.setValueAtTime(0.0001, now);
        gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(now);
        osc.stop(now + 0.32);
      } catch (e) {
        /* no audio device: the title still says it */
      }
    }

    function attentionAway() {
      return document.visibilityState !== "visible" || !document.hasFocus();
    }

    function notify(kind) {
      beep(kind === "chat");
      if (!attentionAway()) return;
      unseen += 1;
      if (kind === "chat") unseenKind = "chat";
      document.title = "(" + unseen + ") " + (unseenKind === "chat" ? s("title_chat") : s("title_message"));
    }

    function clearTitle() {
      if (attentionAway()) return;
      unseen = 0;
      unseenKind = "message";
      document.title = baseTitle;
    }
    window.addEventListener("focus", clearTitle);
    document.addEventListener("visibilitychange", function () {
      clearTitle();
      if (document.visibilityState === "visible") {
        Object.keys(chats).forEach(function (id) {
          markRead(chats[id]);
        });
        if (!ws) reconnectNow();
      }
    });

    // --- Chats (columns) ----------------------------------------------------------------------------
    var chats = {};

    function activeCount() {
      return Object.keys(chats).filter(function (id) {
        return !chats[id].closed;
      }).length;
    }

    function updateCapacity() {
      var used = activeCount();
      capacityLine.textContent = s("capacity", { used: used, capacity: capacity });
      var full = used >= capacity;
      root.classList.toggle("at-capacity", full);
      root.querySelectorAll("[data-accept]").forEach(function (button) {
        button.disabled = full && !chats[button.getAttribute("data-accept")];
      });
      emptyNote.hidden = Object.keys(chats).length > 0;
    }

    function openChat(info, opts) {
      var id = String(info.conversation);
      if (chats[id]) {
        updateHeader(chats[id], info);
        return chats[id];
      }
      var chat = {
        id: id,
        lastSeq: 0,
        readSent: 0,
        readBy: 0,
        seen: {},
        pending: [],
        sentOn: {},
        ready: false,
        closed: false,
        info: info,
        language: info.language || "en",
        typingActive: false,
        firstLoad: true,
        historyUntil: 0,
      };
      chats[id] = chat;
      buildColumn(chat);
      updateHeader(chat, info);
      columns.appendChild(chat.el);
      if (window.htmx) window.htmx.process(chat.el);
      // `accept` already watches the chat on this connection; anything else subscribes.
      if (!(opts && opts.watching)) subscribe(chat);
      updateCapacity();
      if (opts && opts.focus) chat.input.focus();
      return chat;
    }

    function buildColumn(chat) {
      var id = chat.id;
      var titleId = "chat-" + id + "-title";
      chat.title = h("h2", { id: titleId, class: "chat-title" });
      chat.badges = h("p", { class: "chat-badges" });
      chat.statusEl = h("span", { class: "chat-status" });
      chat.closeButton = h("button", {
        type: "button",
        class: "linklike chat-close",
        hidden: true,
        text: s("close_column"),
        onclick: function () {
          closeColumn(chat);
        },
      });
      var context = h("details", { class: "chat-context", open: true }, [
        h("summary", { text: s("customer") }),
        h("div", {
          class: "chat-context-body",
          "hx-get": contextUrl.replace("/0/", "/" + encodeURIComponent(id) + "/"),
          "hx-trigger": "load",
          "hx-swap": "innerHTML",
          text: s("loading"),
        }),
      ]);
      chat.log = h("ol", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": s("messages") });
      chat.typingEl = h("p", { class: "chat-typing", "aria-live": "polite" });
      chat.warning = h("p", { class: "chat-warning", role: "alert", hidden: true });

      var inputId = "chat-" + id + "-input";
      chat.input = h("textarea", { id: inputId, rows: "3", maxlength: String(MAX_BODY_CHARS) });
      // The knowledge base panel searches in the language of the chat being answered.
      chat.input.setAttribute("data-language", chat.language);
      chat.noteToggle = h("input", { type: "checkbox", id: "chat-" + id + "-note" });
      // The macro picker (static/macros/picker.js) fills this slot; it reads the chat's ticket from the
      // column's data-ticket when the agent opens it.
      chat.macroSlot = h("div", { class: "macro-slot", "data-macro-slot": "", "data-target": inputId });
      chat.composerError = h("p", { class: "errors", role: "alert", hidden: true });
      chat.form = h("form", { class: "chat-composer" }, [
        h("div", { class: "chat-composer-head" }, [
          h("label", { class: "check" }, [chat.noteToggle, " " + s("internal_note")]),
          chat.macroSlot,
        ]),
        h("label", { for: inputId, class: "visually-hidden", text: s("message") }),
        chat.input,
        h("p", { class: "note-hint", text: s("note_hint") }),
        chat.composerError,
        h("div", { class: "chat-composer-foot" }, [
          h("span", { class: "muted small", text: s("send_hint") }),
          h("button", { type: "submit", class: "primary", text: s("send") }),
        ]),
      ]);
      chat.noteToggle.addEventListener("change", function () {
        chat.form.classList.toggle("is-note", chat.noteToggle.checked);
        if (chat.noteToggle.checked) setTyping(chat, false);
      });
      chat.input.addEventListener("input", function () {
        onInput(chat);
      });
      chat.input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          submit(chat);
        }
      });
      chat.form.addEventListener("submit", function (event) {
        event.preventDefault();
        submit(chat);
      });

      var teamSelect = h("select", { id: "chat-" + id + "-team", required: true }, [h("option", { value: "", text: "—" })]);
      teams.forEach(function (team) {
        teamSelect.appendChild(h("option", { value: String(team.id), text: team.name }));
      });
      var transferNote = h("textarea", { id: "chat-" + id + "-transfer-note", rows: "2", maxlength: "2000" });
      var transferForm = h("form", { class: "stacked chat-transfer" }, [
        h("label", { for: "chat-" + id + "-team", text: s("transfer_team") }),
        teamSelect,
        h("label", { for: "chat-" + id + "-transfer-note", text: s("transfer_note") }),
        transferNote,
        h("button", { type: "submit", text: s("transfer_do") }),
      ]);
      transferForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!teamSelect.value) return;
        var team = /^\d+$/.test(teamSelect.value) ? parseInt(teamSelect.value, 10) : teamSelect.value;
        if (send({ type: "transfer", conversation: wireId(chat), team: team, note: transferNote.value.trim() })) {
          chat.transferDetails.open = false;
          transferNote.value = "";
        }
      });
      chat.transferDetails = h("details", { class: "chat-transfer-box" }, [h("summary", { text: s("transfer") }), transferForm]);
      chat.endButton = h("button", {
        type: "button",
        class: "chat-end",
        text: s("end"),
        onclick: function () {
          if (window.confirm(s("end_confirm"))) send({ type: "end", conversation: wireId(chat) });
        },
      });
      chat.actions = h("div", { class: "chat-actions" }, [chat.transferDetails, chat.endButton]);

      chat.el = h(
        "article",
        { class: "chat-col card", "data-conversation": id, "aria-labelledby": titleId },
        [
          h("header", { class: "chat-head" }, [h("div", {}, [chat.title, chat.badges]), chat.statusEl, chat.closeButton]),
          context,
          chat.log,
          chat.typingEl,
          chat.warning,
          chat.form,
          chat.actions,
        ]
      );
      chat.el.addEventListener("focusin", function () {
        chat.el.classList.remove("has-unread");
        markRead(chat);
      });
    }

    function vipLabel(code) {
      return (labels.vip || {})[code] || code;
    }

    function topicLabel(code) {
      return (labels.topic || {})[code] || code;
    }

    function wireId(chat) {
      return /^\d+$/.test(chat.id) ? parseInt(chat.id, 10) : chat.id;
    }

    function updateHeader(chat, info) {
      chat.info = Object.assign({}, chat.info, info);
      var i = chat.info;
      chat.title.textContent = nameOf(i.customer) || s("visitor");
      // The triage section (at the end of this file) reads the chat's ticket from here.
      if (i.ticket) chat.el.setAttribute("data-ticket", String(i.ticket));
      chat.badges.textContent = "";
      if (i.vip_level && i.vip_level !== "standard") {
        chat.badges.appendChild(h("span", { class: "badge vip", text: vipLabel(i.vip_level) }));
      }
      if (i.verified === false) chat.badges.appendChild(h("span", { class: "badge warn", text: s("unverified") }));
      if (i.topic) chat.badges.appendChild(h("span", { class: "badge", text: topicLabel(i.topic) }));
      if (i.language) {
        chat.badges.appendChild(h("span", { class: "badge", text: i.language }));
        chat.language = i.language;
      }
    }

    function setStatus(chat, status, agent) {
      chat.status = status;
      var text = s("status_" + status);
      if (status === "active" && agent && !isMe(agent)) text = s("taken_by", { name: nameOf(agent) });
      chat.statusEl.textContent = text;
      chat.statusEl.className = "chat-status chat-status-" + status;
      var mineActive = status === "active" && (!agent || isMe(agent));
      var over = status === "ended" || (status === "active" && agent && !isMe(agent)) || status === "waiting" || status === "offered";
      // A chat that ended or went to someone else stays readable but takes no more replies.
      chat.closed = over && !mineActive;
      chat.el.classList.toggle("is-closed", chat.closed);
      chat.form.hidden = chat.closed;
      chat.actions.hidden = chat.closed;
      chat.closeButton.hidden = !chat.closed;
      if (chat.closed) {
        setTyping(chat, false);
        showTyping(chat, null, false);
      }
      updateCapacity();
    }

    function closeColumn(chat) {
      send({ type: "unsubscribe", conversation: wireId(chat) });
      chat.el.remove();
      delete chats[chat.id];
      updateCapacity();
      var next = columns.querySelector("textarea, button");
      if (next) next.focus();
      else offersList.focus();
    }

    // --- Messages ---------------------------------------------------------------------------------
    function authorOf(m) {
      if (m.kind === "customer") return nameOf(m.author) || nameOf(chatFor(m.conversation) && chatFor(m.conversation).info.customer) || s("visitor");
      if (m.kind === "system") return "";
      return nameOf(m.author) || me.name;
    }

    function messageEl(m) {
      var li = h("li", { class: "chat-msg chat-msg-" + m.kind });
      if (m.seq) li.setAttribute("data-seq", String(m.seq));
      if (m.client_id) li.setAttribute("data-client", m.client_id);
      if (m.kind === "system") {
        li.appendChild(h("p", { class: "chat-body", text: m.body || "" }));
        return li;
      }
      var time = "";
      if (m.created_at) {
        try {
          // 24-hour, like every time on the workspace's pages (helpdesk/dates.py).
          time = new Date(m.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
        } catch (e) {
          time = "";
        }
      }
      li.appendChild(
        h("p", { class: "chat-meta" }, [
          h("strong", { text: authorOf(m) }),
          m.kind === "note" ? h("span", { class: "chat-kind", text: s("note") }) : null,
          h("time", { datetime: m.created_at || "", text: time }),
        ])
      );
      if (m.body) li.appendChild(h("p", { class: "chat-body", text: m.body }));
      var files = (m.attachments || []).filter(Boolean);
      if (files.length) {
        var list = h("ul", { class: "attachments" });
        files.forEach(function (file) {
          var label = file.filename || file.name || s("attachment");
          var href = file.url ? safeUrl(file.url) : null;
          list.appendChild(h("li", {}, [href ? h("a", { href: href, target: "_blank", rel: "noopener", text: label }) : label]));
        });
        li.appendChild(list);
      }
      if (m.kind === "agent" || m.kind === "note") li.appendChild(h("p", { class: "chat-receipt muted small" }));
      return li;
    }

    function insertBySeq(chat, li, seq) {
      var children = chat.log.children;
      for (var i = 0; i < children.length; i++) {
        var other = children[i].getAttribute("data-seq");
        if (!other || parseInt(other, 10) > seq) {
          chat.log.insertBefore(li, children[i]);
          return;
        }
      }
      chat.log.appendChild(li);
    }

    function findByClient(chat, clientId) {
      if (!clientId) return null;
      var items = chat.log.querySelectorAll("li[data-client]");
      for (var i = 0; i < items.length; i++) if (items[i].getAttribute("data-client") === clientId) return items[i];
      return null;
    }

    function scrollToEnd(chat) {
      chat.log.scrollTop = chat.log.scrollHeight;
    }

    function onMessage(frame) {
      var chat = chatFor(frame.conversation);
      var seq = parseInt(frame.seq, 10);
      if (!chat || !seq || chat.seen[seq]) return;
      chat.seen[seq] = true;
      if (seq > chat.lastSeq) chat.lastSeq = seq;
      if (frame.client_id) dropPending(chat, frame.client_id);
      var existing = findByClient(chat, frame.client_id);
      if (existing) existing.remove();
      insertBySeq(chat, messageEl(frame), seq);
      if (frame.kind === "customer") {
        showTyping(chat, null, false);
        // History loaded with the page is not news; messages missed during an outage are.
        var news = seq > chat.historyUntil;
        if (news && (!chat.el.contains(document.activeElement) || attentionAway())) {
          chat.el.classList.add("has-unread");
          notify("message");
        }
      }
      updateReceipts(chat);
      scrollToEnd(chat);
      markRead(chat);
    }

    function onAck(frame) {
      var seq = parseInt(frame.seq, 10);
      Object.keys(chats).forEach(function (id) {
        var chat = chats[id];
        var item = chat.pending.filter(function (p) {
          return p.client_id === frame.client_id;
        })[0];
        if (!item || !seq) return;
        dropPending(chat, item.client_id);
        chat.seen[seq] = true;
        if (seq > chat.lastSeq) chat.lastSeq = seq;
        var li = findByClient(chat, item.client_id);
        if (li && !li.getAttribute("data-seq")) {
          li.setAttribute("data-seq", String(seq));
          li.classList.remove("is-pending");
          li.remove();
          insertBySeq(chat, li, seq);
        }
        updateReceipts(chat);
      });
    }

    function dropFailed(clientId) {
      // A message the server refused for good (the chat ended, it is no longer ours) is not resent.
      if (!clientId) return;
      Object.keys(chats).forEach(function (id) {
        var chat = chats[id];
        if (!chat.pending.some(function (p) { return p.client_id === clientId; })) return;
        dropPending(chat, clientId);
        var li = findByClient(chat, clientId);
        if (li) {
          li.classList.add("is-failed");
          var receipt = li.querySelector(".chat-receipt");
          if (receipt) receipt.textContent = s("not_sent");
        }
      });
    }

    function dropPending(chat, clientId) {
      chat.pending = chat.pending.filter(function (p) {
        return p.client_id !== clientId;
      });
      delete chat.sentOn[clientId];
    }

    function updateReceipts(chat) {
      var replies = chat.log.querySelectorAll("li.chat-msg-agent, li.chat-msg-note");
      var lastReply = null;
      Array.prototype.forEach.call(replies, function (li) {
        if (li.classList.contains("chat-msg-agent") && li.getAttribute("data-seq")) lastReply = li;
      });
      Array.prototype.forEach.call(replies, function (li) {
        var receipt = li.querySelector(".chat-receipt");
        if (!receipt || li.classList.contains("is-failed")) return;
        var seq = parseInt(li.getAttribute("data-seq") || "0", 10);
        var text = "";
        if (!seq) text = chat.ready ? s("sending") : s("queued");
        else if (li === lastReply && seq <= chat.readBy) text = s("read");
        receipt.textContent = text;
      });
    }

    function submit(chat) {
      var body = chat.input.value.trim();
      if (!body || chat.closed) return;
      var kind = chat.noteToggle.checked ? "note" : "agent";
      var item = { client_id: uuid(), body: body, kind: kind, created_at: new Date().toISOString() };
      chat.input.value = "";
      chat.composerError.hidden = true;
      setTyping(chat, false);
      chat.pending.push(item);
      var li = messageEl({ kind: kind, body: body, client_id: item.client_id, created_at: item.created_at, author: me.name });
      li.classList.add("is-pending");
      chat.log.appendChild(li);
      updateReceipts(chat);
      scrollToEnd(chat);
      flush(chat);
    }

    function flush(chat) {
      if (!chat.ready) return;
      var mine = connection;
      chat.pending
        .filter(function (p) {
          return chat.sentOn[p.client_id] !== mine;
        })
        .forEach(function (item, index) {
          setTimeout(function () {
            if (mine !== connection || !chat.ready || chat.sentOn[item.client_id] === mine) return;
            if (chat.pending.indexOf(item) < 0) return;
            var frame = {
              type: item.kind === "note" ? "note.send" : "message.send",
              conversation: wireId(chat),
              client_id: item.client_id,
              body: item.body,
            };
            if (send(frame)) chat.sentOn[item.client_id] = mine;
          }, index * 150);
        });
      updateReceipts(chat);
      watchAcks();
    }

    var ackTimer = null;
    function watchAcks() {
      clearTimeout(ackTimer);
      var waiting = Object.keys(chats).some(function (id) {
        return chats[id].pending.length;
      });
      if (!waiting) return;
      var mine = connection;
      ackTimer = setTimeout(function () {
        var still = Object.keys(chats).some(function (id) {
          return chats[id].pending.length;
        });
        // Sent and never acknowledged: the socket is half-open; a new one resends with the same ids.
        if (still && mine === connection && ws) reconnectNow();
      }, ACK_TIMEOUT_MS);
    }

    // --- Typing and read receipts -------------------------------------------------------------------
    function onInput(chat) {
      if (chat.noteToggle.checked) return;
      setTyping(chat, !!chat.input.value.trim());
    }

    function setTyping(chat, active) {
      clearTimeout(chat.typingTimer);
      if (active) {
        chat.typingTimer = setTimeout(function () {
          setTyping(chat, false);
        }, 4000);
      }
      if (active === chat.typingActive) return;
      chat.typingActive = active;
      send({ type: "typing", conversation: wireId(chat), active: active });
    }

    function showTyping(chat, frame, active) {
      if (!frame || frame.who === "customer") {
        clearTimeout(chat.customerTypingTimer);
        chat.typingEl.textContent = active ? s("customer_typing", { name: nameOf(chat.info.customer) || s("visitor") }) : "";
        if (active) {
          chat.customerTypingTimer = setTimeout(function () {
            showTyping(chat, null, false);
          }, 8000);
        }
        return;
      }
      // Another agent (a supervisor watching, a colleague after a transfer) is writing here; the server
      // never echoes a connection's own typing, so this is always someone else's window.
      clearTimeout(chat.agentTypingTimer);
      chat.warning.hidden = !active;
      chat.warning.textContent = active ? s("other_agent_typing", { name: nameOf(frame.name) || s("another_agent") }) : "";
      if (active) {
        chat.agentTypingTimer = setTimeout(function () {
          chat.warning.hidden = true;
        }, 8000);
      }
    }

    function markRead(chat) {
      if (!chat.ready || chat.closed || attentionAway() || chat.lastSeq <= chat.readSent) return;
      chat.readSent = chat.lastSeq;
      send({ type: "read", conversation: wireId(chat), seq: chat.lastSeq });
    }

    // --- Offers -----------------------------------------------------------------------------------
    var offers = {};

    function onOffer(frame) {
      var id = String(frame.conversation);
      if (offers[id] || chats[id]) return;
      var accept = h("button", { type: "button", class: "primary", "data-accept": id, text: s("accept") });
      var decline = h("button", {
        type: "button",
        "data-decline": id,
        text: s("decline"),
        "aria-label": s("decline_named", { name: nameOf(frame.customer) || s("visitor") }),
      });
      var countdown = h("span", { class: "offer-countdown", "aria-hidden": "true" });
      var waited = parseInt(frame.waited_seconds, 10) || 0;
      var card = h("li", { class: "offer card" + (frame.vip_level && frame.vip_level !== "standard" ? " is-vip" : ""), "data-offer": id }, [
        h("p", { class: "offer-who" }, [
          h("strong", { text: nameOf(frame.customer) || s("visitor") }),
          frame.vip_level && frame.vip_level !== "standard" ? h("span", { class: "badge vip", text: vipLabel(frame.vip_level) }) : null,
          frame.verified === false ? h("span", { class: "badge warn", text: s("unverified") }) : null,
        ]),
        h("p", {
          class: "muted small",
          text: [frame.topic ? topicLabel(frame.topic) : "", frame.language || "", s("waited", { time: duration(waited) })]
            .filter(Boolean)
            .join(" · "),
        }),
        h("p", { class: "offer-foot" }, [accept, decline, countdown]),
      ]);
      var expires = frame.expires_at ? Date.parse(frame.expires_at) : Date.now() + 30000;
      var offer = { id: id, card: card, accept: accept, timer: null, frame: frame };
      offers[id] = offer;
      function tick() {
        var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
        countdown.textContent = s("seconds_left", { n: left });
        accept.setAttribute("aria-label", s("accept_named", { name: nameOf(frame.customer) || s("visitor"), n: left }));
        if (left <= 0) {
          delete accepting[id];
          removeOffer(id);
        }
      }
      tick();
      offer.timer = setInterval(tick, 1000);
      offersList.appendChild(card);
      offersList.closest("section").classList.add("has-offers");
      updateCapacity();
      notify("chat");
    }

    function removeOffer(id) {
      var offer = offers[id];
      if (!offer) return;
      clearInterval(offer.timer);
      offer.card.remove();
      delete offers[id];
      if (!Object.keys(offers).length) offersList.closest("section").classList.remove("has-offers");
    }

    var accepting = {};
    function accept(id, info) {
      if (activeCount() >= capacity) {
        showError(s("at_capacity"));
        return;
      }
      accepting[id] = info || (offers[id] ? offerInfo(offers[id].frame) : { conversation: id });
      if (!sendAccept(id)) {
        // Sent as soon as the connection is back, if the offer still stands then.
        showError(s("accept_queued"));
        return;
      }
      removeOffer(id);
    }

    function sendAccept(id) {
      return send({ type: "accept", conversation: /^\d+$/.test(id) ? parseInt(id, 10) : id });
    }

    function offerInfo(frame) {
      var info = { conversation: frame.conversation };
      ["customer", "verified", "vip_level", "topic", "language", "ticket"].forEach(function (key) {
        if (frame[key] !== undefined && frame[key] !== null) info[key] = frame[key];
      });
      return info;
    }

    function duration(seconds) {
      var m = Math.floor(seconds / 60);
      var sec = seconds % 60;
      return m ? m + ":" + ("0" + sec).slice(-2) : sec + " s";
    }

    root.addEventListener("click", function (event) {
      var turnedDown = event.target.closest("[data-decline]");
      if (turnedDown) {
        var declined = turnedDown.getAttribute("data-decline");
        // The next agent gets it at once; without a connection the offer simply lapses.
        if (send({ type: "decline", conversation: parseInt(declined, 10) })) removeOffer(declined);
        return;
      }
      var button = event.target.closest("[data-accept]");
      if (!button || button.disabled) return;
      var id = button.getAttribute("data-accept");
      var info = null;
      if (button.dataset.customer) {
        info = {
          conversation: id,
          customer: button.dataset.customer,
          vip_level: button.dataset.vip,
          topic: button.dataset.topic,
          language: button.dataset.language,
          verified: button.dataset.verified !== "false",
        };
      }
      accept(id, info);
    });

    function showError(text) {
      errorLine.textContent = text || "";
      errorLine.hidden = !text;
      if (text) {
        clearTimeout(showError.timer);
        showError.timer = setTimeout(function () {
          errorLine.hidden = true;
        }, 8000);
      }
    }

    // --- Frames -------------------------------------------------------------------------------------
    function chatFor(conversation) {
      return conversation === undefined || conversation === null ? null : chats[String(conversation)];
    }

    function onStatus(frame) {
      var id = String(frame.conversation);
      var chat = chats[id];
      if (!chat && frame.status === "active" && isMe(frame.agent)) {
        // Accepted here, or assigned by routing straight to this agent.
        chat = openChat(accepting[id] || { conversation: id }, { focus: !!accepting[id] });
      }
      // A status frame ends this agent's offer (someone else has it now, it was taken, it ended),
      // except the chat's own "offered" news reaching a column that still watches it.
      if (!(frame.status === "offered" && chat)) removeOffer(id);
      if (frame.status !== "offered" || !chat) delete accepting[id];
      if (chat) setStatus(chat, frame.status, frame.agent);
    }

    function onWelcome(frame) {
      var id = String(frame.conversation);
      var chat = chats[id];
      var info = offerInfo(frame);
      if (!chat) {
        // The answer to `accept`: the chat is watched from now on; open its column.
        if (!accepting[id] && !(frame.status === "active" && isMe(frame.agent))) return;
        chat = openChat(Object.assign({}, accepting[id] || {}, info), { watching: true, focus: !!accepting[id] });
        delete accepting[id];
      } else {
        updateHeader(chat, info);
      }
      chat.ready = true;
      if (chat.firstLoad) chat.historyUntil = parseInt(frame.last_seq, 10) || 0;
      chat.firstLoad = false;
      var read = frame.read && parseInt(frame.read.customer, 10);
      if (read && read > chat.readBy) chat.readBy = read;
      if (frame.status) setStatus(chat, frame.status, frame.agent);
      flush(chat);
      markRead(chat);
    }

    function onFrame(frame) {
      var chat;
      switch (frame.type) {
        case "welcome":
          onWelcome(frame);
          break;
        case "message":
          onMessage(frame);
          break;
        case "ack":
          onAck(frame);
          watchAcks();
          break;
        case "typing":
          chat = chatFor(frame.conversation);
          if (chat) showTyping(chat, frame, !!frame.active);
          break;
        case "read":
          chat = chatFor(frame.conversation);
          if (chat && frame.by === "customer") {
            var seq = parseInt(frame.seq, 10) || 0;
            if (seq > chat.readBy) {
              chat.readBy = seq;
              updateReceipts(chat);
            }
          }
          break;
        case "status":
          onStatus(frame);
          break;
        case "offer":
          onOffer(frame);
          break;
        case "notice":
          // SLA warnings and breaches on this agent's tickets arrive on the same socket.
          if (frame.notice) {
            notify("message");
            showError(s(frame.notice.type, { reference: frame.notice.reference, subject: frame.notice.subject }));
          }
          break;
        case "error":
          showError(frame.message || s("error"));
          if (frame.code === "unauthenticated") {
            // The session is gone: reconnecting cannot help until the agent signs in again.
            stopped = true;
            showError(s("signed_out"));
          }
          if (frame.code === "taken" || frame.code === "closed" || frame.code === "not_found" || frame.code === "forbidden") {
            accepting = {};
          }
          if (frame.client_id && frame.code !== "rate_limited") dropFailed(frame.client_id);
          if (frame.code === "rate_limited") {
            Object.keys(chats).forEach(function (id) {
              chats[id].sentOn = {};
            });
            setTimeout(function () {
              Object.keys(chats).forEach(function (id) {
                flush(chats[id]);
              });
            }, 1500);
          }
          break;
      }
    }

    // --- The connection -----------------------------------------------------------------------------
    var ws = null;
    var open = false;
    var stopped = false;
    var attempt = 0;
    var reconnectTimer = null;
    var connection = 0;

    function send(frame) {
      if (!ws || !open || ws.readyState !== 1) return false;
      ws.send(JSON.stringify(frame));
      return true;
    }

    function subscribe(chat) {
      chat.ready = false;
      send({ type: "subscribe", conversation: wireId(chat), last_seq: chat.lastSeq });
    }

    function setConn(kind) {
      connLine.textContent = kind === "ok" ? s("connected") : kind === "offline" ? s("offline") : s("reconnecting");
      connLine.className = "conn conn-" + kind;
      Object.keys(chats).forEach(function (id) {
        updateReceipts(chats[id]);
      });
    }

    function connect() {
      clearTimeout(reconnectTimer);
      if (ws) return;
      var socket;
      try {
        socket = new WebSocket(wsUrl);
      } catch (e) {
        scheduleReconnect();
        return;
      }
      ws = socket;
      connection += 1;
      socket.onopen = function () {
        if (ws !== socket) return;
        open = true;
        attempt = 0;
        setConn("ok");
        Object.keys(chats).forEach(function (id) {
          subscribe(chats[id]);
        });
        Object.keys(accepting).forEach(function (id) {
          if (chats[id]) delete accepting[id];
          else if (sendAccept(id)) removeOffer(id);
        });
      };
      socket.onmessage = function (event) {
        if (ws !== socket) return;
        var frame;
        try {
          frame = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        if (frame && typeof frame === "object") onFrame(frame);
      };
      socket.onclose = function () {
        if (ws !== socket) return;
        ws = null;
        open = false;
        Object.keys(chats).forEach(function (id) {
          chats[id].ready = false;
          chats[id].typingActive = false;
        });
        setConn(navigator.onLine === false ? "offline" : "reconnecting");
        scheduleReconnect();
      };
    }

    function scheduleReconnect() {
      clearTimeout(reconnectTimer);
      if (stopped) return;
      var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
      attempt += 1;
      reconnectTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
    }

    function reconnectNow() {
      attempt = 0;
      if (ws) {
        var socket = ws;
        ws = null;
        open = false;
        socket.close();
        Object.keys(chats).forEach(function (id) {
          chats[id].ready = false;
        });
      }
      connect();
    }

    window.addEventListener("offline", function () {
      setConn("offline");
      if (ws) reconnectNow();
    });
    window.addEventListener("online", function () {
      reconnectNow();
    });

    initial.forEach(function (info) {
      openChat(info);
    });
    updateCapacity();
    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("chat-console");
    if (root) start(root);
  });
})();

/*
 * Technical triage beside each chat: the same JSON the API serves for the chat's ticket
 * (/api/triage/tickets/<ticket>/), rendered with textContent only. It polls every few seconds while a
 * look-up runs and every 30 s otherwise, so a customer's new message shows its look-up too. "Insert
 * reply" puts the diagnosis's reply into that chat's composer.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function render(box, data, strings) {
    var body = box.querySelector(".chat-triage-body");
    body.textContent = "";
    box.querySelector("summary").textContent = strings.title + " · " + data.state_label;
    (data.errors || []).forEach(function (e) {
      body.appendChild(el("p", { class: "badge warn" }, e.source + ": " + e.message));
    });
    if (!data.mentions.length) body.appendChild(el("p", { class: "muted small" }, strings.none));
    var list = el("ul", { class: "chat-triage-mentions" });
    data.mentions.forEach(function (m) {
      var item = el("li", {}, m.kind_label + " ");
      var code = el("code", {}, m.value);
      if (m.explorer_url && /^https?:\/\//.test(m.explorer_url)) {
        var link = el("a", { href: m.explorer_url, target: "_blank", rel: "noopener noreferrer nofollow" });
        link.appendChild(code);
        item.appendChild(link);
      } else {
        item.appendChild(code);
      }
      if (m.network) item.appendChild(el("span", { class: "muted small" }, " " + m.network));
      list.appendChild(item);
    });
    if (data.mentions.length) body.appendChild(list);
    data.diagnoses.forEach(function (d) {
      var part = el("div", { class: "chat-triage-diagnosis severity-" + d.severity, "data-diagnosis": d.code });
      part.appendChild(el("strong", {}, d.title));
      var evidence = el("ul", {});
      d.evidence.forEach(function (line) {
        evidence.appendChild(el("li", {}, line));
      });
      part.appendChild(evidence);
      if (d.team) part.appendChild(el("p", { class: "small" }, strings.team + " " + d.team.name));
      var insert = el("button", { type: "button", class: "linklike" }, strings.insert);
      insert.addEventListener("click", function () {
        var input = box.closest(".chat-col").querySelector(".chat-composer textarea");
        if (!input) return;
        input.value = input.value ? input.value.replace(/\s*$/, "\n") + d.reply.text : d.reply.text;
        input.focus();
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      part.appendChild(insert);
      body.appendChild(part);
    });
    if (data.pending) body.appendChild(el("p", { class: "muted small" }, strings.pending));
  }

  function watch(column, urlFor, strings) {
    if (column.querySelector(".chat-triage")) return;
    var box = el("details", { class: "chat-triage", open: "" });
    box.appendChild(el("summary", {}, strings.title));
    box.appendChild(el("div", { class: "chat-triage-body", "aria-live": "polite" }));
    var context = column.querySelector(".chat-context");
    if (context && context.nextSibling) column.insertBefore(box, context.nextSibling);
    else column.appendChild(box);
    function poll() {
      if (!document.body.contains(column)) return;
      var ticket = column.getAttribute("data-ticket");
      fetch(urlFor(ticket), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          render(box, data, strings);
          window.setTimeout(poll, (data.pending ? data.poll_seconds || 2 : 30) * 1000);
        })
        .catch(function () {
          window.setTimeout(poll, 30000);
        });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("chat-console");
    var strings = document.getElementById("console-triage");
    if (!root || !strings) return;
    var template = strings.getAttribute("data-url");
    var labels = {
      title: strings.getAttribute("data-title"),
      none: strings.getAttribute("data-none"),
      pending: strings.getAttribute("data-pending"),
      insert: strings.getAttribute("data-insert"),
      team: strings.getAttribute("data-team"),
    };
    function urlFor(ticket) {
      return template.replace("HD-0", encodeURIComponent(ticket));
    }
    function scan() {
      root.querySelectorAll(".chat-col[data-ticket]").forEach(function (column) {
        watch(column, urlFor, labels);
      });
    }
    new MutationObserver(scan).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ticket"] });
    scan();
  });
})();
