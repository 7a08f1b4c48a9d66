// The Django admin for Persian readers: Persian digits in the text the admin prints (counts, page numbers,
// ids, times), and a name for every field of a tabular inline, whose column header is not its <label>.
(() => {
  "use strict";
  const FA = "۰۱۲۳۴۵۶۷۸۹";
  const SKIP = new Set(["SCRIPT", "STYLE", "TEXTAREA", "CODE", "PRE", "KBD", "SAMP"]);
  // Digits inside Latin words (e-mail addresses, keys, URLs) stay Latin: they are codes, not numbers;
  // times (8:19) and dates (1405/09/12) are numbers.
  const persianDigits = (text) => text.replace(/[^\s]+/g, (word) => (/[A-Za-z@_\\]/.test(word) ? word : word.replace(/\d/g, (d) => FA[d])));

  function digits(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        for (let el = node.parentElement; el; el = el.parentElement) {
          if (SKIP.has(el.tagName) || el.isContentEditable || el.dir === "ltr") return NodeFilter.FILTER_REJECT;
        }
        return /\d/.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = persianDigits(node.nodeValue);
      if (text !== node.nodeValue) node.nodeValue = text; // an unchanged write would wake the observer again
    }
  }

  function nameInlineFields() {
    document.querySelectorAll(".tabular table").forEach((table) => {
      const heads = {};
      table.querySelectorAll("thead th[class*='column-']").forEach((th) => {
        const column = Array.from(th.classList).find((c) => c.startsWith("column-"));
        if (column) heads[column.slice(7)] = th.textContent.trim();
      });
      table.querySelectorAll("td[class*='field-']").forEach((td) => {
        const field = Array.from(td.classList).find((c) => c.startsWith("field-"));
        const name = field && heads[field.slice(6)];
        td.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((input) => {
          if (name && !input.labels?.length && !input.getAttribute("aria-label")) input.setAttribute("aria-label", name);
        });
      });
      const remove = table.querySelector("thead th:last-child")?.textContent.trim();
      table.querySelectorAll("td.delete input[type=checkbox]").forEach((box) => {
        if (remove && !box.labels?.length) box.setAttribute("aria-label", remove);
      });
    });
  }

  // On a phone a tabular inline scrolls sideways; read-only, it holds nothing focusable, so a keyboard could
  // not scroll it: the scrolling box itself takes the focus, named after the inline.
  function scrollableInlines() {
    document.querySelectorAll(".tabular .wrapper").forEach((box) => {
      if (box.querySelector("a[href], input:not([type=hidden]), select, textarea, button, [tabindex]")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const heading = box.closest(".inline-group")?.querySelector("h2");
      if (heading) box.setAttribute("aria-label", heading.textContent.trim());
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameInlineFields();
    scrollableInlines();
    if (!document.documentElement.lang.startsWith("fa")) return;
    digits(document.body);
    // The admin's own scripts write counts later («0 of 20 selected»): convert what they write too.
    new MutationObserver((changes) => {
      for (const change of changes) {
        const target = change.type === "characterData" ? change.target.parentElement : change.target;
        if (target) digits(target);
      }
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });
})();
