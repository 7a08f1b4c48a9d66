// Draft checks: as the agent writes a reply, ask every registered check (POST …/draft-check) and list the
// remarks under the composer, each with its suggested wording and an "ignore". Never blocks sending; notes
// are not checked. A finding with a `decision_url` (the reply coach) is told whether it was applied or ignored.
(() => {
  "use strict";
  const list = document.getElementById("draft-findings");
  const text = document.getElementById("composer-text");
  if (!list || !text) return;
  const form = text.form;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  const ignored = new Set(); // code + the words it was about, for this reply
  let timer = 0;
  let asked = "";

  function isNote() {
    return form.querySelector("input[name=mode][value=note]")?.checked;
  }

  function key(f, draft) {
    return `${f.code}|${draft.slice(f.start, f.end)}`;
  }

  function tell(f, draft, decision) {
    if (!f.decision_url) return;
    const around = f.end > f.start ? draft.slice(Math.max(0, f.start - 100), f.end + 100) : draft.slice(0, 500);
    fetch(f.decision_url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ conversation_id: Number(list.dataset.conversation), code: f.code, decision, draft_excerpt: around }),
    }).catch(() => { /* advice only: a lost decision never stops the agent */ });
  }

  // A finding on words replaces them; a missing greeting goes first, a missing introduction after the
  // first sentence (the greeting), anything else missing at the start.
  function applied(f, draft) {
    if (f.end > f.start) return draft.slice(0, f.start) + f.suggestion + draft.slice(f.end);
    let at = 0;
    if (f.code === "missing_introduction") {
      const m = /[.!؟?\n]/.exec(draft.slice(0, 120));
      if (m) at = m.index + 1;
    }
    const head = draft.slice(0, at).trimEnd();
    return (head ? head + " " : "") + f.suggestion + " " + draft.slice(at).trimStart();
  }

  function button(label, onClick, kind) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `link draft-finding-${kind}`;
    b.textContent = label;
    // Keep the focus in the reply box: on a phone its focused height holds the button where the tap lands.
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", onClick);
    return b;
  }

  function show(findings, draft) {
    list.replaceChildren();
    const open = findings.filter((f) => !ignored.has(key(f, draft)));
    for (const f of open) {
      if (f.suggestion && list.dataset.agent) f.suggestion = f.suggestion.replaceAll("[نام]", list.dataset.agent);
      const item = document.createElement("li");
      item.className = "note draft-finding";
      item.dataset.code = f.code;
      if (f.end > f.start) {
        // The message marks its words in the reply box (selects them) when clicked.
        item.append(button(f.message, () => {
          if (text.value !== draft) return check();
          text.focus();
          text.setSelectionRange(f.start, f.end);
        }, "text"));
      } else {
        const message = document.createElement("span");
        message.textContent = f.message;
        item.append(message);
      }
      if (f.suggestion) {
        item.append(" ", button(`${list.dataset.use}: «${f.suggestion}»`, () => {
          if (text.value !== draft) return check(); // the draft moved on: ask again rather than cut wrongly
          text.value = applied(f, draft);
          tell(f, draft, "applied");
          text.focus();
          check();
        }, "use"));
      }
      if (list.dataset.ignore) {
        item.append(" · ", button(list.dataset.ignore, () => {
          ignored.add(key(f, draft));
          tell(f, draft, "ignored");
          item.remove();
          list.hidden = list.children.length === 0;
          text.focus();
        }, "ignore"));
      }
      list.append(item);
    }
    list.hidden = open.length === 0;
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
  // Before sending: leaving the box (for the Send button) checks at once; the send itself goes on regardless.
  text.addEventListener("blur", () => { clearTimeout(timer); check(); });
  form.addEventListener("change", (e) => { if (e.target.name === "mode") { asked = ""; check(); } });
  // Another part of the page changed what the checks know (the coach panel's "whose fault"): ask again.
  list.addEventListener("draft-check:refresh", () => { asked = ""; check(); });
  if (text.value.trim()) check();
})();
