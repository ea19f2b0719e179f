// The supervisor dashboard's trend charts, drawn by Chart.js from the numbers the page holds in
// #report-charts (json_script): one line chart per metric, into its <canvas data-chart="key">.
// The tables beside each chart carry the same numbers for readers who do not see the chart.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("report-charts");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    var accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#2456c7";
    charts.forEach(function (chart) {
      var canvas = document.querySelector('canvas[data-chart="' + CSS.escape(chart.key) + '"]');
      if (!canvas) {
        return;
      }
      new window.Chart(canvas, {
        type: chart.unit === "count" ? "bar" : "line",
        data: {
          labels: chart.labels,
          datasets: [
            {
              label: chart.label,
              data: chart.values,
              borderColor: accent,
              backgroundColor: accent,
              spanGaps: true,
              tension: 0.2,
              pointRadius: 2,
            },
          ],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          responsive: true,
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                // The server's text, formatted in the agent's language, not the raw number.
                label: function (item) {
                  return chart.label + ": " + chart.texts[item.dataIndex];
                },
              },
            },
          },
          scales: { y: { beginAtZero: true, title: { display: Boolean(chart.axis), text: chart.axis } } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
