/*
 * Cryptodesk live chat widget. An exchange embeds it with one tag:
 *
 *   <script src="https://helpdesk.example/static/livechat/widget.js" data-helpdesk="https://helpdesk.example"
 *           data-identity="<token signed by the exchange's backend>" data-language="es" async></script>
 *
 * Plain JavaScript without dependencies; it lives in a Shadow DOM so the host page's styles do not
 * reach it. The wire protocol is docs/livechat-protocol.md. Everything a person typed is inserted with
 * textContent, never as HTML.
 *
 * Optional attributes: data-long-wait (seconds of expected wait after which "leave a message" is
 * offered while waiting, default 300; above LIVECHAT_MAX_WAIT_SECONDS the helpdesk itself answers that
 * agents are busy, and with nobody online that no agent is), data-max-upload-mb (default 10), and data-article-url with
 * data-article-title (the help-center article the visitor read, shown to the agent with the chat).
 */
(function () {
  "use strict";

  var script =
    document.currentScript || document.querySelector("script[data-helpdesk][src*='livechat/widget']");
  if (!script || window.CryptodeskChat) return;

  // --- Strings ------------------------------------------------------------------------------------
  // The widget's words in English; makemessages (domain djangojs) reads every gettext("…") here
  // into the customer catalogues (locale_customer/, docs/i18n.md), and t() looks each one up in the
  // catalogue of the visitor's language, which the helpdesk serves as JSON (loadCatalogue below).
  // gettext only marks a string for extraction: the lookup happens when the string is shown.
  function gettext(text) {
    return text;
  }
  var STRINGS = {
    open: gettext("Chat with support"),
    close: gettext("Minimise chat"),
    title: gettext("Support"),
    intro: gettext("Ask us anything: a member of our support team answers here."),
    signed_in: gettext("Signed in as {name}"),
    guest: gettext("You are chatting as a guest, so we cannot see your account. Sign in on the exchange for help with your account."),
    safety: gettext("We never ask for your password, 2FA codes or private keys."),
    topic: gettext("What do you need help with?"),
    topic_withdrawal: gettext("Withdrawal"),
    topic_deposit: gettext("Deposit"),
    topic_account_access: gettext("Account access and 2FA"),
    topic_kyc: gettext("Identity verification (KYC)"),
    topic_trading: gettext("Trading"),
    topic_other: gettext("Something else"),
    choose: gettext("Choose…"),
    language: gettext("Language"),
    name: gettext("Name (optional)"),
    email: gettext("Email (optional)"),
    email_required: gettext("Email"),
    start: gettext("Start chat"),
    connecting: gettext("Connecting…"),
    queue_position: gettext("You are number {position} in the queue."),
    wait_minutes: gettext("Expected wait: about {minutes} min."),
    wait_short: gettext("Expected wait: less than a minute."),
    wait_more: gettext("Expected wait: more than {minutes} min."),
    waiting: gettext("Waiting for an agent…"),
    with_agent: gettext("You are chatting with {name}."),
    agent: gettext("Support"),
    you: gettext("You"),
    no_agents: gettext("No agent is online right now, so nobody can answer a chat soon. Leave a message and we will reply by email."),
    long_wait: gettext("All our agents are busy: the wait is about {minutes} min. Leave a message and we will reply by email, or keep waiting."),
    leave: gettext("Leave a message"),
    keep_waiting: gettext("Keep waiting"),
    your_message: gettext("Your message"),
    send_message: gettext("Send message"),
    left: gettext("Thank you. Your message is ticket {ticket}; we will reply to {email}."),
    composer: gettext("Type your message"),
    send: gettext("Send"),
    attach: gettext("Attach a file"),
    uploading: gettext("Sending {name}…"),
    upload_failed: gettext("{name} could not be sent."),
    too_big: gettext("{name} is too large (the limit is {mb} MB)."),
    too_long: gettext("This message is too long. Please split it."),
    sending: gettext("Sending…"),
    queued: gettext("Waiting for connection…"),
    delivered: gettext("Delivered"),
    read: gettext("Read"),
    typing: gettext("{name} is typing…"),
    reconnecting: gettext("Connection lost. Reconnecting…"),
    offline: gettext("You are offline. Your messages will be sent when you are back online."),
    rate_limited: gettext("You are sending messages quickly; they will go out in a moment."),
    transcript: gettext("Email the transcript"),
    transcript_to: gettext("Send the transcript to"),
    transcript_send: gettext("Send transcript"),
    transcript_sent: gettext("The transcript is on its way."),
    ended: gettext("This chat has ended."),
    rate: gettext("How was your chat?"),
    stars: gettext("{n} out of 5"),
    comment: gettext("Anything else you want to tell us? (optional)"),
    rate_send: gettext("Send rating"),
    rated: gettext("Thank you for your feedback."),
    new_chat: gettext("Start a new chat"),
    error: gettext("Something went wrong. Please try again."),
    gone: gettext("This chat is no longer available."),
    unread: gettext("New messages: {n}"),
    attachment: gettext("Attachment"),
    cancel: gettext("Cancel"),
    assistant: gettext("Assistant"),
    assistant_greeting: gettext("Hello, I am the support assistant. I am reading your question now. If I cannot answer it, a person will, and you can ask for a person at any time."),
    with_assistant: gettext("You are chatting with the assistant."),
    talk_to_person: gettext("Talk to a person"),
    solved: gettext("Yes, this solved it"),
    read_article: gettext("Read the article"),
    question: gettext("Your question (optional)"),
    asking_person: gettext("Connecting you to a person…"),
  };
  // settings.LANGUAGES, each in its own words; ar and fa are written right to left.
  var LANGUAGES = [
    ["en", "English"],
    ["es", "Español"],
    ["pt-br", "Português (Brasil)"],
    ["fr", "Français"],
    ["de", "Deutsch"],
    ["it", "Italiano"],
    ["tr", "Türkçe"],
    ["ru", "Русский"],
    ["uk", "Українська"],
    ["pl", "Polski"],
    ["nl", "Nederlands"],
    ["ar", "العربية"],
    ["fa", "فارسی"],
    ["hi", "हिन्दी"],
    ["id", "Bahasa Indonesia"],
    ["vi", "Tiếng Việt"],
    ["th", "ไทย"],
    ["ja", "日本語"],
    ["ko", "한국어"],
    ["zh-hans", "简体中文"],
    ["zh-hant", "繁體中文"],
    ["fil", "Filipino"],
  ];
  var RTL = { ar: true, fa: true };
  var TOPICS = ["withdrawal", "deposit", "account_access", "kyc", "trading", "other"];
  // The server refuses frames over 16 KiB; a message is checked against this before it is sent.
  var MAX_FRAME_BYTES = 16 * 1024;
  var MAX_BODY_CHARS = 4000;
  var ACK_TIMEOUT_MS = 10000;
  var KEPT_MESSAGES = 200;

  function pickLanguage(code) {
    code = String(code || "").toLowerCase().replace("_", "-");
    var known = {};
    LANGUAGES.forEach(function (pair) {
      known[pair[0]] = true;
    });
    if (known[code]) return code;
    if (code.indexOf("pt") === 0) return "pt-br";
    if (code === "zh-tw" || code === "zh-hk" || code === "zh-mo") return "zh-hant";
    if (code.indexOf("zh") === 0) return "zh-hans";
    var base = code.split("-")[0];
    if (base === "tl") return "fil";
    return known[base] ? base : "en";
  }

  function claimsOf(token) {
    // Only to greet the customer by name; the helpdesk verifies the signature, not this script.
    try {
      var part = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
      while (part.length % 4) part += "=";
      var binary = atob(part);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      var claims = JSON.parse(new TextDecoder().decode(bytes));
      return claims && typeof claims === "object" ? claims : {};
    } catch (e) {
      return {};
    }
  }

  var scriptUrl = new URL(script.getAttribute("src"), location.href);
  var identity = script.getAttribute("data-identity") || "";
  var claims = identity ? claimsOf(identity) : {};
  var config = {
    helpdesk: (script.getAttribute("data-helpdesk") || scriptUrl.origin).replace(/\/+$/, ""),
    identity: identity,
    language: pickLanguage(
      script.getAttribute("data-language") || claims.language || navigator.language || "en"
    ),
    longWait: parseInt(script.getAttribute("data-long-wait") || "300", 10) || 300,
    maxUploadMb: parseInt(script.getAttribute("data-max-upload-mb") || "10", 10) || 10,
    // The help-center article the visitor was reading, passed on to the agent with the chat.
    articleUrl: script.getAttribute("data-article-url") || "",
    articleTitle: script.getAttribute("data-article-title") || "",
    css: new URL("widget.css", scriptUrl).href,
  };
  var wsUrl = config.helpdesk.replace(/^http/, "ws") + "/ws/chat/customer/";
  // One stored conversation per helpdesk and per signed-in user, so a different user in the same tab
  // never resumes someone else's chat.
  var STORE_KEY = "cryptodesk-chat:" + config.helpdesk + ":" + (claims.sub ? "u:" + claims.sub : "guest");

  // --- State, kept in sessionStorage so a page change on the exchange's site resumes the chat ------
  function freshState(lang) {
    return {
      token: null,
      conversation: null,
      seq: 0,
      readSent: 0,
      readBy: 0,
      status: null,
      agent: null,
      queue: null,
      view: "prechat",
      reason: null,
      ended: false,
      rated: false,
      keepWaiting: false,
      left: null,
      open: false,
      lang: lang || config.language,
      topic: "",
      email: claims.email || "",
      pending: [],
      messages: [],
      // Tier 0 (the assistant) holds the chat: it greets, answers, and a person is one click away.
      assistant: false,
      greeted: false,
    };
  }

  function load() {
    try {
      var raw = sessionStorage.getItem(STORE_KEY);
      var saved = raw ? JSON.parse(raw) : null;
      if (saved && typeof saved === "object") {
        var base = freshState();
        for (var k in base) if (!(k in saved)) saved[k] = base[k];
        return saved;
      }
    } catch (e) {
      /* storage unavailable or corrupt: start afresh */
    }
    return freshState();
  }

  function save() {
    state.messages = state.messages.slice(-KEPT_MESSAGES);
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* private mode or quota: the chat still works for this page */
    }
  }

  var state = load();

  // The visitor's language's catalogue ({English: translated}), served by the helpdesk from the
  // customer catalogues. Until it arrives, or if it cannot be fetched, the widget speaks English.
  var catalogue = { lang: "en", strings: {} };
  var catalogues = { en: catalogue };
  function loadCatalogue(lang, then) {
    if (catalogues[lang] || typeof fetch !== "function") {
      catalogue = catalogues[lang] || catalogues.en;
      then();
      return;
    }
    fetch(config.helpdesk + "/chat/api/i18n/" + encodeURIComponent(lang) + ".json", { mode: "cors", credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      })
      .then(function (data) {
        var strings = data && data.catalog && typeof data.catalog === "object" ? data.catalog : null;
        // A failed fetch is not remembered: the next change of language or page tries again.
        if (strings) catalogues[lang] = { lang: lang, strings: strings };
        if (lang === state.lang) catalogue = catalogues[lang] || catalogues.en;
        then();
      });
  }

  function t(key, vars) {
    var english = STRINGS[key] || key;
    var text = (catalogue.lang === state.lang && catalogue.strings[english]) || english;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (match, name) {
        return name in vars ? String(vars[name]) : match;
      });
    }
    return text;
  }

  function nameOf(who) {
    if (!who) return "";
    if (typeof who === "string") return who;
    return String(who.name || who.display_name || who.username || "");
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

  // --- DOM helpers --------------------------------------------------------------------------------
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

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_CLIP =
    "M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8-8a4 4 0 0 0-5.7-5.7l-8 8a6 6 0 0 0 8.5 8.5l7.2-7.2";
  var ICON_SEND = "M3 20l18-8L3 4v6l12 2-12 2z";

  function formatTime(iso) {
    if (!iso) return "";
    try {
      // The "message_time" style of helpdesk/formats.py: CLDR's short time of the visitor's language.
      return new Intl.DateTimeFormat(state.lang, { timeStyle: "short" }).format(new Date(iso));
    } catch (e) {
      return "";
    }
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, config.helpdesk);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // --- The shell: launcher button and panel ---------------------------------------------------------
  var host = document.createElement("cryptodesk-chat");
  host.style.visibility = "hidden";
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = h("link", { rel: "stylesheet", href: config.css });
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);
  function reveal() {
    host.style.visibility = "";
  }

  var ui = {};
  ui.frame = h("div", { class: "cdw", dir: "ltr" });
  ui.launcherLabel = h("span", { class: "cdw-vh" });
  ui.badge = h("span", { class: "cdw-badge", "aria-hidden": "true", hidden: true });
  ui.launcher = h(
    "button",
    {
      type: "button",
      class: "cdw-launcher",
      "aria-expanded": "false",
      "aria-controls": "cdw-panel",
      onclick: function () {
        setOpen(!state.open, true);
      },
    },
    [icon(ICON_CHAT), ui.launcherLabel, ui.badge]
  );
  ui.title = h("h2", { id: "cdw-title", class: "cdw-title" });
  ui.statusLine = h("p", { class: "cdw-statusline", role: "status" });
  ui.closeButton = h(
    "button",
    {
      type: "button",
      class: "cdw-close",
      onclick: function () {
        setOpen(false, true);
      },
    },
    [icon(ICON_CLOSE)]
  );
  ui.conn = h("p", { class: "cdw-conn", role: "status", hidden: true });
  // Service notices (declared incidents) in the visitor's language: plain text, never HTML.
  ui.incidents = h("div", { class: "cdw-incidents", role: "status", hidden: true });
  ui.main = h("div", { class: "cdw-main" });
  ui.panel = h(
    "section",
    {
      id: "cdw-panel",
      class: "cdw-panel",
      role: "dialog",
      "aria-labelledby": "cdw-title",
      hidden: true,
      onkeydown: function (event) {
        if (event.key === "Escape") {
          event.stopPropagation();
          setOpen(false, true);
        }
      },
    },
    [
      h("header", { class: "cdw-head" }, [h("div", { class: "cdw-headtext" }, [ui.title, ui.statusLine]), ui.closeButton]),
      ui.conn,
      ui.incidents,
      ui.main,
    ]
  );
  ui.frame.appendChild(ui.panel);
  ui.frame.appendChild(ui.launcher);
  root.appendChild(stylesheet);
  root.appendChild(ui.frame);

  var unread = 0;

  // The notices are read when the panel opens or the language changes, and again at most every minute:
  // a resolved incident's notice goes with the next read.
  var incidentsRead = { lang: null, at: 0 };
  function refreshIncidents() {
    if (!state.open || typeof fetch !== "function") return;
    var now = Date.now();
    if (incidentsRead.lang === state.lang && now - incidentsRead.at < 60000) return;
    incidentsRead = { lang: state.lang, at: now };
    var lang = state.lang;
    fetch(config.helpdesk + "/incidents/banner.json?language=" + encodeURIComponent(lang), {
      mode: "cors",
      credentials: "omit",
    })
      .then(function (response) {
        return response.ok ? response.json() : { incidents: [] };
      })
      .then(function (data) {
        if (lang !== state.lang) return;
        var items = (data && data.incidents) || [];
        ui.incidents.textContent = "";
        items.forEach(function (item) {
          if (item && typeof item.message === "string") {
            ui.incidents.appendChild(h("p", { class: "cdw-incident", text: item.message }));
          }
        });
        ui.incidents.hidden = !ui.incidents.childNodes.length;
      })
      .catch(function () {
        /* no notice is better than a broken panel */
      });
  }

  function applyChrome() {
    refreshIncidents();
    ui.frame.setAttribute("lang", state.lang);
    ui.frame.setAttribute("dir", RTL[state.lang] ? "rtl" : "ltr");
    ui.title.textContent = t("title");
    ui.closeButton.setAttribute("aria-label", t("close"));
    ui.launcherLabel.textContent = state.open ? t("close") : t("open");
    ui.launcher.setAttribute("aria-expanded", state.open ? "true" : "false");
    ui.badge.hidden = !unread || state.open;
    ui.badge.textContent = String(unread);
    if (unread && !state.open) ui.launcherLabel.textContent = t("open") + ". " + t("unread", { n: unread });
    ui.frame.classList.toggle("cdw-is-open", state.open);
    updateStatusLine();
  }

  var drawn = false;
  var focusWhenDrawn = false;
  function setOpen(open, userAction) {
    state.open = open;
    ui.panel.hidden = !open;
    if (open) unread = 0;
    save();
    applyChrome();
    if (open) {
      // Opened before the first drawing (the help center opens it as soon as it loads): focus then.
      if (userAction && drawn) focusFirst();
      else if (userAction) focusWhenDrawn = true;
      markRead();
    } else if (userAction) {
      ui.launcher.focus();
    }
  }

  function focusFirst() {
    var target = ui.main.querySelector("[data-autofocus]") || ui.main.querySelector("textarea, select, input, button");
    if (target) target.focus();
  }

  // --- HTTP ---------------------------------------------------------------------------------------
  function request(path, body) {
    // The helpdesk answers errors in the widget's language, not the browser's.
    var init = { method: "POST", mode: "cors", credentials: "omit", headers: { "Accept-Language": state.lang } };
    if (body instanceof FormData) {
      init.body = body;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(config.helpdesk + path, init).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok) throw data;
          return data;
        });
    });
  }

  function failure(error) {
    // The helpdesk's own explanation if it gave one; a network failure's message is not for people.
    var explained = error && !(error instanceof Error) && typeof error.message === "string";
    return (explained && error.message) || t("error");
  }

  // --- Views --------------------------------------------------------------------------------------
  function render() {
    applyChrome();
    ui.main.textContent = "";
    ui.log = null;
    ui.longWait = null;
    ui.typing = null;
    ui.composerError = null;
    ui.personBar = null;
    var view = { prechat: viewPrechat, chat: viewChat, leave: viewLeave, left: viewLeft }[state.view] || viewPrechat;
    ui.main.appendChild(view());
  }

  function field(labelText, control, id) {
    control.id = id;
    return h("div", { class: "cdw-field" }, [h("label", { for: id, text: labelText }), control]);
  }

  function errorLine() {
    return h("p", { class: "cdw-error", role: "alert", hidden: true });
  }

  function showError(el, text) {
    el.textContent = text;
    el.hidden = !text;
  }

  function viewPrechat() {
    var topic = h("select", { name: "topic", required: true, "data-autofocus": true }, [
      h("option", { value: "", text: t("choose") }),
    ]);
    TOPICS.forEach(function (code) {
      topic.appendChild(h("option", { value: code, text: t("topic_" + code) }));
    });
    topic.value = state.topic || "";
    var language = h("select", { name: "language" });
    LANGUAGES.forEach(function (pair) {
      language.appendChild(h("option", { value: pair[0], lang: pair[0], text: pair[1] }));
    });
    language.value = state.lang;
    language.addEventListener("change", function () {
      state.lang = pickLanguage(language.value);
      state.topic = topic.value;
      save();
      loadCatalogue(state.lang, function () {
        render();
        var again = ui.main.querySelector("select[name=language]");
        if (again) again.focus();
      });
    });
    var name = h("input", { name: "name", type: "text", autocomplete: "name", maxlength: "200" });
    var email = h("input", { name: "email", type: "email", autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var question = h("textarea", { name: "message", rows: "3", maxlength: String(MAX_BODY_CHARS) });
    var error = errorLine();
    var submit = h("button", { type: "submit", class: "cdw-primary", text: t("start") });
    var who = config.identity
      ? h("p", { class: "cdw-who", text: t("signed_in", { name: claims.name || claims.sub || "" }) })
      : h("p", { class: "cdw-who cdw-guest", text: t("guest") });
    var form = h("form", { class: "cdw-form cdw-prechat" }, [
      h("p", { class: "cdw-intro", text: t("intro") }),
      who,
      field(t("topic"), topic, "cdw-topic"),
      field(t("language"), language, "cdw-language"),
      field(t("question"), question, "cdw-question"),
      config.identity ? null : field(t("name"), name, "cdw-name"),
      config.identity ? null : field(t("email"), email, "cdw-email"),
      h("p", { class: "cdw-safety", text: t("safety") }),
      error,
      submit,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!topic.value) {
        topic.focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = t("connecting");
      showError(error, "");
      var body = { topic: topic.value, language: state.lang };
      if (question.value.trim()) body.message = question.value.trim();
      if (config.articleUrl) {
        body.article_url = config.articleUrl;
        body.article_title = config.articleTitle;
      }
      if (config.identity) body.identity = config.identity;
      else {
        if (name.value.trim()) body.name = name.value.trim();
        if (email.value.trim()) body.email = email.value.trim();
      }
      request("/chat/api/start/", body)
        .then(function (data) {
          var lang = state.lang;
          state = freshState(lang);
          state.open = true;
          state.topic = topic.value;
          state.email = body.email || claims.email || "";
          state.token = data.token;
          state.conversation = data.conversation;
          state.seq = data.last_seq || 0;
          state.queue = data.queue || null;
          state.status = "waiting";
          state.assistant = !!data.assistant;
          state.greeted = state.assistant;
          if (data.agents_available === false) {
            state.view = "leave";
            // "busy": agents are online but the wait is long; only "no_agents" says nobody is online.
            state.reason = data.availability === "busy" ? "long_wait" : "no_agents";
          } else {
            state.view = "chat";
          }
          save();
          render();
          focusFirst();
          connect();
        })
        .catch(function (problem) {
          submit.disabled = false;
          submit.textContent = t("start");
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function queueText() {
    var q = state.queue;
    if (!q) return t("waiting");
    var parts = [];
    if (q.position) parts.push(t("queue_position", { position: q.position }));
    if (typeof q.expected_wait_seconds === "number") {
      var minutes = Math.round(q.expected_wait_seconds / 60);
      parts.push(
        q.expected_wait_capped
          ? t("wait_more", { minutes: minutes })
          : q.expected_wait_seconds < 60
            ? t("wait_short")
            : t("wait_minutes", { minutes: minutes })
      );
    }
    return parts.length ? parts.join(" ") : t("waiting");
  }

  function updateStatusLine() {
    var text = "";
    if (state.view === "chat") {
      if (state.ended) text = t("ended");
      else if (state.assistant) text = t("with_assistant");
      else if (state.status === "active") text = t("with_agent", { name: nameOf(state.agent) || t("agent") });
      else text = queueText();
    }
    if (ui.statusLine.textContent !== text) ui.statusLine.textContent = text;
    ui.statusLine.hidden = !text;
    if (ui.longWait) {
      var q = state.queue;
      var queued = !state.ended && !state.keepWaiting && !state.assistant && state.status !== "active" && q;
      var tooLong = queued && typeof q.expected_wait_seconds === "number" && q.expected_wait_seconds > config.longWait;
      // A place in line with no estimate: nobody who could answer is online any more.
      var nobody = queued && state.status === "waiting" && q.position && q.expected_wait_seconds === null;
      ui.longWait.hidden = !(tooLong || nobody);
      if (nobody) ui.longWaitText.textContent = t("no_agents");
      else if (tooLong) {
        ui.longWaitText.textContent = t("long_wait", { minutes: Math.round(q.expected_wait_seconds / 60) });
      }
    }
  }

  function viewChat() {
    ui.longWaitText = h("p");
    ui.longWait = h("div", { class: "cdw-notice", hidden: true }, [
      ui.longWaitText,
      h("div", { class: "cdw-row" }, [
        h("button", {
          type: "button",
          class: "cdw-primary",
          text: t("leave"),
          onclick: function () {
            state.view = "leave";
            state.reason = state.queue && state.queue.expected_wait_seconds === null ? "no_agents" : "long_wait";
            save();
            render();
            focusFirst();
          },
        }),
        h("button", {
          type: "button",
          text: t("keep_waiting"),
          onclick: function () {
            state.keepWaiting = true;
            save();
            updateStatusLine();
            if (ui.input) ui.input.focus();
          },
        }),
      ]),
    ]);
    ui.log = h("ol", { class: "cdw-log", role: "log", "aria-live": "polite", "aria-label": t("title"), tabindex: "0" });
    ui.typing = h("p", { class: "cdw-typing", "aria-live": "polite" });
    seqIndex = {};
    if (state.greeted) {
      ui.log.appendChild(
        h("li", { class: "cdw-msg cdw-msg-agent cdw-msg-assistant cdw-greeting" }, [
          h("p", { class: "cdw-meta" }, [h("span", { class: "cdw-author", text: t("assistant") })]),
          h("p", { class: "cdw-body", text: t("assistant_greeting") }),
        ])
      );
    }
    state.messages.forEach(function (m) {
      seqIndex[m.seq] = true;
      ui.log.appendChild(messageElement(m));
    });
    state.pending.forEach(function (item) {
      ui.log.appendChild(pendingElement(item));
    });
    ui.personBar = h("div", { class: "cdw-person", hidden: !state.assistant || state.ended }, [
      h("button", { type: "button", class: "cdw-person-button", text: t("talk_to_person"), onclick: askForPerson }),
    ]);
    var wrap = h("div", { class: "cdw-chat" }, [ui.longWait, ui.log, ui.typing, ui.personBar]);
    wrap.appendChild(state.ended ? endedSection() : composer());
    updateReceipts();
    updateStatusLine();
    setTimeout(function () {
      paintChoices();
      scrollToEnd();
    }, 0);
    return wrap;
  }

  function composer() {
    ui.input = h("textarea", {
      id: "cdw-input",
      rows: "2",
      maxlength: String(MAX_BODY_CHARS),
      "data-autofocus": true,
      autocomplete: "off",
    });
    var error = errorLine();
    ui.composerError = error;
    var fileInput = h("input", {
      type: "file",
      class: "cdw-vh",
      tabindex: "-1",
      "aria-hidden": "true",
      accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv",
    });
    var attach = h(
      "button",
      {
        type: "button",
        class: "cdw-icon",
        "aria-label": t("attach"),
        title: t("attach"),
        onclick: function () {
          fileInput.click();
        },
      },
      [icon(ICON_CLIP)]
    );
    fileInput.addEventListener("change", function () {
      Array.prototype.forEach.call(fileInput.files || [], upload);
      fileInput.value = "";
    });
    var send = h("button", { type: "submit", class: "cdw-icon cdw-send", "aria-label": t("send"), title: t("send") }, [
      icon(ICON_SEND),
    ]);
    var form = h("form", { class: "cdw-composer" }, [
      h("label", { for: "cdw-input", class: "cdw-vh", text: t("composer") }),
      ui.input,
      attach,
      send,
      fileInput,
    ]);
    ui.input.setAttribute("placeholder", t("composer"));
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : submitComposer();
      }
    });
    ui.input.addEventListener("input", onTypingInput);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitComposer();
    });
    return h("div", { class: "cdw-bottom" }, [error, form, transcriptTool()]);
  }

  function submitComposer() {
    var body = ui.input.value.trim();
    if (!body) return;
    var frame = { type: "message.send", client_id: uuid(), body: body };
    if (new TextEncoder().encode(JSON.stringify(frame)).length > MAX_FRAME_BYTES) {
      showError(ui.composerError, t("too_long"));
      return;
    }
    showError(ui.composerError, "");
    ui.input.value = "";
    setTyping(false);
    var item = { client_id: frame.client_id, body: body, created_at: new Date().toISOString() };
    state.pending.push(item);
    save();
    ui.log.appendChild(pendingElement(item));
    updateReceipts();
    scrollToEnd();
    flushPending();
  }

  function transcriptTool() {
    var email = h("input", { type: "email", autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var status = h("p", { class: "cdw-note", role: "status" });
    var form = h("form", { class: "cdw-transcript", hidden: true }, [
      field(t("transcript_to"), email, "cdw-transcript-email"),
      h("div", { class: "cdw-row" }, [
        h("button", { type: "submit", class: "cdw-primary", text: t("transcript_send") }),
        h("button", {
          type: "button",
          text: t("cancel"),
          onclick: function () {
            form.hidden = true;
            toggle.hidden = false;
            toggle.focus();
          },
        }),
      ]),
    ]);
    var toggle = h("button", {
      type: "button",
      class: "cdw-link",
      text: t("transcript"),
      onclick: function () {
        form.hidden = false;
        toggle.hidden = true;
        status.textContent = "";
        email.focus();
      },
    });
    if (!config.identity) email.required = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { token: state.token };
      if (email.value.trim()) body.email = email.value.trim();
      request("/chat/api/transcript/", body)
        .then(function () {
          state.email = body.email || state.email;
          save();
          form.hidden = true;
          toggle.hidden = false;
          status.textContent = t("transcript_sent");
          toggle.focus();
        })
        .catch(function (problem) {
          status.textContent = failure(problem);
        });
    });
    return h("div", { class: "cdw-tools" }, [toggle, form, status]);
  }

  function endedSection() {
    var heading = h("h3", { class: "cdw-ended", tabindex: "-1", text: t("ended") });
    ui.endedHeading = heading;
    var parts = [heading];
    if (state.rated) {
      parts.push(h("p", { class: "cdw-note", text: t("rated") }));
    } else {
      parts.push(ratingForm());
    }
    parts.push(transcriptTool());
    parts.push(
      h("button", {
        type: "button",
        class: "cdw-link",
        text: t("new_chat"),
        onclick: newChat,
      })
    );
    return h("section", { class: "cdw-bottom cdw-end" }, parts);
  }

  function ratingForm() {
    var stars = h("div", { class: "cdw-stars" });
    var error = errorLine();
    function paint() {
      var checked = stars.querySelector("input:checked");
      var value = checked ? parseInt(checked.value, 10) : 0;
      Array.prototype.forEach.call(stars.querySelectorAll("label"), function (label, index) {
        label.classList.toggle("cdw-on", index < value);
      });
    }
    for (var n = 1; n <= 5; n++) {
      stars.appendChild(
        h("label", {}, [
          h("input", { type: "radio", name: "rating", value: String(n), required: true, class: "cdw-vh" }),
          h("span", { "aria-hidden": "true", text: "★" }),
          h("span", { class: "cdw-vh", text: t("stars", { n: n }) }),
        ])
      );
    }
    stars.addEventListener("change", paint);
    var comment = h("textarea", { rows: "2", maxlength: "2000" });
    var form = h("form", { class: "cdw-form cdw-rating" }, [
      h("fieldset", {}, [h("legend", { text: t("rate") }), stars]),
      field(t("comment"), comment, "cdw-comment"),
      error,
      h("button", { type: "submit", class: "cdw-primary", text: t("rate_send") }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = stars.querySelector("input:checked");
      if (!checked) return;
      var body = { token: state.token, rating: parseInt(checked.value, 10) };
      if (comment.value.trim()) body.comment = comment.value.trim();
      request("/chat/api/rating/", body)
        .then(function () {
          state.rated = true;
          save();
          var thanks = h("p", { class: "cdw-note", role: "status", tabindex: "-1", text: t("rated") });
          form.replaceWith(thanks);
          thanks.focus();
        })
        .catch(function (problem) {
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function viewLeave() {
    var intro = h("p", {
      class: "cdw-notice-text",
      text:
        state.reason === "no_agents"
          ? t("no_agents")
          : t("long_wait", { minutes: Math.round(((state.queue && state.queue.expected_wait_seconds) || 0) / 60) }),
    });
    var email = h("input", { type: "email", required: true, autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var draft = state.messages
      .filter(function (m) {
        return m.kind === "customer";
      })
      .map(function (m) {
        return m.body;
      })
      .concat(
        state.pending.map(function (p) {
          return p.body;
        })
      )
      .join("\n");
    var message = h("textarea", { rows: "5", required: true, maxlength: "10000", "data-autofocus": true });
    message.value = draft;
    var error = errorLine();
    var submit = h("button", { type: "submit", class: "cdw-primary", text: t("send_message") });
    var form = h("form", { class: "cdw-form cdw-leave" }, [
      intro,
      field(t("email_required"), email, "cdw-leave-email"),
      field(t("your_message"), message, "cdw-leave-body"),
      error,
      h("div", { class: "cdw-row" }, [
        submit,
        state.reason === "long_wait"
          ? h("button", {
              type: "button",
              text: t("keep_waiting"),
              onclick: function () {
                state.view = "chat";
                state.keepWaiting = true;
                save();
                render();
                focusFirst();
                connect();
              },
            })
          : null,
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.disabled = true;
      showError(error, "");
      request("/chat/api/leave-message/", { token: state.token, email: email.value.trim(), body: message.value.trim() })
        .then(function (data) {
          state.left = { ticket: data.ticket, email: email.value.trim() };
          state.email = email.value.trim();
          state.view = "left";
          state.pending = [];
          save();
          disconnect();
          render();
          var done = ui.main.querySelector(".cdw-done");
          if (done) done.focus();
        })
        .catch(function (problem) {
          submit.disabled = false;
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function viewLeft() {
    var left = state.left || {};
    return h("div", { class: "cdw-form" }, [
      h("p", { class: "cdw-done", tabindex: "-1", role: "status", text: t("left", { ticket: left.ticket || "", email: left.email || "" }) }),
      h("button", { type: "button", class: "cdw-link", text: t("new_chat"), onclick: newChat }),
    ]);
  }

  function newChat() {
    disconnect();
    state = freshState(state.lang);
    state.open = true;
    save();
    render();
    focusFirst();
  }

  // --- Messages -----------------------------------------------------------------------------------
  var seqIndex = {};

  function authorLabel(m) {
    if (m.kind === "customer") return t("you");
    if (m.assistant) return t("assistant");
    return nameOf(m.author) || t("agent");
  }

  // --- Tier 0: the choices under its answer, and "talk to a person" --------------------------------
  function choicesSeq() {
    // Only the newest answer offers its choices, and only until the visitor writes again.
    var seq = 0;
    state.messages.forEach(function (m) {
      if (m.assistant && m.assistant.choices && m.assistant.choices.length) seq = m.seq;
      else if (m.kind === "customer" && seq) seq = 0;
    });
    return seq;
  }

  function choicesElement(m) {
    var row = h("div", { class: "cdw-choices" });
    if (m.assistant.choices.indexOf("solved") >= 0) {
      row.appendChild(
        h("button", {
          type: "button",
          class: "cdw-primary cdw-solved",
          text: t("solved"),
          onclick: function (event) {
            event.target.disabled = true;
            request("/assistant/chat/solved/", { token: state.token, assessment: m.assistant.assessment })
              .then(function () {
                state.assistant = false;
                endChat();
              })
              .catch(function (problem) {
                event.target.disabled = false;
                if (ui.composerError) showError(ui.composerError, failure(problem));
              });
          },
        })
      );
    }
    if (m.assistant.choices.indexOf("person") >= 0) {
      row.appendChild(h("button", { type: "button", text: t("talk_to_person"), onclick: askForPerson }));
    }
    return row;
  }

  function paintChoices() {
    if (!ui.log) return;
    Array.prototype.forEach.call(ui.log.querySelectorAll(".cdw-choices"), function (el) {
      el.remove();
    });
    if (ui.personBar) ui.personBar.hidden = !state.assistant || state.ended;
    if (!state.assistant || state.ended) return;
    var seq = choicesSeq();
    if (!seq) return;
    var li = ui.log.querySelector('li[data-seq="' + seq + '"]');
    var m = null;
    state.messages.forEach(function (x) {
      if (x.seq === seq) m = x;
    });
    if (li && m) li.appendChild(choicesElement(m));
  }

  function askForPerson(event) {
    // Never refused: whatever tier 0 was doing, the chat goes to the agents.
    var button = event && event.target;
    if (button) {
      button.disabled = true;
      button.textContent = t("asking_person");
    }
    request("/assistant/chat/person/", { token: state.token })
      .then(function (data) {
        state.assistant = !!(data && data.assistant);
        save();
        paintChoices();
        updateStatusLine();
        if (ui.input) ui.input.focus();
      })
      .catch(function (problem) {
        if (button) {
          button.disabled = false;
          button.textContent = t("talk_to_person");
        }
        if (ui.composerError) showError(ui.composerError, failure(problem));
      });
  }

  function messageElement(m) {
    var li = h("li", {
      class: "cdw-msg cdw-msg-" + m.kind + (m.assistant ? " cdw-msg-assistant" : ""),
      "data-seq": String(m.seq),
    });
    if (m.client_id) li.setAttribute("data-client", m.client_id);
    if (m.kind === "system") {
      li.appendChild(h("p", { class: "cdw-body", text: m.body || "" }));
      return li;
    }
    li.appendChild(
      h("p", { class: "cdw-meta" }, [
        h("span", { class: "cdw-author", text: authorLabel(m) }),
        h("time", { datetime: m.created_at || "", text: formatTime(m.created_at) }),
      ])
    );
    if (m.body) li.appendChild(h("p", { class: "cdw-body", text: m.body }));
    var article = m.assistant && m.assistant.article_url ? safeUrl(m.assistant.article_url) : null;
    if (article) {
      li.appendChild(
        h("p", { class: "cdw-article" }, [
          h("a", { href: article, target: "_blank", rel: "noopener noreferrer", text: t("read_article") }),
        ])
      );
    }
    var files = (m.attachments || []).filter(Boolean);
    if (files.length) {
      var list = h("ul", { class: "cdw-files" });
      files.forEach(function (file) {
        var label = file.filename || file.name || t("attachment");
        var href = file.url ? safeUrl(file.url) : null;
        list.appendChild(
          h("li", {}, [href ? h("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label }) : label])
        );
      });
      li.appendChild(list);
    }
    if (m.kind === "customer") li.appendChild(h("p", { class: "cdw-receipt" }));
    return li;
  }

  function pendingElement(item) {
    var li = messageElement({ kind: "customer", seq: "", client_id: item.client_id, body: item.body, created_at: item.created_at });
    li.removeAttribute("data-seq");
    li.classList.add("cdw-pending");
    return li;
  }

  function insertBySeq(li, seq) {
    var children = ui.log.children;
    for (var i = 0; i < children.length; i++) {
      var other = children[i].getAttribute("data-seq");
      if (!other || parseInt(other, 10) > seq) {
        ui.log.insertBefore(li, children[i]);
        return;
      }
    }
    ui.log.appendChild(li);
  }

  function findByClient(clientId) {
    if (!ui.log || !clientId) return null;
    var items = ui.log.querySelectorAll("li[data-client]");
    for (var i = 0; i < items.length; i++) if (items[i].getAttribute("data-client") === clientId) return items[i];
    return null;
  }

  function rememberMessage(m) {
    seqIndex[m.seq] = true;
    state.messages.push(m);
    state.messages.sort(function (a, b) {
      return a.seq - b.seq;
    });
    if (m.seq > state.seq) state.seq = m.seq;
  }

  function dropPending(clientId) {
    state.pending = state.pending.filter(function (p) {
      return p.client_id !== clientId;
    });
    delete sentOn[clientId];
  }

  function onMessage(frame) {
    var seq = parseInt(frame.seq, 10);
    if (!seq || frame.kind === "note" || seqIndex[seq]) return;
    var m = {
      seq: seq,
      kind: frame.kind,
      author: nameOf(frame.author),
      body: frame.body || "",
      client_id: frame.client_id || "",
      created_at: frame.created_at || "",
      attachments: frame.attachments || [],
    };
    if (frame.assistant && typeof frame.assistant === "object") {
      m.assistant = {
        assessment: frame.assistant.assessment,
        choices: Array.isArray(frame.assistant.choices) ? frame.assistant.choices : [],
        article_url: frame.assistant.article_url || "",
      };
    }
    if (m.client_id) dropPending(m.client_id);
    rememberMessage(m);
    save();
    if (!ui.log) return;
    var existing = findByClient(m.client_id);
    var li = messageElement(m);
    if (existing) existing.remove();
    insertBySeq(li, seq);
    var upload = ui.log.querySelector('li[data-upload-seq="' + seq + '"]');
    if (upload) upload.remove();
    if (m.kind !== "customer") {
      showRemoteTyping(null, false);
      if (!state.open || document.visibilityState !== "visible") {
        unread += 1;
        applyChrome();
      }
    }
    updateReceipts();
    paintChoices();
    scrollToEnd();
    markRead();
  }

  function onAck(frame) {
    var seq = parseInt(frame.seq, 10);
    var item = null;
    state.pending.forEach(function (p) {
      if (p.client_id === frame.client_id) item = p;
    });
    if (!item || !seq) return;
    dropPending(item.client_id);
    if (!seqIndex[seq]) {
      rememberMessage({
        seq: seq,
        kind: "customer",
        author: "",
        body: item.body,
        client_id: item.client_id,
        created_at: item.created_at,
        attachments: [],
      });
    }
    save();
    var li = findByClient(item.client_id);
    if (li && !li.getAttribute("data-seq")) {
      li.setAttribute("data-seq", String(seq));
      li.classList.remove("cdw-pending");
      li.remove();
      insertBySeq(li, seq);
    }
    updateReceipts();
  }

  function updateReceipts() {
    if (!ui.log) return;
    var own = ui.log.querySelectorAll("li.cdw-msg-customer");
    Array.prototype.forEach.call(own, function (li, index) {
      var receipt = li.querySelector(".cdw-receipt");
      if (!receipt) return;
      var text = "";
      var seq = parseInt(li.getAttribute("data-seq") || "0", 10);
      if (li.classList.contains("cdw-failed")) text = t("error");
      else if (!seq) text = ready ? t("sending") : t("queued");
      else if (index === own.length - 1) text = seq <= state.readBy ? t("read") : t("delivered");
      receipt.textContent = text;
    });
  }

  function scrollToEnd() {
    if (ui.log) ui.log.scrollTop = ui.log.scrollHeight;
  }

  function localNotice(text, extra) {
    if (!ui.log) return null;
    var li = h("li", { class: "cdw-msg cdw-local", text: text });
    Object.keys(extra || {}).forEach(function (key) {
      li.setAttribute(key, extra[key]);
    });
    ui.log.appendChild(li);
    scrollToEnd();
    return li;
  }

  function upload(file) {
    if (file.size > config.maxUploadMb * 1024 * 1024) {
      localNotice(t("too_big", { name: file.name, mb: config.maxUploadMb }));
      return;
    }
    var placeholder = localNotice(t("uploading", { name: file.name }));
    var data = new FormData();
    data.append("token", state.token);
    // The same id on a retried upload never makes a second message.
    data.append("client_id", uuid());
    data.append("file", file, file.name);
    request("/chat/api/attachments/", data)
      .then(function (answer) {
        if (!placeholder) return;
        if (seqIndex[answer.seq]) placeholder.remove();
        else placeholder.setAttribute("data-upload-seq", String(answer.seq));
      })
      .catch(function () {
        if (placeholder) {
          placeholder.textContent = t("upload_failed", { name: file.name });
          placeholder.classList.add("cdw-failed");
        }
      });
  }

  // --- Typing and read receipts ---------------------------------------------------------------------
  var typingActive = false;
  var typingTimer = null;
  var remoteTypingTimer = null;

  function setTyping(active) {
    clearTimeout(typingTimer);
    if (active) {
      typingTimer = setTimeout(function () {
        setTyping(false);
      }, 4000);
    }
    if (active === typingActive) return;
    typingActive = active;
    send({ type: "typing", active: active });
  }

  function onTypingInput() {
    setTyping(!!ui.input.value.trim());
  }

  function showRemoteTyping(name, active) {
    clearTimeout(remoteTypingTimer);
    if (!ui.typing) return;
    ui.typing.textContent = active ? t("typing", { name: name || t("agent") }) : "";
    // A lost "stopped typing" frame must not leave the indicator on for ever.
    if (active) {
      remoteTypingTimer = setTimeout(function () {
        showRemoteTyping(null, false);
      }, 8000);
    }
  }

  function markRead() {
    if (!ready || !state.open || state.view !== "chat" || document.visibilityState !== "visible") return;
    if (state.seq > state.readSent) {
      state.readSent = state.seq;
      save();
      send({ type: "read", seq: state.seq });
    }
  }

  // --- The connection -------------------------------------------------------------------------------
  var ws = null;
  var ready = false;
  var attempt = 0;
  var reconnectTimer = null;
  var connection = 0;
  var sentOn = {};
  var ackTimer = null;

  function wanted() {
    // While the visitor considers leaving a message the chat still waits, and an agent may take it.
    return !!state.token && (state.view === "chat" || state.view === "leave") && !state.ended;
  }

  function setConn(kind) {
    var text = kind === "offline" ? t("offline") : kind === "reconnecting" ? t("reconnecting") : "";
    ui.conn.textContent = text;
    ui.conn.hidden = !text;
    updateReceipts();
  }

  function send(frame) {
    if (!ws || ws.readyState !== 1 || (!ready && frame.type !== "hello")) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (ws || !wanted()) return;
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
      if (ws === socket) socket.send(JSON.stringify({ type: "hello", token: state.token, last_seq: state.seq }));
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
      ready = false;
      typingActive = false;
      showRemoteTyping(null, false);
      if (wanted()) {
        setConn(navigator.onLine === false ? "offline" : "reconnecting");
        scheduleReconnect();
      }
    };
  }

  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    // Exponential backoff with jitter, so a helpdesk restart is not met by every widget at once.
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
    attempt += 1;
    reconnectTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function disconnect() {
    clearTimeout(reconnectTimer);
    var socket = ws;
    ws = null;
    ready = false;
    if (socket) socket.close();
    setConn("ok");
  }

  function reconnectNow() {
    attempt = 0;
    if (ws) {
      // A socket that looked open across a network change is often dead; start again.
      var socket = ws;
      ws = null;
      ready = false;
      socket.close();
    }
    connect();
  }

  function flushPending() {
    if (!ready) return;
    var mine = connection;
    var due = state.pending.filter(function (p) {
      return sentOn[p.client_id] !== mine;
    });
    // Spaced out to stay under the server's rate limit after a long outage.
    due.forEach(function (item, index) {
      setTimeout(function () {
        if (connection !== mine || !ready || sentOn[item.client_id] === mine) return;
        if (!state.pending.some(function (p) { return p.client_id === item.client_id; })) return;
        if (send({ type: "message.send", client_id: item.client_id, body: item.body })) sentOn[item.client_id] = mine;
      }, index * 150);
    });
    updateReceipts();
    watchAcks();
  }

  function watchAcks() {
    clearTimeout(ackTimer);
    if (!state.pending.length) return;
    var mine = connection;
    ackTimer = setTimeout(function () {
      // Sent but never acknowledged: the socket is half-open. Reconnecting resends with the same ids.
      if (connection === mine && ws && state.pending.length) reconnectNow();
    }, ACK_TIMEOUT_MS + state.pending.length * 150);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "welcome":
        ready = true;
        attempt = 0;
        setConn("ok");
        var agentRead = frame.read && parseInt(frame.read.agent, 10);
        if (agentRead && agentRead > state.readBy) state.readBy = agentRead;
        if (frame.status) applyStatus(frame);
        flushPending();
        markRead();
        break;
      case "message":
        onMessage(frame);
        break;
      case "ack":
        onAck(frame);
        if (!state.pending.length) clearTimeout(ackTimer);
        break;
      case "typing":
        if (frame.who === "agent") showRemoteTyping(nameOf(frame.name), !!frame.active);
        break;
      case "read":
        if (frame.by !== "customer") {
          var seq = parseInt(frame.seq, 10) || 0;
          if (seq > state.readBy) {
            state.readBy = seq;
            save();
            updateReceipts();
          }
        }
        break;
      case "status":
        applyStatus(frame);
        break;
      case "error":
        onError(frame);
        break;
    }
  }

  function applyStatus(frame) {
    state.status = frame.status;
    if ("assistant" in frame) state.assistant = !!frame.assistant;
    if ("agent" in frame) state.agent = nameOf(frame.agent) || null;
    if ("queue" in frame) state.queue = frame.queue || null;
    save();
    if (frame.status === "ended" && !state.ended) {
      endChat();
      return;
    }
    if (frame.status === "active" && state.view === "leave") {
      // An agent took the chat after all: back to the conversation, keeping what was typed.
      var typed = ui.main.querySelector(".cdw-leave textarea");
      var draft = typed ? typed.value : "";
      state.view = "chat";
      save();
      render();
      if (draft && ui.input) ui.input.value = draft;
      focusFirst();
      return;
    }
    paintChoices();
    updateStatusLine();
  }

  function endChat() {
    var hadFocus = ui.main.contains(root.activeElement);
    state.ended = true;
    state.pending = [];
    save();
    showRemoteTyping(null, false);
    disconnect();
    if (state.view !== "chat" || !ui.log) return;
    var bottom = ui.main.querySelector(".cdw-bottom");
    var section = endedSection();
    if (bottom) bottom.replaceWith(section);
    updateStatusLine();
    paintChoices();
    if (hadFocus) ui.endedHeading.focus();
  }

  function onError(frame) {
    var code = frame.code;
    // `unauthenticated` only means this socket said hello too late (the close is 4408): the token
    // still holds, so the widget reconnects and says hello again instead of forgetting the chat.
    if (!ready && (code === "not_found" || code === "forbidden")) {
      // The conversation token is no longer accepted: this chat cannot be resumed.
      disconnect();
      var lang = state.lang;
      var open = state.open;
      state = freshState(lang);
      state.open = open;
      save();
      render();
      var error = ui.main.querySelector(".cdw-error");
      if (error) showError(error, t("gone"));
    } else if (code === "closed") {
      endChat();
    } else if (code === "rate_limited") {
      setConn("ok");
      if (ui.composerError) showError(ui.composerError, t("rate_limited"));
      var mine = connection;
      Object.keys(sentOn).forEach(function (id) {
        if (sentOn[id] === mine) delete sentOn[id];
      });
      setTimeout(function () {
        if (ui.composerError) showError(ui.composerError, "");
        flushPending();
      }, 1500);
    } else if (frame.client_id) {
      // That one message was refused for good (too large, malformed): it is not resent.
      dropPending(frame.client_id);
      save();
      var li = findByClient(frame.client_id);
      if (li) li.classList.add("cdw-failed");
      if (ui.composerError) showError(ui.composerError, code === "too_large" ? t("too_long") : t("error"));
      updateReceipts();
    }
  }

  window.addEventListener("offline", function () {
    setConn("offline");
    if (ws) reconnectNow();
  });
  window.addEventListener("online", function () {
    if (wanted()) {
      setConn("reconnecting");
      reconnectNow();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    if (!ws && wanted()) reconnectNow();
    markRead();
  });

  // --- Start ----------------------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    loadCatalogue(state.lang, function () {
      render();
      drawn = true;
      ui.panel.hidden = !state.open;
      applyChrome();
      connect();
      if (focusWhenDrawn && state.open) focusFirst();
      focusWhenDrawn = false;
    });
  }

  window.CryptodeskChat = {
    open: function () {
      setOpen(true, true);
    },
    close: function () {
      setOpen(false, false);
    },
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
