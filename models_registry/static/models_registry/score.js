/* Scoring sheet: show the running total as points are typed, read as Vietnamese write numbers
   ("8,5"; "8.5" too), as the form reads them (danvan.inputs.parse_number). */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  function number(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "");
    if (t.indexOf(",") >= 0) {
      t = t.replace(/\./g, "").replace(",", ".");
    } else if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
      t = t.replace(/\./g, "");
    }
    return parseFloat(t) || 0;
  }
  function total() {
    var sum = 0;
    form.querySelectorAll("input[inputmode=decimal]").forEach(function (i) { sum += number(i.value); });
    document.getElementById("score-total").textContent = sum.toLocaleString("vi-VN");
  }
  form.addEventListener("input", total);
  total();
})();
