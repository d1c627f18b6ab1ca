// Dashboard charts. The figures come from <script type="application/json">
// blocks written by json_script (no inline script: the CSP forbids it), and
// every chart has a table with the same numbers for those who cannot see it.
(function () {
  "use strict";

  var COLOURS = {
    primary: "#0d6efd",
    target: "#6c757d",
    interval: "rgba(13, 110, 253, 0.2)",
    scores: ["#dc3545", "#fd7e14", "#adb5bd", "#6ea8fe", "#198754"]
  };

  function readData(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: function (value) { return value + " %"; } } };
  }

  var builders = {
    // CSAT per day or week, with the target as a dashed line.
    trend: function (data) {
      var datasets = [{
        label: "CSAT",
        data: data.csat,
        borderColor: COLOURS.primary,
        backgroundColor: COLOURS.primary,
        spanGaps: false,
        tension: 0.2
      }, {
        label: "Too few ratings to compare",
        data: data.thin,
        showLine: false,
        pointRadius: 4,
        pointStyle: "circle",
        borderColor: COLOURS.target,
        backgroundColor: "rgba(0, 0, 0, 0)"
      }];
      if (data.target !== null) {
        datasets.push({
          label: "Target",
          data: data.labels.map(function () { return data.target; }),
          borderColor: COLOURS.target,
          borderDash: [6, 4],
          pointRadius: 0
        });
      }
      return {
        type: "line",
        data: { labels: data.labels, datasets: datasets },
        options: { scales: { y: percentAxis() } }
      };
    },
    // Ratings per score, 1 to 5.
    distribution: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: "Ratings", data: data.counts, backgroundColor: COLOURS.scores }]
        },
        options: { plugins: { legend: { display: false } } }
      };
    },
    // CSAT as a point inside a bar spanning its 95 % interval, the target as a dashed line.
    intervals: function (data) {
      var datasets = [
        { type: "line", label: "CSAT", data: data.csat, showLine: false, pointRadius: 5,
          borderColor: COLOURS.primary, backgroundColor: COLOURS.primary },
        { label: "95 % interval", data: data.intervals, backgroundColor: COLOURS.interval }
      ];
      if (data.target !== null) {
        datasets.push({ type: "line", label: "Target", pointRadius: 0, borderColor: COLOURS.target,
                        borderDash: [6, 4], data: data.labels.map(function () { return data.target; }) });
      }
      return {
        type: "bar",
        data: { labels: data.labels, datasets: datasets },
        options: { scales: { y: percentAxis() } }
      };
    }
  };

  function draw() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = builders[canvas.getAttribute("data-chart")];
      var data = readData(canvas.getAttribute("data-chart-data"));
      if (!build || !data) { return; }
      var config = build(data);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false },
                                     config.options);
      new window.Chart(canvas, config);
      canvas.setAttribute("data-chart-ready", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
