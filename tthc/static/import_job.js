// Poll a background import's progress; when it ends, open a Word decision's preview, or reload the page,
// which then shows the outcome (the link to the draft, or the problems). No inline script: strict CSP.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box) { return; }
  // Read before this page was shown (a quick job): a preview still opens at once, as after polling.
  if (box.dataset.finished === "true") {
    if (box.dataset.forward) { window.location.assign(box.dataset.forward); }
    return;
  }
  var bar = document.getElementById("import-progress");
  var count = document.getElementById("import-count");
  var status = document.getElementById("import-status");

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    count.textContent = state.total ? state.done + "/" + state.total + " " + state.unit : "";
    status.textContent = state.status_label + (state.message ? ": " + state.message : "");
    // A Word or PDF decision read, or a process annex read for a draft: straight to its preview
    // (nothing is written before the drafter confirms there); anything else: the page shows the outcome.
    if (state.finished) {
      var preview = state.status === "kept" && (state.kind === "word" || state.kind === "processes");
      if (preview && state.next) { window.location.assign(state.next); }
      else { window.location.reload(); }
    }
    return state.finished;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) { if (!show(state)) { window.setTimeout(poll, 700); } })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
