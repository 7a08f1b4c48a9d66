// Small declarative behaviours that used to be inline handlers (onchange=…, onclick=…), which the
// Content-Security-Policy forbids. Delegated from the document, so content swapped in by htmx works too.
//   data-autosubmit   on a field: changing it submits its form (filters, period pickers)
//   data-no-submit    on a form: Enter never submits it (a search box that only filters live)
//   data-print        on a button: opens the print dialog
//   data-confirm      on a form: asks its text first; "cancel" keeps the form from being sent
(() => {
  "use strict";
  document.addEventListener("change", (event) => {
    const field = event.target.closest?.("[data-autosubmit]");
    if (field && field.form) field.form.requestSubmit();
  });
  document.addEventListener("submit", (event) => {
    if (event.target.matches?.("form[data-no-submit]")) event.preventDefault();
    const ask = event.target.dataset?.confirm;
    if (ask && !window.confirm(ask)) event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest?.("[data-print]")) window.print();
  });
})();
