// What every search panel beside a conversation shares (knowledge, playbook, any app's panel): search as the
// agent types, a stale answer never overwrites a newer one, and an item goes into the reply box without sending.
(() => {
  "use strict";

  // Put text at the caret of the reply box; the draft checks hear an input event and review the new words.
  function composerInsert(text) {
    const box = document.getElementById("composer-text");
    if (!box) return;
    const reply = box.form?.querySelector("input[name=mode][value=reply]");
    if (reply) reply.checked = true;
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    const before = box.value.slice(0, start);
    const glue = before && !/\s$/.test(before) ? "\n" : "";
    box.value = before + glue + text + box.value.slice(end);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
    const caret = (before + glue + text).length;
    box.setSelectionRange(caret, caret);
  }

  // One line of the list that says nothing was found, or that the search failed.
  function note(list, cls, text) {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = text;
    list.append(li);
  }

  // Debounced search: `panel.dataset` gives searchUrl, none and error; `render(hit)` returns one <li>.
  function searchPanel(panel, input, list, render) {
    let timer = 0;
    let asked = "";
    async function search() {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) { list.replaceChildren(); return; }
      try {
        const url = `${panel.dataset.searchUrl}?limit=5&q=${encodeURIComponent(q)}`;
        const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (input.value.trim() !== q) return; // typed on: the newer request shows its own answer
        if (!res.ok) throw new Error(String(res.status));
        const hits = await res.json();
        list.replaceChildren();
        if (!hits.length) note(list, "muted small", panel.dataset.none);
        for (const h of hits) list.append(render(h));
      } catch (_err) {
        list.replaceChildren();
        note(list, "error small", panel.dataset.error);
        asked = "";
      }
    }
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(); } });
  }

  window.hamdelPanels = { composerInsert, searchPanel };
})();
