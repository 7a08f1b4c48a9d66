// The help centre's search as you type: GET /help/search.json?q= (public articles only), debounced; the list
// under the box is a plain list of links. Whatever is typed also rides along to "still need help?".
(() => {
  "use strict";
  const form = document.querySelector(".help-search");
  const input = document.getElementById("help-q");
  const live = document.getElementById("help-live");
  if (!form || !input || !live) return;
  let timer = 0;
  let asked = "";

  function carry(q) {
    for (const field of document.querySelectorAll(".help-carry")) field.value = q;
  }

  function show(hits, q) {
    live.replaceChildren();
    if (!q) { live.hidden = true; return; }
    if (!hits.length) {
      const empty = document.createElement("li");
      empty.className = "muted small";
      empty.textContent = form.dataset.none;
      live.append(empty);
    }
    for (const h of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = h.url;
      link.dir = "auto";
      link.textContent = h.title;
      const snippet = document.createElement("span");
      snippet.className = "small muted";
      snippet.dir = "auto";
      snippet.textContent = h.snippet;
      item.append(link, snippet);
      live.append(item);
    }
    live.hidden = false;
  }

  async function search() {
    const q = input.value.trim();
    carry(q);
    if (q === asked) return;
    asked = q;
    if (!q) { show([], ""); return; }
    try {
      const res = await fetch(`${form.dataset.url}?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
      if (input.value.trim() !== q || !res.ok) return;
      show(await res.json(), q);
    } catch (_err) {
      asked = ""; // offline: the search button still works without script
    }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  input.addEventListener("keydown", (e) => { if (e.key === "Escape") { live.hidden = true; } });
})();
