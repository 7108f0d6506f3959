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

// Problems printed beside a field are tied to it: aria-describedby names the list and aria-invalid marks
// an error, so a screen reader reads them with the field. A list's id is its field's id + "-problems";
// a problem of one line of a list field ("f-basis-2-problems") belongs to the field itself ("f-basis").
(function () {
  "use strict";
  document.querySelectorAll("ul.problems[id$='-problems']").forEach(function (list) {
    var id = list.id.slice(0, -"-problems".length);
    var field = document.getElementById(id);
    while (!field && id.lastIndexOf("-") > 1) {
      id = id.slice(0, id.lastIndexOf("-"));
      field = document.getElementById(id);
    }
    if (!field || !/^(INPUT|TEXTAREA|SELECT)$/.test(field.tagName)) { return; }
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(list.id) < 0) { described.push(list.id); }
    field.setAttribute("aria-describedby", described.join(" "));
    if (list.querySelector("li.error")) { field.setAttribute("aria-invalid", "true"); }
  });
})();

// The sticky "Lưu" bar must never cover the field that has focus (WCAG 2.4.7/2.4.11): its height is the
// page's bottom scroll padding (site.css reads --sticky-bottom), and a field that still ends under it
// when focused (a browser that ignores scroll padding for focus) is scrolled clear of it.
(function () {
  "use strict";
  var bar = document.querySelector(".sticky-save");
  if (!bar) { return; }
  var root = document.documentElement;
  function height() { return getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().height : 0; }
  function update() { root.style.setProperty("--sticky-bottom", (height() + 8) + "px"); }
  update();
  window.addEventListener("resize", update);
  // Only focus moved by the keyboard: scrolling under a pointer that is pressing would move the target.
  var byPointer = false;
  document.addEventListener("pointerdown", function () { byPointer = true; }, true);
  document.addEventListener("keydown", function () { byPointer = false; }, true);
  document.addEventListener("focusin", function (event) {
    if (byPointer || bar.contains(event.target) || !height()) { return; }
    var field = event.target.getBoundingClientRect(), top = bar.getBoundingClientRect().top;
    if (field.bottom > top - 4) { window.scrollBy(0, field.bottom - top + 12); }
  });
})();
