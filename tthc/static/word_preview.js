// Word decision preview, a page at a time (tthc/web/drafting_word.py). On submit, send only the fields the
// drafter changed on this page: the server keeps each page's fixes on the preview's job and takes a field not
// sent as unchanged. A link to another page of the same preview (the pager, a doubtful entry, the filter)
// first saves this page's changes when there are any, so nothing typed is lost by moving on; without
// JavaScript the buttons «Lưu…» do the same.
(function () {
  "use strict";
  var form = document.querySelector("form.word-preview");
  if (!form) { return; }
  var own = form.dataset.preview;

  function fields() {
    return Array.prototype.filter.call(form.querySelectorAll("input, textarea, select"), function (field) {
      return field.name && field.type !== "hidden" && field.type !== "submit";
    });
  }
  function changed(field) {
    if (field.type === "checkbox") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") {
      return !Array.prototype.every.call(field.options, function (o) { return o.selected === o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  form.addEventListener("submit", function () {
    fields().forEach(function (field) {
      if (field.type !== "checkbox" && !changed(field)) { field.disabled = true; }
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== own) { return; }
    if (url.search === window.location.search) { return; }  // this page: only a jump to an anchor
    if (!fields().some(changed)) { return; }
    event.preventDefault();
    var target = document.createElement("input");
    target.type = "hidden";
    target.name = "sang";
    target.value = url.pathname + url.search + url.hash;
    form.appendChild(target);
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });

  // Back/forward cache: a page restored after submit must be editable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.querySelectorAll("[disabled]"), function (f) { f.disabled = false; });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden][name=sang]"), function (f) { f.remove(); });
  });
})();
