// Charts of the registry page: agencies per QMS stage, per transition state, announcement coverage per kind.
(function () {
  const source = document.getElementById("registry-charts-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(document.getElementById("chart-stages"), {
    type: "bar",
    data: { labels: data.stages.labels, datasets: [{ label: "Số cơ quan", data: data.stages.values }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const transitions = document.getElementById("chart-transitions");
  if (transitions && data.transitions) {
    new Chart(transitions, {
      type: "bar",
      data: { labels: data.transitions.labels, datasets: [{ label: "Số cơ quan", data: data.transitions.values }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  new Chart(document.getElementById("chart-announcement"), {
    type: "bar",
    data: {
      labels: data.announcement.labels,
      datasets: [
        { label: "Đã công bố", data: data.announcement.announced, backgroundColor: "#198754" },
        { label: "Chưa công bố", data: data.announcement.missing, backgroundColor: "#dc3545" },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
