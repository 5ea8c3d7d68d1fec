/* Review queue: "select all" for the rows that can be accepted, and a count of the selection. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-bulk]");
  if (!form) { return; }
  var all = form.querySelector("[data-select-all]");
  var count = form.querySelector("[data-selected-count]");
  var boxes = function () { return form.querySelectorAll("input[name=ids]"); };
  var template = form.dataset.countText || "";
  function update() {
    var n = 0;
    boxes().forEach(function (box) { if (box.checked) { n += 1; } });
    if (count) { count.textContent = n ? template.replace("{n}", n) : ""; }
    if (all) {
      all.checked = n > 0 && n === boxes().length;
      all.indeterminate = n > 0 && n < boxes().length;
    }
  }
  if (all) {
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "ids") { update(); }
  });
  update();
})();
