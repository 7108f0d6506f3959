// Results as you type (issue 5): debounced fetch of the JSON API; the plain form still works
// without JavaScript. Names are built with textContent: nothing from the server becomes HTML.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var box = document.getElementById("ket-qua-nhanh");
  var status = document.getElementById("ket-qua-nhanh-so");
  function announce(text) { if (status) { status.textContent = text; } }
  var timer = null, latest = 0;

  function params() {
    var data = new URLSearchParams(new FormData(form));
    var api = new URLSearchParams();
    var map = { q: "q", cap: "level", linh_vuc: "sector", co_quan: "agency", kenh: "channel",
                truc_tuyen: "online_level", trang_thai: "status", ngay: "ngay" };
    data.forEach(function (value, key) { if (map[key] && value) { api.set(map[key], value); } });
    api.set("facets", "0");
    api.set("per_page", "8");
    return api;
  }

  function render(body) {
    box.textContent = "";
    var summary = document.createElement("p");
    summary.className = "meta";
    // the query names a life event none of whose procedures is handled here: say so, as the page does,
    // before the closest procedures if any are offered
    var unhandled = body.event && body.event.matched === false
      ? body.event.title + ": cơ quan này không giải quyết thủ tục nào của sự kiện này." : "";
    if (!body.hits.length) {
      summary.textContent = unhandled || "Không tìm thấy thủ tục nào.";
      announce(summary.textContent);
      box.appendChild(summary);
      if (body.suggestion) {
        var hint = document.createElement("p");
        hint.append("Có phải bạn muốn tìm: ");
        var link = document.createElement("a");
        link.href = form.action + "?q=" + encodeURIComponent(body.suggestion);
        link.textContent = body.suggestion;
        hint.appendChild(link);
        box.appendChild(hint);
      }
      box.hidden = false;
      return;
    }
    var before = unhandled ? unhandled + " " : "";
    summary.textContent = before + "Gợi ý (nhấn Tìm để xem đủ kết quả và bộ lọc):";
    announce(before + body.hits.length + " gợi ý" +
             (body.total > body.hits.length ? " trong " + body.total + " thủ tục tìm thấy" : "") + ", ngay dưới ô tìm kiếm.");
    box.appendChild(summary);
    var list = document.createElement("ol");
    body.hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = form.dataset.page.replace("__CODE__", encodeURIComponent(hit.code));
      hit.name_parts.forEach(function (part) {
        if (part.mark) {
          var mark = document.createElement("mark");
          mark.textContent = part.text;
          link.appendChild(mark);
        } else {
          link.appendChild(document.createTextNode(part.text));
        }
      });
      item.appendChild(link);
      var code = document.createElement("span");
      code.className = "code";
      code.textContent = " " + hit.code;
      item.appendChild(code);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function run() {
    var text = input.value.trim();
    if (text.length < 2) { box.hidden = true; box.textContent = ""; announce(""); return; }
    var ticket = ++latest;
    fetch(form.dataset.api + "?" + params().toString(), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body && ticket === latest) { render(body); } })
      .catch(function () { /* the plain form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { box.hidden = true; }
  });
})();
