// The customer's sentiment over time (polarity −1…+1 per message), drawn with Chart.js from npm.
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  const fa = document.documentElement.lang === "fa";
  // Persian digits and decimal sign; the mark keeps the minus sign before the number in right-to-left text
  const digits = (s) =>
    fa ? "\u200e" + String(s).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]).replace(".", "٫") : String(s);
  const colour = (p) => (p <= -0.5 ? "#dc2626" : p < -0.1 ? "#ea580c" : p <= 0.1 ? "#64748b" : "#16a34a");
  new window.Chart(document.getElementById("trend"), {
    type: "line",
    data: {
      labels: data.map((d) => d.date),
      datasets: [{
        data: data.map((d) => d.polarity),
        borderColor: "#0f766e",
        pointBackgroundColor: data.map((d) => colour(d.polarity)),
        pointRadius: 4,
        tension: 0.25,
      }],
    },
    options: {
      layout: { padding: { left: 4, right: 28 } }, // room for the first date label at the edge
      plugins: { legend: { display: false } },
      scales: {
        y: { min: -1, max: 1, ticks: { callback: (v) => digits(v) } },
        x: { reverse: fa, ticks: { maxTicksLimit: 6 } },
      },
      font: { family: "Vazirmatn" },
    },
  });
});
