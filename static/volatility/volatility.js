// The volatility page's chart: arrivals per 15 minutes, the usual for that slot of the week, and the
// bar a bucket must reach to be a surge. Data comes from json_script (the CSP forbids inline code).
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function draw() {
    var data = readJSON("volatility-chart-data");
    var labels = readJSON("volatility-chart-labels");
    var canvas = document.getElementById("volatility-chart");
    if (!data || !labels || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      weekday: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: labels.time_zone,
    });
    var ticks = data.starts.map(function (iso) { return format.format(new Date(iso)); });
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: ticks,
        datasets: [
          { label: labels.arrivals, data: data.arrivals, borderColor: "#2563eb", backgroundColor: "#2563eb",
            pointRadius: 0, borderWidth: 1.5, stepped: "before" },
          { label: labels.usual, data: data.usual, borderColor: "#6b7280", backgroundColor: "#6b7280",
            pointRadius: 0, borderWidth: 1.5, borderDash: [4, 3] },
          { label: labels.bar, data: data.bar, borderColor: "#dc2626", backgroundColor: "#dc2626",
            pointRadius: 0, borderWidth: 1, borderDash: [2, 2] },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 14 } }, y: { beginAtZero: true } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
