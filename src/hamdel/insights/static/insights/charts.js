// Insights charts (Chart.js from npm, served from node_modules): right-to-left, Persian digits, Vazirmatn.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("insights-chart");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const fa = document.documentElement.lang === "fa";
  const digits = (s) => (fa ? String(s).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]).replace(".", "٫") : String(s));
  window.Chart.defaults.font.family = "Vazirmatn";
  const rtl = { rtl: fa, textDirection: fa ? "rtl" : "ltr" };
  const options = (extra = {}) => ({
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { ...rtl, labels: { boxWidth: 12 } },
      tooltip: { ...rtl, callbacks: { label: (c) => `${c.dataset.label}: ${digits(c.formattedValue)}` } },
    },
    scales: {
      x: { reverse: fa, stacked: !!extra.stacked, ticks: { maxRotation: 0, autoSkip: true } },
      y: { beginAtZero: true, stacked: !!extra.stacked, position: fa ? "right" : "left", ticks: { callback: digits }, ...extra.y },
    },
  });
  const volume = document.getElementById("volume-chart");
  if (volume) {
    new window.Chart(volume, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: fa ? "پیام مشتری" : "Customer messages", data: data.volume, backgroundColor: "#2563eb" },
          { label: fa ? "گفتگوی تازه" : "New conversations", data: data.conversations, backgroundColor: "#0f766e" },
        ],
      },
      options: options(),
    });
  }
  const sentiment = document.getElementById("sentiment-chart");
  if (sentiment) {
    const colours = { very_negative: "#b91c1c", negative: "#f97316", neutral: "#94a3b8", positive: "#22c55e", very_positive: "#15803d" };
    new window.Chart(sentiment, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: Object.entries(data.sentiment).map(([k, values]) => ({ label: data.sentiment_names[k] || k, data: values, backgroundColor: colours[k] })),
      },
      options: options({ stacked: true }),
    });
  }
  const csat = document.getElementById("csat-chart");
  if (csat) {
    new window.Chart(csat, {
      type: "line",
      data: { labels: data.labels, datasets: [{ label: "CSAT ٪", data: data.csat, borderColor: "#0f766e", backgroundColor: "#0f766e", spanGaps: true, tension: 0.25 }] },
      options: options({ y: { min: 0, max: 100 } }),
    });
  }
});
