// Amount boxes ([data-amount]): accept Persian, Arabic or Latin digits and show them grouped by thousands
// in the page's digits («۵٬۰۰۰٬۰۰۰»). The server parses whatever is sent; this is only for reading.
(function () {
  "use strict";
  var FA = "۰۱۲۳۴۵۶۷۸۹", AR = "٠١٢٣٤٥٦٧٨٩";
  var persian = (document.documentElement.lang || "fa").indexOf("fa") === 0;
  function latin(text) {
    return text.replace(/[۰-۹]/g, function (d) { return String(FA.indexOf(d)); })
      .replace(/[٠-٩]/g, function (d) { return String(AR.indexOf(d)); });
  }
  function grouped(digits) {
    var out = digits.replace(/\B(?=(\d{3})+(?!\d))/g, persian ? "٬" : ",");
    return persian ? out.replace(/\d/g, function (d) { return FA[+d]; }) : out;
  }
  function tidy(input) {
    var raw = latin(input.value);
    var digits = raw.replace(/[^\d]/g, "");
    // Leave anything else (a minus sign, letters) as typed, for the server to name the problem.
    if (!digits || /[^\d\s,.'٬،\u066c\u200c-]/.test(raw) || raw.indexOf("-") >= 0) return;
    var shown = grouped(digits.replace(/^0+(?=\d)/, ""));
    if (shown !== input.value) input.value = shown;
  }
  document.addEventListener("input", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("[data-amount]")) tidy(t);
  });
})();
