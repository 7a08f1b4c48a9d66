/* Hamdel chat widget: one <script src=".../static/connectors/widget.js" data-inbox="KEY" async></script>. */
(function () {
  "use strict";
  var me = document.currentScript || document.querySelector("script[data-inbox][src*='connectors/widget.js']");
  if (!me || window.__hamdelChat) return;
  window.__hamdelChat = true;
  var key = me.getAttribute("data-inbox");
  var origin = new URL(me.src, location.href).origin;
  var side = me.getAttribute("data-side") === "right" ? "right" : "left";
  var label = me.getAttribute("data-label") || "گفت‌وگو با پشتیبانی";

  var style = document.createElement("style");
  style.textContent =
    ".hamdel-chat-btn{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;width:58px;height:58px;border-radius:50%;" +
    "border:0;background:#0f766e;color:#fff;font-size:26px;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}" +
    ".hamdel-chat-btn:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
    ".hamdel-chat-frame{position:fixed;bottom:90px;" + side + ":20px;z-index:2147483000;width:370px;height:560px;" +
    "max-height:calc(100vh - 110px);border:0;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.3);background:#fff;display:none}" +
    ".hamdel-chat-open .hamdel-chat-frame{display:block}" +
    "@media (max-width:480px){.hamdel-chat-frame{inset:0;width:100%;height:100%;max-height:none;border-radius:0;bottom:0}" +
    ".hamdel-chat-open .hamdel-chat-btn{display:none}}";
  document.head.appendChild(style);

  var root = document.createElement("div");
  root.className = "hamdel-chat";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "hamdel-chat-btn";
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  button.textContent = "💬";
  var frame = document.createElement("iframe");
  frame.className = "hamdel-chat-frame";
  frame.title = label;
  frame.setAttribute("loading", "lazy");
  root.appendChild(frame);
  root.appendChild(button);

  function toggle(open) {
    if (open && !frame.src) frame.src = origin + "/channels/chat/" + encodeURIComponent(key) + "/?page=" + encodeURIComponent(location.href);
    document.documentElement.classList.toggle("hamdel-chat-open", open);
    button.setAttribute("aria-expanded", String(open));
  }
  button.addEventListener("click", function () {
    toggle(!document.documentElement.classList.contains("hamdel-chat-open"));
  });
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data === "hamdel-chat-close") toggle(false);
  });
  (document.body || document.documentElement).appendChild(root);
})();
