/* Forms with an error summary: focus the first field in error (its message is read with it);
   a link of the summary moves focus to its field, not only the scroll position. */
(function () {
  "use strict";
  var summaries = document.querySelectorAll("[data-error-summary]");
  if (!summaries.length) { return; }
  var form = summaries[0].closest("form") || document;
  var first = form.querySelector(".is-invalid, [aria-invalid=true]");
  if (first) {
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
  } else {
    summaries[0].setAttribute("tabindex", "-1");
    summaries[0].focus();
  }
  summaries.forEach(function (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var hidden = field.closest("[hidden]");
      if (hidden) { hidden.hidden = false; }
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });
})();
