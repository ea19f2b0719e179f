/*
 * Help center: "Chat with us" loads the live chat widget on demand, passing the article the
 * customer was reading (data-article-url, data-article-title) so the agent sees it, and tells the
 * help center the visitor contacted support (for the deflection count).
 */
(function () {
  "use strict";

  function openChat(button) {
    if (navigator.sendBeacon) navigator.sendBeacon(button.getAttribute("data-opened"));
    if (window.CryptodeskChat) {
      window.CryptodeskChat.open();
      return;
    }
    button.disabled = true;
    var script = document.createElement("script");
    script.src = button.getAttribute("data-widget");
    script.async = true;
    ["helpdesk", "language", "article-url", "article-title"].forEach(function (name) {
      var value = button.getAttribute("data-" + name);
      if (value) script.setAttribute("data-" + name, value);
    });
    script.addEventListener("load", function () {
      button.disabled = false;
      // The widget mounts once the document is ready; give it a tick before opening it.
      setTimeout(function () {
        if (window.CryptodeskChat) window.CryptodeskChat.open();
      }, 0);
    });
    script.addEventListener("error", function () {
      button.disabled = false;
    });
    document.body.appendChild(script);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-chat]");
    if (!button) return;
    event.preventDefault();
    openChat(button);
  });
})();
