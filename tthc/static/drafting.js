// Drafting pages: autosave of the decision and entry forms (server-side drafts), confirmations.
(function () {
  "use strict";
  var DELAY_MS = 1500;

  function autosave(form) {
    var status = form.querySelector(".autosave-status");
    var timer = null;
    var pending = false;

    function show(text) { if (status) { status.textContent = text; } }

    function save() {
      timer = null;
      pending = false;
      var token = form.querySelector("input[name=csrf_token]");
      fetch(form.dataset.autosave, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: {"X-Autosave": "1", "X-CSRFToken": token ? token.value : ""}
      }).then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      }).then(function (result) {
        if (!result.ok) { show("Chưa lưu được: " + (result.data.message || "lỗi không rõ")); return; }
        var text = "Đã tự động lưu lúc " + result.data.at + ".";
        if (result.data.errors !== undefined) {
          text += " Còn " + result.data.errors + " lỗi, " + result.data.warnings + " cảnh báo (bấm «Lưu» để xem chi tiết).";
        }
        show(text);
      }).catch(function () { show("Mất kết nối; nội dung chưa được lưu. Bấm «Lưu» khi có mạng."); });
    }

    function schedule() {
      pending = true;
      show("Đang chờ lưu…");
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, DELAY_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } pending = false; });
    // Leaving the page with a save still waiting: send it now rather than lose it.
    window.addEventListener("pagehide", function () { if (pending) { save(); } });
  }

  document.querySelectorAll("form.autosave[data-autosave]").forEach(autosave);
  document.querySelectorAll("form.confirm[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();

// "Thêm cách thức" / "Thêm giấy tờ": copy the last (blank) row with the next index, so a long dossier
// can be typed without saving in between. Without JavaScript the server always adds blank rows.
(function () {
  "use strict";
  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function addRow(button) {
    var list = document.querySelector(button.dataset.list);
    var count = document.querySelector("input[name='" + button.dataset.count + "']");
    if (!list || !count || !list.lastElementChild) { return; }
    var last = Number(count.value) - 1;
    var next = last + 1;
    var html = list.lastElementChild.outerHTML;
    if (button.dataset.kind === "method") {
      html = html.replace(new RegExp("methods-" + last + "(?=[-\"])", "g"), "methods-" + next);
    } else if (button.dataset.kind === "step") {
      var pc = button.dataset.case;
      html = html.replace(new RegExp(escapeRe("process-" + pc + "-" + last + "-"), "g"), "process-" + pc + "-" + next + "-")
                 .replace(new RegExp("steps-" + last + "(?=[-\"])", "g"), "steps-" + next);
    } else {
      var c = button.dataset.case;
      html = html.replace(new RegExp(escapeRe("dossier-" + c + "-" + last + "-"), "g"), "dossier-" + c + "-" + next + "-")
                 .replace(new RegExp("documents-" + last + "(?=[-\"])", "g"), "documents-" + next);
    }
    list.insertAdjacentHTML("beforeend", html);
    var row = list.lastElementChild;
    row.querySelectorAll(".problems, .check").forEach(function (node) { node.remove(); });
    row.querySelectorAll("input[type=checkbox]:not(.keep)").forEach(function (node) { node.remove(); });
    row.querySelectorAll("input[type=checkbox].keep").forEach(function (node) { node.checked = false; });
    row.querySelectorAll("input:not([type=checkbox]), textarea").forEach(function (node) { node.value = ""; });
    row.querySelectorAll("select").forEach(function (node) { node.selectedIndex = 0; });
    var legend = row.querySelector("legend");
    if (legend) { legend.textContent = "Thêm cách thức"; }
    count.value = String(next + 1);
    var first = row.querySelector("select, textarea, input");
    if (first) { first.focus(); }
  }

  document.querySelectorAll("button.add-row").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { addRow(button); });
  });
})();
