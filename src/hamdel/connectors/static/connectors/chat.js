/* The chat box inside the widget's frame: WebSocket first, polling when sockets are blocked. */
(function () {
  "use strict";
  var box = document.getElementById("chat");
  var key = box.dataset.key;
  var list = document.getElementById("chat-messages");
  var form = document.getElementById("chat-form");
  var text = document.getElementById("chat-text");
  var files = document.getElementById("chat-file");
  var typing = document.getElementById("chat-typing");
  var seen = {};
  var lastId = 0;
  var socket = null;
  var polling = null;
  var pending = {};
  var page = new URLSearchParams(location.search).get("page") || document.referrer || "";
  // The help centre's "still need help?" opens the chat with the visitor's search already typed (?text=).
  var carried = new URLSearchParams(location.search).get("text");
  if (carried && text && !text.value) text.value = carried.slice(0, 2000);

  function fmtTime(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang === "fa" ? "fa-IR" : "en", {
        hour: "2-digit", minute: "2-digit",
      }).format(new Date(iso));
    } catch (e) { return ""; }
  }

  function add(m) {
    if (m.id && seen[m.id]) return;
    if (m.id) { seen[m.id] = true; lastId = Math.max(lastId, m.id); }
    var li = document.createElement("li");
    li.className = "bubble " + (m.mine ? "mine" : "theirs");
    li.dataset.id = m.id || "";
    if (!m.mine && m.author) {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = m.author;
      li.appendChild(who);
    }
    var body = document.createElement("p");
    body.dir = "auto";
    body.textContent = m.text;
    li.appendChild(body);
    (m.files || []).forEach(function (f) {
      var a = document.createElement("a");
      a.href = f.url; a.target = "_blank"; a.rel = "noopener"; a.textContent = "📎 " + f.name;
      li.appendChild(a);
    });
    var t = document.createElement("time");
    t.textContent = fmtTime(m.at);
    li.appendChild(t);
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
    document.getElementById("chat-empty") && document.getElementById("chat-empty").remove();
    if (!m.mine) typing.hidden = true;
  }

  JSON.parse(document.getElementById("chat-history").textContent).forEach(add);

  function poll() {
    fetch("history/?after=" + lastId, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (d) { d.messages.forEach(add); })
      .catch(function () {});
  }

  function startPolling() {
    if (!polling) { polling = setInterval(poll, 3000); box.dataset.live = "poll"; }
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    try { socket = new WebSocket(proto + location.host + "/ws/chat/" + encodeURIComponent(key) + "/"); }
    catch (e) { startPolling(); return; }
    var opened = false;
    var timer = setTimeout(function () { if (!opened) startPolling(); }, 4000);
    socket.onopen = function () {
      opened = true; clearTimeout(timer);
      if (polling) { clearInterval(polling); polling = null; }
      box.dataset.live = "on";
      poll();
    };
    socket.onmessage = function (e) {
      var d = JSON.parse(e.data);
      if (d.type === "message") {
        if (d.client_id && pending[d.client_id]) { pending[d.client_id].remove(); delete pending[d.client_id]; }
        add(d.message);
      } else if (d.type === "typing") {
        typing.hidden = false;
        clearTimeout(typing._t);
        typing._t = setTimeout(function () { typing.hidden = true; }, 5000);
      } else if (d.type === "error") {
        showError(d.message);
      }
    };
    socket.onclose = function () {
      box.dataset.live = "off";
      startPolling();
      setTimeout(connect, 10000);
    };
  }

  function showError(message) {
    var p = document.getElementById("chat-error");
    p.textContent = message;
    p.hidden = !message;
  }

  function contactFields() {
    var name = document.getElementById("chat-name");
    var contact = document.getElementById("chat-contact");
    return { name: name ? name.value.trim() : "", contact: contact ? contact.value.trim() : "" };
  }

  var lastTyping = 0;
  text.addEventListener("input", function () {
    if (socket && socket.readyState === 1 && Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      socket.send(JSON.stringify({ type: "typing" }));
    }
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });

  files.addEventListener("change", function () {
    var names = Array.prototype.map.call(files.files, function (f) { return f.name; });
    document.getElementById("chat-file-names").textContent = names.join("، ");
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    showError("");
    var who = contactFields();
    var required = document.getElementById("chat-contact");
    if (required && required.required && !who.contact) { required.focus(); return; }
    var msg = text.value.trim();
    if (!msg && !files.files.length) return;
    var clientId = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    var data = { type: "message", client_id: clientId, text: msg, name: who.name, contact: who.contact, page: page };
    text.value = "";
    var prechat = document.getElementById("chat-prechat");
    if (prechat && who.contact) prechat.hidden = true;
    if (socket && socket.readyState === 1 && !files.files.length) {
      var li = document.createElement("li");
      li.className = "bubble mine sending";
      li.textContent = msg;
      list.appendChild(li);
      pending[clientId] = li;
      socket.send(JSON.stringify(data));
      return;
    }
    var body = new FormData();
    Object.keys(data).forEach(function (k) { if (k !== "type") body.append(k, data[k]); });
    Array.prototype.forEach.call(files.files, function (f) { body.append("file", f); });
    files.value = "";
    document.getElementById("chat-file-names").textContent = "";
    fetch("send/", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) { if (res.ok) add(res.d.message); else showError(res.d.message); })
      .catch(function () { showError(box.dataset.offline); });
  });

  var close = document.getElementById("chat-close");
  if (close) close.addEventListener("click", function () { parent.postMessage("hamdel-chat-close", "*"); });
  connect();
})();
