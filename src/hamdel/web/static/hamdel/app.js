// Hamdel agent UI: live updates over the WebSocket, keyboard shortcuts, composer helpers, bulk selection.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const SENT = "hamdel-sent"; // set when the composer posts; read once by the page the server answers with

  // One polite live region for the whole page: screen readers announce what is written into it.
  function announce(text) {
    let region = $("#announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "announcer";
      region.className = "sr";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 150); // a change, not initial content, is what gets read
  }

  function focusOn(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  // A full page load leaves the focus on <body>: a keyboard or screen-reader user would start again from the
  // top. On a conversation, focus its heading; after sending, the message just sent (or the composer when
  // the server refused it, the draft kept); and read out the confirmation shown at the top.
  function focusOnArrival() {
    const flash = $(".flash");
    if (flash && flash.textContent.trim()) announce(flash.textContent.trim());
    const timeline = $("#timeline");
    if (!timeline || location.hash) return;
    const sent = sessionStorage.getItem(SENT) === location.pathname;
    sessionStorage.removeItem(SENT);
    if (sent && $(".flash-error")) { $("#composer-text")?.focus(); return; }
    if (sent) {
      const mine = $$(":scope > .msg-out, :scope > .msg-note", timeline).pop();
      if (mine) { focusOn(mine); mine.scrollIntoView({ block: "nearest" }); return; }
    }
    focusOn($(".thread-head h1"));
  }

  function connect(path, onEvent, onOpen) {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    let delay = 1000;
    const open = () => {
      const ws = new WebSocket(`${proto}//${location.host}${path}`);
      ws.onopen = () => { delay = 1000; document.body.dataset.live = "on"; if (onOpen) onOpen(ws); };
      ws.onmessage = (e) => onEvent(JSON.parse(e.data));
      ws.onclose = () => { document.body.dataset.live = "off"; setTimeout(open, delay); delay = Math.min(delay * 2, 30000); };
    };
    open();
  }

  function liveTimeline(timeline) {
    let busy = false;
    const pull = async () => {
      if (busy) return;
      busy = true;
      try {
        const url = `${timeline.dataset.timelineUrl}?after=${timeline.dataset.after}&after_event=${timeline.dataset.afterEvent || 0}`;
        const res = await fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" });
        if (!res.ok) return;
        const html = (await res.text()).trim();
        if (!html) return;
        const tmp = document.createElement("ol");
        tmp.innerHTML = html;
        for (const li of Array.from(tmp.children)) {
          // Messages carry data-id, change events data-event-id: two id sequences, two cursors.
          const key = li.dataset.eventId ? "eventId" : "id";
          const attr = key === "eventId" ? "data-event-id" : "data-id";
          if (!timeline.querySelector(`[${attr}="${li.dataset[key]}"]`)) {
            timeline.appendChild(li);
            if (li.classList.contains("msg-in")) announce(fa ? "پیام تازه از مشتری" : "New message from the customer");
          }
          if (key === "eventId") {
            timeline.dataset.afterEvent = Math.max(Number(timeline.dataset.afterEvent || 0), Number(li.dataset.eventId));
          } else {
            timeline.dataset.after = Math.max(Number(timeline.dataset.after), Number(li.dataset.id));
          }
        }
        timeline.scrollTop = timeline.scrollHeight;
      } finally { busy = false; }
    };
    const others = new Map();
    const banner = $("#presence");
    const fa = document.body.dataset.lang === "fa";
    const show = () => {
      if (!banner) return;
      const parts = [];
      for (const [name, state] of others) {
        if (state === "typing") parts.push(fa ? `${name} در حال نوشتن پاسخ است` : `${name} is writing a reply`);
        else parts.push(fa ? `${name} هم این گفتگو را باز کرده است` : `${name} is viewing this conversation`);
      }
      banner.textContent = parts.join(" · ");
      banner.hidden = parts.length === 0;
    };
    let socket = null;
    let visitorIdle = null;
    connect(timeline.dataset.ws, (msg) => {
      if (msg.event === "presence") {
        if (msg.state === "leave") others.delete(msg.name); else others.set(msg.name, msg.state);
        show();
      } else if (msg.typing === "visitor") {
        const who = fa ? "مشتری" : "The customer";
        others.set(who, "typing");
        show();
        clearTimeout(visitorIdle);
        visitorIdle = setTimeout(() => { others.delete(who); show(); }, 5000);
      } else {
        pull();
      }
    }, (ws) => { socket = ws; });
    const text = $("#composer-text");
    let typing = false;
    let idle = null;
    text?.addEventListener("input", () => {
      if (!typing && socket?.readyState === 1) { socket.send(JSON.stringify({ typing: true })); typing = true; }
      clearTimeout(idle);
      idle = setTimeout(() => { typing = false; if (socket?.readyState === 1) socket.send(JSON.stringify({ typing: false })); }, 4000);
    });
    timeline.scrollTop = timeline.scrollHeight;
  }

  function liveInbox(list) {
    let timer = null;
    connect("/ws/live/", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if ($$("input[name=ids]:checked").length) return; // do not disturb a selection in progress
        if ($("#conv-list")?.contains(document.activeElement)) return; // nor a keyboard user inside the list
        if (window.htmx) window.htmx.trigger("#conv-list", "refresh");
      }, 300);
    });
  }

  function composer(form) {
    const text = $("#composer-text", form);
    form.addEventListener("submit", () => sessionStorage.setItem(SENT, location.pathname));
    $$("input[name=mode]", form).forEach((r) => r.addEventListener("change", () => {
      form.classList.toggle("note-mode", r.value === "note" && r.checked);
      $("#send", form).textContent = r.value === "note" && r.checked ? form.dataset.noteLabel || "✓" : form.dataset.sendLabel || $("#send", form).textContent;
    }));
    $("#send", form).dataset.label = $("#send", form).textContent;
    form.dataset.sendLabel = $("#send", form).textContent;
    form.dataset.noteLabel = document.body.dataset.lang === "fa" ? "ثبت یادداشت" : "Add note";
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    // The canned-reply picker lives in conversations/static/conversations/canned_picker.js.
  }

  function bulk() {
    const all = $("#check-all");
    all?.addEventListener("change", () => $$("input[name=ids]").forEach((c) => { c.checked = all.checked; }));
    const action = $("#bulkbar select[name=action]");
    const sync = () => {
      const tag = action.value === "tag";
      $(".bulk-tag").disabled = !tag; $(".bulk-tag").hidden = !tag;
      $(".bulk-assign").disabled = action.value !== "assign"; $(".bulk-assign").hidden = action.value !== "assign";
    };
    action?.addEventListener("change", sync);
    if (action) sync();
  }

  function shortcuts() {
    let cursor = -1;
    let pendingG = false;
    const rows = () => $$(".convlist .conv");
    const mark = () => rows().forEach((r, i) => r.classList.toggle("selected", i === cursor));
    document.addEventListener("keydown", (e) => {
      const t = e.target;
      if (t.matches("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) {
        if (e.key === "Escape") t.blur();
        return;
      }
      const list = rows();
      if (pendingG) { pendingG = false; if (e.key === "i") location.href = "/"; return; }
      switch (e.key) {
        case "/": e.preventDefault(); $("#global-search")?.focus(); break;
        case "j": if (list.length) { cursor = Math.min(cursor + 1, list.length - 1); mark(); list[cursor].scrollIntoView({ block: "nearest" }); } break;
        case "k": if (list.length) { cursor = Math.max(cursor - 1, 0); mark(); list[cursor].scrollIntoView({ block: "nearest" }); } break;
        case "Enter": if (cursor >= 0 && list[cursor]) location.href = list[cursor].dataset.href; break;
        case "x": if (cursor >= 0 && list[cursor]) { const c = $("input[name=ids]", list[cursor]); c.checked = !c.checked; } break;
        case "r": { const r = $("input[name=mode][value=reply]"); if (r) { e.preventDefault(); r.checked = true; r.dispatchEvent(new Event("change")); $("#composer-text")?.focus(); } break; }
        case "n": { const n = $("input[name=mode][value=note]"); if (n) { e.preventDefault(); n.checked = true; n.dispatchEvent(new Event("change")); $("#composer-text")?.focus(); } break; }
        case "g": pendingG = true; break;
        case "?": $("#shortcuts")?.showModal(); break;
        default: break;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const timeline = $("#timeline");
    if (timeline) liveTimeline(timeline);
    const list = $("#conv-list[data-live]");
    if (list) liveInbox(list);
    const form = $("#composer");
    if (form) composer(form);
    if ($("#bulk-form")) bulk();
    shortcuts();
    focusOnArrival();
  });
})();

// layout: the composer's file picker lists the chosen file names (the browser's own widget speaks English only)
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.attachList) return;
  const list = document.getElementById(input.dataset.attachList);
  if (!list) return;
  list.replaceChildren(...Array.from(input.files || [], (file) => {
    const item = document.createElement("li");
    item.textContent = file.name;
    item.dir = "auto";
    return item;
  }));
});
