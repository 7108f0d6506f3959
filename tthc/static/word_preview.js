// Word decision preview: send only the fields the drafter changed (plus the signed payload and the
// token). The server takes a missing field as "unchanged", so a 300-entry preview stays far below the
// form-size limits; without JavaScript every field is sent, which works for annexes of ~80 entries.
(function () {
  "use strict";
  var form = document.querySelector("form.word-preview");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, select"), function (field) {
      if (!field.name || field.name === "payload" || field.name === "csrf_token" || field.type === "checkbox") {
        return;
      }
      var unchanged = field.tagName === "SELECT"
        ? Array.prototype.every.call(field.options, function (o) { return o.selected === o.defaultSelected; })
        : field.value === field.defaultValue;
      if (unchanged) { field.disabled = true; }
    });
  });
  // Back/forward cache: a page restored after submit must be editable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.querySelectorAll("[disabled]"), function (f) { f.disabled = false; });
  });
})();
