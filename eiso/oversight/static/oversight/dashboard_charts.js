// Charts of the province's dashboard (the stage and announcement charts are the registry's, drawn
// by registry_charts.js). Every figure is also in the table under its chart; a null value (no
// data) is a gap, never drawn as 0.
(function () {
  const year = document.getElementById("dashboard-year");
  if (year) year.addEventListener("change", () => year.form.submit());

  const source = document.getElementById("dashboard-charts-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  Chart.defaults.locale = "vi-VN";

  const NO_DATA = "chưa có dữ liệu";
  const BAND_COLOURS = ["#198754", "#20c997", "#0d6efd", "#ffc107", "#dc3545", "#6c757d", "#6610f2"];
  const SERIES_COLOURS = ["#198754", "#0d6efd", "#6f42c1", "#fd7e14", "#dc3545"];
  const count = { beginAtZero: true, ticks: { precision: 0 } };
  const percentAxis = { beginAtZero: true, max: 100, ticks: { callback: (value) => value + " %" } };
  const percentTooltip = {
    callbacks: {
      label: (item) =>
        item.dataset.label + ": " + (item.raw === null ? NO_DATA : item.formattedValue + " %"),
    },
  };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  draw("chart-on-time", {
    type: "bar",
    data: {
      labels: data.onTime.labels,
      datasets: [{ label: "Tỷ lệ đúng hạn", data: data.onTime.values, backgroundColor: "#0d6efd" }],
    },
    options: { plugins: { legend: { display: false }, tooltip: percentTooltip }, scales: { y: percentAxis } },
  });

  draw("chart-bands", {
    type: "bar",
    data: {
      labels: data.bands.labels,
      datasets: data.bands.bands.map((band, index) => ({
        label: band,
        data: data.bands.counts[index],
        backgroundColor: BAND_COLOURS[index % BAND_COLOURS.length],
      })),
    },
    options: { scales: { x: { stacked: true }, y: { ...count, stacked: true } } },
  });

  draw("chart-trends", {
    type: "line",
    data: {
      labels: data.trends.labels,
      datasets: data.trends.series.map((series, index) => ({
        label: series.label,
        data: series.values,
        borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        spanGaps: false,
        tension: 0,
      })),
    },
    options: { plugins: { tooltip: percentTooltip }, scales: { y: percentAxis } },
  });
})();
