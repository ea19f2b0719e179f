// Ticks every SLA countdown on the page once a second and recolours it as it crosses its warning
// and its deadline. Server-rendered text is the fallback; the queue also refreshes itself.
(function () {
  if (window.slaCountdown) return;
  window.slaCountdown = true;
  var lang = document.documentElement.lang || "en";
  var units = {};
  function unit(name, n) {
    if (!units[name]) {
      try {
        units[name] = new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "narrow" });
      } catch (e) {
        units[name] = { format: function (v) { return v + name.charAt(0); } };
      }
    }
    return units[name].format(n);
  }
  function short(seconds) {
    var s = Math.floor(Math.abs(seconds));
    var text;
    if (s < 60) text = unit("second", s);
    else if (s < 3600) text = unit("minute", Math.floor(s / 60));
    else if (s < 86400) text = unit("hour", Math.floor(s / 3600)) + " " + unit("minute", Math.floor((s % 3600) / 60));
    else text = unit("day", Math.floor(s / 86400)) + " " + unit("hour", Math.floor((s % 86400) / 3600));
    return (seconds < 0 ? "\u2212" : "") + text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-sla-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-sla-due"));
      var warn = el.hasAttribute("data-sla-warn") ? Date.parse(el.getAttribute("data-sla-warn")) : NaN;
      if (isNaN(due)) return;
      var left = (due - now) / 1000;
      var label = el.querySelector("[data-sla-left]");
      if (label) label.textContent = short(left);
      if (el.classList.contains("sla-breached")) return;
      if (left <= 0) {
        el.classList.remove("sla-ok", "sla-warning");
        el.classList.add("sla-breached");
      } else if (!isNaN(warn) && now >= warn && el.classList.contains("sla-ok")) {
        el.classList.remove("sla-ok");
        el.classList.add("sla-warning");
      }
    });
  }
  tick();
  setInterval(tick, 1000);
})();
