// The playbook panel: search as the agent types (GET /api/v1/playbook/search) and put an entry's answer into
// the reply box. Inserting never sends; the agent adapts the words, and the reply coach reviews them.
(() => {
  "use strict";
  const panel = document.getElementById("playbook");
  const input = document.getElementById("pb-panel-q");
  const list = document.getElementById("pb-results");
  if (!panel || !input || !list) return;
  let timer = 0;
  let asked = "";

  function insert(answer) {
    const box = document.getElementById("composer-text");
    if (!box) return;
    const reply = box.form?.querySelector("input[name=mode][value=reply]");
    if (reply) reply.checked = true;
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    const before = box.value.slice(0, start);
    const glue = before && !/\s$/.test(before) ? "\n" : "";
    box.value = before + glue + answer + box.value.slice(end);
    box.dispatchEvent(new Event("input", { bubbles: true })); // the draft checks read the new text
    box.focus();
    const caret = (before + glue + answer).length;
    box.setSelectionRange(caret, caret);
  }

  panel.addEventListener("click", (e) => {
    const button = e.target.closest(".pb-insert");
    if (button) insert(button.dataset.answer || "");
  });

  function show(hits) {
    list.replaceChildren();
    if (!hits.length) {
      const empty = document.createElement("li");
      empty.className = "muted small";
      empty.textContent = panel.dataset.none;
      list.append(empty);
      return;
    }
    for (const h of hits) {
      const item = document.createElement("li");
      item.className = "pb-hit";
      const title = document.createElement("p");
      title.className = "pb-title";
      title.dir = "auto";
      const strong = document.createElement("strong");
      strong.textContent = h.title;
      title.append(strong);
      if (h.product_line) {
        const line = document.createElement("span");
        line.className = "muted small";
        line.textContent = ` · ${h.product_line}`;
        title.append(line);
      }
      const answer = document.createElement("p");
      answer.className = "pb-answer";
      answer.dir = "auto";
      answer.textContent = h.answer;
      item.append(title, answer);
      if (h.evidence) {
        const evidence = document.createElement("p");
        evidence.className = "small muted pb-evidence";
        evidence.dir = "auto";
        evidence.textContent = h.evidence;
        item.append(evidence);
      }
      const use = document.createElement("button");
      use.type = "button";
      use.className = "btn pb-insert";
      use.dataset.answer = h.answer;
      use.textContent = panel.dataset.insert;
      item.append(use);
      list.append(item);
    }
  }

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
      show(await res.json());
    } catch (_err) {
      list.replaceChildren();
      const failed = document.createElement("li");
      failed.className = "error small";
      failed.textContent = panel.dataset.error;
      list.append(failed);
      asked = "";
    }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(); } });
})();
