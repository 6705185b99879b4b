// The chart of the Bộ chỉ số 766 page: per group, the points earned and the rest of its maximum
// (points of indicators that did not arise in the period are shown apart). Every figure is also in
// the table under the chart.
(function () {
  "use strict";
  var source = document.getElementById("index-766-data");
  var canvas = document.getElementById("chart-766");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  Chart.defaults.locale = "vi-VN";
  var points = function (item) {
    return item.dataset.label + ": " + item.formattedValue + " điểm";
  };
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Điểm đạt", data: data.points, backgroundColor: "#198754" },
        { label: "Chưa đạt", data: data.rest, backgroundColor: "#f1aeb5" },
        { label: "Không phát sinh (không tính)", data: data.left_out, backgroundColor: "#dee2e6" },
      ],
    },
    options: {
      indexAxis: "y",
      animation: false,
      plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: points } } },
      scales: { x: { stacked: true, beginAtZero: true, max: 22 }, y: { stacked: true } },
    },
  });
})();
