// Trend chart of one objective: the value per period against the target line.
(function () {
  var canvas = document.getElementById("objective-trend");
  var source = document.getElementById("objective-trend-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var trend = JSON.parse(source.textContent);
  var format = function (value) {
    return value === null || value === undefined ? "chưa có dữ liệu" : String(value).replace(".", ",") + (trend.unit ? " " + trend.unit : "");
  };
  new Chart(canvas, {
    type: "line",
    data: {
      labels: trend.labels,
      datasets: [
        {label: "Kết quả", data: trend.values, borderColor: "#0b4f8a", backgroundColor: "#0b4f8a", spanGaps: false, tension: 0.2},
        {label: "Chỉ tiêu", data: trend.labels.map(function () { return trend.target; }), borderColor: "#dc3545",
         borderDash: [6, 4], pointRadius: 0, fill: false}
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {y: {beginAtZero: true, suggestedMax: trend.unit === "%" ? 100 : undefined}},
      plugins: {tooltip: {callbacks: {label: function (item) { return item.dataset.label + ": " + format(item.raw); }}}}
    }
  });
})();
