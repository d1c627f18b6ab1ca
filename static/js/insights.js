// Dashboard charts. The figures come from <script type="application/json">
// blocks written by json_script (no inline script: the CSP forbids it), and
// every chart has a table with the same numbers for those who cannot see it.
// The words the charts draw come the same way, translated by the page
// ("chart-labels"), and numbers are written in the page's language.
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

  var LABELS = readData("chart-labels") || {};
  var LANGUAGE = document.documentElement.lang || undefined;
  var PERCENT = new Intl.NumberFormat(LANGUAGE, { style: "percent", maximumFractionDigits: 1 });
  var NUMBER = new Intl.NumberFormat(LANGUAGE);

  function label(key) {
    return LABELS[key] || "";
  }

  // A share in percent (0–100, as the charts' data holds it) written as the language writes one.
  function percent(value) {
    return value === null || value === undefined ? "" : PERCENT.format(value / 100);
  }

  // "n = 12": the ratings behind a point.
  function sample(count) {
    return label("n").replace("%(n)s", NUMBER.format(count));
  }

  function percentAxis() {
    return {
      min: 0,
      max: 100,
      title: { display: true, text: label("csat") },
      ticks: { callback: function (value) { return percent(value); } }
    };
  }

  // Tooltips: "CSAT: 85 % (n = 12)" for the CSAT series, "Target: 80 %" for the target line.
  function percentTooltip(ratings) {
    return {
      callbacks: {
        label: function (item) {
          var value = Array.isArray(item.raw) ? item.raw.map(percent).join("–") : percent(item.raw);
          var text = item.dataset.label + ": " + value;
          if (item.dataset.withSample && ratings && ratings[item.dataIndex] !== undefined) {
            text += " (" + sample(ratings[item.dataIndex]) + ")";
          }
          return text;
        }
      }
    };
  }

  var builders = {
    // CSAT per day or week, with the target as a dashed line.
    trend: function (data) {
      var datasets = [{
        label: label("csat"),
        data: data.csat,
        withSample: true,
        borderColor: COLOURS.primary,
        backgroundColor: COLOURS.primary,
        spanGaps: false,
        tension: 0.2
      }, {
        label: label("thin"),
        data: data.thin,
        withSample: true,
        showLine: false,
        pointRadius: 4,
        pointStyle: "circle",
        borderColor: COLOURS.target,
        backgroundColor: "rgba(0, 0, 0, 0)"
      }];
      if (data.target !== null) {
        datasets.push({
          label: label("target"),
          data: data.labels.map(function () { return data.target; }),
          borderColor: COLOURS.target,
          borderDash: [6, 4],
          pointRadius: 0
        });
      }
      return {
        type: "line",
        data: { labels: data.labels, datasets: datasets },
        options: {
          scales: { x: { title: { display: true, text: label("bucket") } }, y: percentAxis() },
          plugins: { tooltip: percentTooltip(data.ratings) }
        }
      };
    },
    // Ratings per score, 1 to 5.
    distribution: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: label("ratings"), data: data.counts, backgroundColor: COLOURS.scores }]
        },
        options: {
          scales: {
            x: { title: { display: true, text: label("score") } },
            y: { title: { display: true, text: label("ratings") },
                 ticks: { callback: function (value) { return NUMBER.format(value); } } }
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (item) {
              return item.dataset.label + ": " + NUMBER.format(item.raw);
            } } }
          }
        }
      };
    },
    // CSAT as a point inside a bar spanning its 95 % interval, the target as a dashed line.
    intervals: function (data) {
      var datasets = [
        { type: "line", label: label("csat"), data: data.csat, withSample: true, showLine: false, pointRadius: 5,
          borderColor: COLOURS.primary, backgroundColor: COLOURS.primary },
        { label: label("interval"), data: data.intervals, backgroundColor: COLOURS.interval }
      ];
      if (data.target !== null) {
        datasets.push({ type: "line", label: label("target"), pointRadius: 0, borderColor: COLOURS.target,
                        borderDash: [6, 4], data: data.labels.map(function () { return data.target; }) });
      }
      return {
        type: "bar",
        data: { labels: data.labels, datasets: datasets },
        options: { scales: { y: percentAxis() }, plugins: { tooltip: percentTooltip(data.ratings) } }
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
