// Poll a background import's progress; when it ends, reload the page, which then shows the outcome
// (the link to the draft or preview, or the problems). No inline script: strict CSP.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = document.getElementById("import-progress");
  var count = document.getElementById("import-count");
  var status = document.getElementById("import-status");

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    count.textContent = state.total ? state.done + "/" + state.total + " " + state.unit : "";
    status.textContent = state.status_label + (state.message ? ": " + state.message : "");
    if (state.finished) { window.location.reload(); }
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
