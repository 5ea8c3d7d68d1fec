/* Behaviour that used to sit in inline handlers, which the Content-Security-Policy forbids.
   One delegated listener per kind, driven by data- attributes, so content htmx swaps in works too:
   - data-confirm="…" on a form or its submit button: ask before submitting;
   - data-action="print" / "back": print the page / go back in history (the href is the fallback);
   - data-progress="42" on a progress bar: its width (CSSOM styles are allowed, style= is not). */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action]");
    if (!target) return;
    if (target.dataset.action === "print") {
      event.preventDefault();
      window.print();
    } else if (target.dataset.action === "back" && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  function setProgress(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0)) + "%";
    });
  }
  setProgress(document);
  document.addEventListener("htmx:load", function (event) { setProgress(event.target); });
})();
