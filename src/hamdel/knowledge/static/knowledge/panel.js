// The knowledge panel beside a conversation: search articles as the agent types (GET /api/v1/kb/search),
// put an article's link or its text into the reply box (never sends), and add "make a draft article of this
// reply" to every agent reply in the thread (POST /kb/from-message/<id>/, then the draft opens to check).
(() => {
  "use strict";
  const panel = document.getElementById("kb-panel");
  const input = document.getElementById("kb-panel-q");
  const list = document.getElementById("kb-results");
  if (!panel || !input || !list) return;
  const { composerInsert: insert, searchPanel } = window.hamdelPanels;

  // Markdown to the plain text a customer reads in a chat or an e-mail.
  function plain(md) {
    return md
      .replace(/!?\[([^\]]*)\]\(([^)]*)\)/g, "$1 ($2)")
      .replace(/^\s{0,3}#{1,6}\s*/gm, "")
      .replace(/(\*\*|__|`)/g, "")
      .replace(/^\s*[-+*]\s+/gm, "• ")
      .trim();
  }

  async function insertText(item) {
    try {
      const res = await fetch(panel.dataset.articleUrl + item.dataset.id, { credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const article = await res.json();
      insert(plain(article.body));
    } catch (_err) {
      insert(item.dataset.title || "");
    }
  }

  panel.addEventListener("click", (e) => {
    const item = e.target.closest(".kb-hit");
    if (!item) return;
    if (e.target.closest(".kb-insert-link")) {
      insert(`${item.dataset.title}: ${new URL(item.dataset.url, location.href).href}`);
    } else if (e.target.closest(".kb-insert-text")) {
      insertText(item);
    }
  });

  function button(cls, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `btn ${cls}`;
    b.textContent = label;
    return b;
  }

  function render(h) {
    const item = document.createElement("li");
    item.className = "kb-hit";
    item.dataset.id = h.id;
    item.dataset.url = h.url;
    item.dataset.title = h.title;
    const title = document.createElement("p");
    title.className = "kb-hit-title";
    title.dir = "auto";
    const link = document.createElement("a");
    link.href = h.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = h.title;
    title.append(link);
    const isPublic = h.url.includes("/help/");
    if (!isPublic) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = panel.dataset.internal;
      title.append(" ", badge);
    }
    const snippet = document.createElement("p");
    snippet.className = "small muted";
    snippet.dir = "auto";
    snippet.textContent = h.snippet;
    const row = document.createElement("div");
    row.className = "row";
    if (isPublic) row.append(button("kb-insert-link", panel.dataset.insertLink));
    row.append(button("kb-insert-text", panel.dataset.insertText));
    item.append(title, snippet, row);
    return item;
  }

  searchPanel(panel, input, list, render);

  // "Make a draft article of this reply" on each agent reply of the thread.
  const draftForm = panel.querySelector(".kb-draft-form");
  for (const msg of document.querySelectorAll("li.msg.msg-out.msg-message[data-id]")) {
    if (msg.querySelector(".kb-to-draft")) continue;
    const b = button("link small kb-to-draft", panel.dataset.draft);
    b.addEventListener("click", () => {
      draftForm.action = `${panel.dataset.draftUrl}${msg.dataset.id}/`;
      draftForm.submit();
    });
    (msg.querySelector(".msg-head") || msg).append(b);
  }
})();
