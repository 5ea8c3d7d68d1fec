/* Scoring sheet: show the running total as points are typed. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  function total() {
    var sum = 0;
    form.querySelectorAll("input[type=number]").forEach(function (i) { sum += parseFloat(i.value) || 0; });
    document.getElementById("score-total").textContent = sum.toLocaleString("vi-VN");
  }
  form.addEventListener("input", total);
  total();
})();
