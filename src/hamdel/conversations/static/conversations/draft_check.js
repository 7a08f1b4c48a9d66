// Draft checks: as the agent writes a reply, ask every registered check (POST …/draft-check) and list the
// remarks under the composer, each with its suggested wording. Never blocks sending; notes are not checked.
(() => {
  "use strict";
  const list = document.getElementById("draft-findings");
  const text = document.getElementById("composer-text");
  if (!list || !text) return;
  const form = text.form;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  let timer = 0;
  let asked = "";

  function isNote() {
    return form.querySelector("input[name=mode][value=note]")?.checked;
  }

  function show(findings, draft) {
    list.replaceChildren();
    for (const f of findings) {
      const item = document.createElement("li");
      item.className = "note draft-finding";
      item.dataset.code = f.code;
      const message = document.createElement("span");
      message.textContent = f.message;
      item.append(message);
      if (f.suggestion) {
        const use = document.createElement("button");
        use.type = "button";
        use.className = "link";
        use.textContent = `${list.dataset.use}: «${f.suggestion}»`;
        // Keep the focus in the reply box: on a phone its focused height holds the button where the tap lands.
        use.addEventListener("mousedown", (e) => e.preventDefault());
        use.addEventListener("click", () => {
          if (text.value !== draft) return check(); // the draft moved on: ask again rather than cut wrongly
          text.value = draft.slice(0, f.start) + f.suggestion + draft.slice(f.end);
          text.focus();
          check();
        });
        item.append(" ", use);
      }
      list.append(item);
    }
    list.hidden = findings.length === 0;
  }

  async function check() {
    const draft = text.value;
    if (isNote() || !draft.trim()) { show([], draft); asked = draft; return; }
    if (draft === asked) return;
    asked = draft;
    try {
      const res = await fetch(list.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ draft }),
      });
      if (!res.ok || text.value !== draft) return;
      show((await res.json()).findings || [], draft);
    } catch (_err) { /* offline or slow: the check is advice, sending goes on */ }
  }

  text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 600); });
  form.addEventListener("change", (e) => { if (e.target.name === "mode") { asked = ""; check(); } });
  if (text.value.trim()) check();
})();
