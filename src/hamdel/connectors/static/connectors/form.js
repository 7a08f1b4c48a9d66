/* Guided web form: another question as its own block, photo previews, a gentle length counter. */
(function () {
  "use strict";
  var box = document.getElementById("questions");
  var add = document.getElementById("add-question");
  var tpl = document.getElementById("question-template");
  var fa = document.documentElement.lang === "fa";
  function digits(n) { return fa ? String(n).replace(/\d/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }) : String(n); }

  function wire(section) {
    var area = section.querySelector("textarea");
    var counter = section.querySelector(".counter");
    var input = section.querySelector("input[type=file]");
    var previews = section.querySelector(".previews");
    function count() { counter.textContent = digits(area.value.length) + " / " + digits(4000); }
    area.addEventListener("input", count);
    count();
    input.addEventListener("change", function () {
      previews.innerHTML = "";
      Array.prototype.slice.call(input.files, 0, 3).forEach(function (f) {
        if (!f.type.startsWith("image/")) return;
        var img = document.createElement("img");
        img.alt = f.name;
        img.src = URL.createObjectURL(f);
        previews.appendChild(img);
      });
    });
  }
  Array.prototype.forEach.call(box.querySelectorAll(".question"), wire);
  add.addEventListener("click", function () {
    var n = box.querySelectorAll(".question").length;
    if (n >= Number(add.dataset.max)) { add.disabled = true; return; }
    var html = tpl.innerHTML.replace(/__i__/g, String(n)).replace(/__n__/g, digits(n + 1));
    box.insertAdjacentHTML("beforeend", html);
    var section = box.lastElementChild;
    wire(section);
    section.querySelector("textarea").focus();
    if (n + 1 >= Number(add.dataset.max)) add.disabled = true;
  });
})();
