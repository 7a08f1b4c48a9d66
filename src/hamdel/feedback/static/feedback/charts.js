// Survey trends and listening-post volumes, drawn with Chart.js (npm). Time runs right-to-left in Persian.
document.addEventListener("DOMContentLoaded", () => {
  const fa = document.documentElement.lang === "fa";
  const digits = (s) => (fa ? String(s).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]).replace(".", "٫") : String(s));
  const font = { family: "Vazirmatn" };
  const colours = ["#0f766e", "#ea580c", "#2563eb", "#9333ea", "#dc2626", "#ca8a04", "#0891b2", "#4b5563", "#db2777"];
  window.Chart.defaults.font.family = "Vazirmatn";
  const rtl = { rtl: fa, textDirection: fa ? "rtl" : "ltr" };

  const trend = document.getElementById("trend-data");
  if (trend) {
    const data = JSON.parse(trend.textContent);
    const sets = [["csat", "CSAT ٪"], ["nps", "NPS"], ["ces", "CES"]]
      .filter(([k]) => data.some((d) => d[k] !== null))
      .map(([k, label], i) => ({ label, data: data.map((d) => d[k]), borderColor: colours[i], backgroundColor: colours[i], spanGaps: true, tension: 0.25, yAxisID: k === "ces" ? "y2" : "y" }));
    new window.Chart(document.getElementById("trend-chart"), {
      type: "line",
      data: { labels: data.map((d) => d.label), datasets: sets },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { ...rtl, labels: { font } }, tooltip: rtl },
        scales: {
          x: { reverse: fa },
          y: { min: -100, max: 100, position: fa ? "right" : "left", ticks: { callback: digits } },
          y2: { min: 1, max: 7, display: sets.some((s) => s.yAxisID === "y2"), position: fa ? "left" : "right", grid: { drawOnChartArea: false }, ticks: { callback: digits } },
        },
      },
    });
  }

  const listening = document.getElementById("listening-data");
  if (listening) {
    const data = JSON.parse(listening.textContent);
    const common = (y) => ({
      maintainAspectRatio: false,
      plugins: { legend: { ...rtl, labels: { font, boxWidth: 12 } }, tooltip: rtl },
      scales: { x: { reverse: fa, stacked: y.stacked }, y: { ...y, position: fa ? "right" : "left", ticks: { callback: digits } } },
    });
    new window.Chart(document.getElementById("volume-chart"), {
      type: "bar",
      data: { labels: data.labels, datasets: data.series.map((s, i) => ({ label: s.label, data: s.volume, backgroundColor: colours[i % colours.length] })) },
      options: common({ stacked: true, beginAtZero: true }),
    });
    new window.Chart(document.getElementById("sentiment-chart"), {
      type: "line",
      data: { labels: data.labels, datasets: data.series.map((s, i) => ({ label: s.label, data: s.polarity, borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], spanGaps: true, tension: 0.25 })) },
      options: common({ min: -1, max: 1 }),
    });
  }

  const audits = document.getElementById("audit-data");
  if (audits) {
    const data = JSON.parse(audits.textContent);
    const labels = [...new Set(Object.values(data).flat().map((p) => p.date))];
    new window.Chart(document.getElementById("audit-chart"), {
      type: "line",
      data: { labels, datasets: Object.entries(data).map(([branch, points], i) => ({ label: branch, data: labels.map((l) => (points.find((p) => p.date === l) || {}).score ?? null), borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], spanGaps: true })) },
      options: { maintainAspectRatio: false, plugins: { legend: { ...rtl, labels: { font } }, tooltip: rtl }, scales: { x: { reverse: fa }, y: { min: 0, max: 100, position: fa ? "right" : "left", ticks: { callback: digits } } } },
    });
  }
});
