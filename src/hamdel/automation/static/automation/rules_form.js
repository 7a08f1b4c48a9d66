// The rule form: add and remove condition/action rows, and show only the inputs an action type uses.
// Without this script the page shows a few blank rows and every input, and the server ignores blank rows.
(function () {
  "use strict";
  var form = document.querySelector(".rule-form");
  if (!form) return;
  var MAX_ROWS = 30;
  var picks = JSON.parse(document.getElementById("rule-picks").textContent);
  var fieldOps = JSON.parse(document.getElementById("rule-field-ops").textContent);

  function renumber(list) {
    var prefix = list.dataset.prefix;
    Array.prototype.forEach.call(list.children, function (row, n) {
      row.querySelectorAll("[name]").forEach(function (input) {
        input.name = input.name.replace(new RegExp("^" + prefix + "-\\d+-"), prefix + "-" + n + "-");
      });
    });
  }

  function fitAction(row) {
    var type = row.querySelector(".rule-type");
    if (!type) return;
    var kind = picks[type.value] || "";
    var kinds = kind === "notify" ? ["notify", "agent"] : [kind];
    var choice = row.querySelector(".rule-choice");
    var select = choice.querySelector("select");
    choice.hidden = !kind;
    select.querySelectorAll("optgroup").forEach(function (group) {
      var fits = kinds.indexOf(group.dataset.kind) >= 0;
      group.hidden = !fits;
      group.disabled = !fits;
    });
    var picked = select.selectedOptions[0];
    if (picked && picked.parentElement.disabled) select.value = "";
    row.querySelector(".rule-text").hidden = !!kind && kind !== "notify";
    row.querySelector(".rule-rr").hidden = type.value !== "assign_team";
  }

  function fitCondition(row) {
    var field = row.querySelector(".rule-field");
    if (!field) return;
    var ops = fieldOps[field.value] || [];
    var op = row.querySelector(".rule-op");
    Array.prototype.forEach.call(op.options, function (option) {
      option.hidden = option.disabled = ops.length > 0 && ops.indexOf(option.value) < 0;
    });
    if (op.selectedOptions[0] && op.selectedOptions[0].disabled) op.value = ops[0];
  }

  function blank(row) {
    row.querySelectorAll("input[type=text]").forEach(function (i) { i.value = ""; });
    row.querySelectorAll("select").forEach(function (s) { s.selectedIndex = 0; });
    row.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = true; });
    row.querySelectorAll(".rule-error").forEach(function (e) { e.remove(); });
    row.classList.remove("rule-bad");
  }

  form.querySelectorAll(".rule-rows").forEach(function (list) {
    // keep one blank row; the add button makes more
    var rows = Array.prototype.slice.call(list.children);
    var empty = rows.filter(function (row) {
      var main = row.querySelector(".rule-field, .rule-type");
      return main && !main.value && !row.querySelector(".rule-error");
    });
    empty.slice(rows.length === empty.length ? 1 : 0).forEach(function (row) { row.remove(); });
    renumber(list);
  });
  form.querySelectorAll(".rule-remove, .rule-add").forEach(function (b) { b.hidden = false; });
  form.querySelectorAll(".rule-row").forEach(function (row) { fitAction(row); fitCondition(row); });

  form.addEventListener("change", function (event) {
    var row = event.target.closest(".rule-row");
    if (!row) return;
    if (event.target.classList.contains("rule-type")) fitAction(row);
    if (event.target.classList.contains("rule-field")) fitCondition(row);
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("rule-remove")) {
      var row = button.closest(".rule-row");
      var list = row.parentElement;
      if (list.children.length > 1) { row.remove(); renumber(list); } else { blank(row); fitAction(row); fitCondition(row); }
      list.parentElement.querySelector(".rule-add").focus();
    } else if (button.classList.contains("rule-add")) {
      var target = form.querySelector('.rule-rows[data-prefix="' + button.dataset.for + '"]');
      if (target.children.length >= MAX_ROWS) return;
      var copy = target.lastElementChild.cloneNode(true);
      blank(copy);
      target.appendChild(copy);
      renumber(target);
      fitAction(copy);
      fitCondition(copy);
      copy.querySelector("select").focus();
    }
  });
})();
