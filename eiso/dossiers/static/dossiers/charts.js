// Draws the dossier charts: a canvas[data-dossier-chart] names the id of a json_script
// element holding {labels, received, early, on_time, late}.
(function () {
  function draw() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-dossier-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var source = document.getElementById(canvas.dataset.dossierChart);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: "Trước hạn", data: data.early, backgroundColor: "#198754", stack: "kq" },
            { label: "Đúng hạn", data: data.on_time, backgroundColor: "#0d6efd", stack: "kq" },
            { label: "Quá hạn", data: data.late, backgroundColor: "#dc3545", stack: "kq" },
            { label: "Tiếp nhận", data: data.received, type: "line", borderColor: "#6c757d" }
          ]
        },
        options: { responsive: true, animation: false, plugins: { legend: { position: "bottom" } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
