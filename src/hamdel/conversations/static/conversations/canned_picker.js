// The canned-reply picker in the composer: search as you type (GET /api/v1/canned?q=, Persian-normalised on
// the server), arrows move, Enter or a click inserts the reply filled for this conversation at the cursor.
(() => {
  "use strict";
  const box = document.getElementById("canned-picker");
  const input = document.getElementById("canned-q");
  const list = document.getElementById("canned-results");
  const text = document.getElementById("composer-text");
  if (!box || !input || !list || !text) return;
  const MAX = 20;
  let timer = 0;
  let asked = null;
  let active = -1;
  let results = [];

  const options = () => Array.from(list.querySelectorAll("[role=option]:not([aria-disabled])"));

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(i) {
    const opts = options();
    if (!opts.length) return;
    active = (i + opts.length) % opts.length;
    opts.forEach((o, n) => o.setAttribute("aria-selected", String(n === active)));
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  function show(items) {
    results = items.slice(0, MAX);
    list.replaceChildren();
    for (const [n, c] of results.entries()) {
      const li = document.createElement("li");
      li.id = `canned-opt-${c.id}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.index = String(n);
      const title = document.createElement("strong");
      title.textContent = c.title;
      title.dir = "auto";
      li.append(title);
      if (c.scope !== "shared") {
        const scope = document.createElement("span");
        scope.className = `scope scope-${c.scope}`;
        scope.textContent = box.dataset[c.scope] || c.scope;
        li.append(" ", scope);
      }
      const snippet = document.createElement("span");
      snippet.className = "snippet";
      snippet.dir = "auto";
      snippet.textContent = c.text
        .replace(/\[\[|\]\]/g, "")
        .replace(/\{\{[^{}]*\}\}|\{[A-Za-z_][\w.]*\}/g, "…") // the filled text comes on insertion
        .replace(/\s+/g, " ")
        .slice(0, 90);
      li.append(snippet);
      li.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus in the search box
      li.addEventListener("click", () => choose(n));
      list.append(li);
    }
    if (!results.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.setAttribute("role", "option"); // a listbox holds only options: this one says there is nothing
      li.setAttribute("aria-disabled", "true");
      li.textContent = box.dataset.none;
      list.append(li);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    input.removeAttribute("aria-activedescendant");
  }

  async function search() {
    const q = input.value.trim();
    if (q === asked && !list.hidden) return;
    asked = q;
    try {
      const res = await fetch(`${box.dataset.search}?limit=${MAX}&q=${encodeURIComponent(q)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!res.ok || input.value.trim() !== q) return; // a newer search is on its way
      show(await res.json());
    } catch {
      close();
    }
  }

  async function choose(n) {
    const c = results[n];
    if (!c) return;
    const url = box.dataset.render.replace(/\/0\/$/, `/${c.id}/`);
    const res = await fetch(url, { credentials: "same-origin" });
    if (!res.ok) return;
    const filled = await res.text();
    const start = text.selectionStart ?? text.value.length;
    const end = text.selectionEnd ?? text.value.length;
    const before = text.value.slice(0, start);
    const glue = before && !before.endsWith("\n") ? "\n" : "";
    text.value = before + glue + filled + text.value.slice(end);
    const caret = (before + glue + filled).length;
    input.value = "";
    asked = null;
    close();
    text.focus();
    text.setSelectionRange(caret, caret);
    text.dispatchEvent(new Event("input", { bubbles: true })); // the draft checks read the new text
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("focus", () => { if (list.hidden) search(); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else mark(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
    else if (e.key === "Enter") { e.preventDefault(); if (!list.hidden) choose(active < 0 ? 0 : active); }
    else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); e.stopPropagation(); close(); } }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
})();
