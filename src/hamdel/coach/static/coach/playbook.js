// The playbook panel: search as the agent types (GET /api/v1/playbook/search) and put an entry's answer into
// the reply box. Inserting never sends; the agent adapts the words, and the reply coach reviews them.
(() => {
  "use strict";
  const panel = document.getElementById("playbook");
  const input = document.getElementById("pb-panel-q");
  const list = document.getElementById("pb-results");
  if (!panel || !input || !list) return;
  const { composerInsert: insert, searchPanel } = window.hamdelPanels;

  panel.addEventListener("click", (e) => {
    const button = e.target.closest(".pb-insert");
    if (button) insert(button.dataset.answer || "");
  });

  function render(h) {
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
    return item;
  }

  searchPanel(panel, input, list, render);
})();
