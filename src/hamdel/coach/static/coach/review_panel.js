// The coach panel beside a conversation: the agent's choice (whose fault, can the request be met) is saved
// in place, so the reply being written is kept, and the draft is checked again in the new light.
(() => {
  "use strict";
  const form = document.querySelector("form[data-coach-context]");
  if (!form) return;
  const status = form.querySelector("[data-coach-context-status]");
  const button = form.querySelector("button");

  async function save() {
    try {
      const res = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-Hamdel-Fetch": "1" },
        body: new FormData(form),
      });
      status.textContent = res.ok ? form.dataset.saved || "✓" : await res.text();
      document.getElementById("draft-findings")?.dispatchEvent(new Event("draft-check:refresh"));
    } catch (_err) { form.submit(); } // offline: the plain form still works
  }

  form.dataset.saved = document.body.dataset.lang === "fa" ? "ذخیره شد." : "Saved.";
  if (button) button.hidden = true; // saved on change; the button is for browsers without scripts
  form.addEventListener("change", save);
  form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
})();
