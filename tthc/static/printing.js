// Poll a print job's progress and offer the file when it is ready (no inline script: strict CSP).
(function () {
  "use strict";
  var box = document.getElementById("print-job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var status = document.getElementById("job-status");
  var download = document.getElementById("job-download");

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    count.textContent = state.done + "/" + state.total + " phiếu";
    status.textContent = state.status_label + (state.message ? ": " + state.message : "");
    if (state.ready) {
      download.querySelector("a").href = state.download;
      download.hidden = false;
    }
    return state.status === "done" || state.status === "failed";
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) { if (!show(state)) { window.setTimeout(poll, 700); } })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
