// The bell in the top bar: its unread count follows the person's own socket (/ws/notifications/);
// opening it loads the newest notifications (notifications:recent). No text travels on the socket.
(function () {
  "use strict";
  let socket = null;
  let delay = 1000;

  function bell() {
    return document.querySelector("[data-notification-bell]");
  }

  function setCount(unread) {
    const el = bell();
    if (!el) return;
    el.dataset.unread = String(unread);
    const count = el.querySelector("[data-unread-count]");
    count.textContent = unread > 99 ? "99+" : String(unread);
    count.hidden = unread === 0;
  }

  function loadRecent(el) {
    const list = el.querySelector("[data-bell-list]");
    fetch(el.dataset.recentUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => { list.innerHTML = html; })
      .catch(() => {});
  }

  function connect() {
    const el = bell();
    if (!el || socket) return;
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + el.dataset.socket);
    socket.addEventListener("open", () => {
      delay = 1000;
      const live = bell();
      if (live) live.dataset.live = "true";
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch (_error) { return; }
      if (frame.type !== "unread") return;
      setCount(frame.unread);
      const open = bell();
      if (frame.added && open && open.open) loadRecent(open);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      const gone = bell();
      if (gone) delete gone.dataset.live;
      // 4401/4403: signed out or not allowed; reconnecting would only be refused again.
      if (event.code === 4401 || event.code === 4403) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  document.addEventListener("toggle", (event) => {
    const el = event.target;
    if (el instanceof HTMLElement && el.matches("[data-notification-bell]") && el.open) loadRecent(el);
  }, true);
  // The bell arrives by htmx after the page: connect when it does.
  document.addEventListener("htmx:load", connect);
  document.addEventListener("DOMContentLoaded", connect);
})();
