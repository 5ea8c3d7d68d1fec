/* Registration form: autosave every ~10 s and on change, add formset rows, show the person
   section only for an individual exemplar. No dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) { return; }
  var statusEl = document.getElementById("autosave-status");
  var url = form.dataset.autosaveUrl;
  var dirty = false;
  var busy = false;
  var stopped = false;
  var pendingSubmit = null;  // a submit pressed while an autosave was on its way

  function finish() {
    busy = false;
    if (pendingSubmit) {
      var button = pendingSubmit;
      pendingSubmit = null;
      stopped = true;
      form.requestSubmit(button.name ? button : undefined);
    }
  }

  function say(text) { if (statusEl) { statusEl.textContent = text; } }

  function save() {
    if (!dirty || busy || stopped) { return; }
    busy = true;
    dirty = false;
    say(form.dataset.savingText);
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.data.ok) {
        form.querySelector("input[name=version]").value = result.data.version;
        say(result.data.message);
        form.dataset.savedAt = result.data.saved_at;
      } else {
        if (result.status === 409) { stopped = true; }
        else { dirty = true; }
        say(result.data.message);
      }
      finish();
    }).catch(function () {
      dirty = true;
      say(form.dataset.offlineText);
      finish();
    });
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; save(); });
  form.addEventListener("submit", function (event) {
    if (busy) {
      // Wait for the autosave to come back with the new version, then submit.
      event.preventDefault();
      pendingSubmit = event.submitter || form.querySelector("button[type=submit]");
      return;
    }
    stopped = true;
  });
  window.setInterval(save, 10000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(); }
  });

  // Formsets: clone the empty row, numbering it.
  form.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var max = box.querySelector("input[name=" + prefix + "-MAX_NUM_FORMS]");
    var rows = box.querySelector("[data-formset-rows]");
    var template = box.querySelector("template[data-formset-empty]");
    box.querySelector("[data-formset-add]").addEventListener("click", function () {
      var n = parseInt(total.value, 10);
      if (max && n >= parseInt(max.value, 10)) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(n));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(n + 1);
      var first = rows.lastElementChild.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });

  // The person section matters only for an individual exemplar.
  var kind = form.querySelector("select[name=kind]");
  function showPerson() {
    if (!kind) { return; }
    form.querySelectorAll("[data-kind-only]").forEach(function (el) {
      el.hidden = kind.value !== el.dataset.kindOnly;
    });
  }
  if (kind) { kind.addEventListener("change", showPerson); showPerson(); }

  // The list of sections: open beside the form on a wide screen, folded above it on a phone;
  // following a link on a phone folds it again.
  var toc = form.querySelector("[data-toc]");
  if (toc && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 992px)");
    toc.open = wide.matches;
    toc.addEventListener("click", function (event) {
      if (event.target.closest("a") && !wide.matches) { toc.open = false; }
      if (event.target.closest("summary") && wide.matches) { event.preventDefault(); }
    });
  }
})();
