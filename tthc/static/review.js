// Next/previous change on diff pages: buttons and the keys n / p (not while typing in a field).
(function () {
  "use strict";
  var changes = Array.prototype.slice.call(document.querySelectorAll(".rv-change"));
  var nav = document.querySelector(".rv-nav");
  if (!nav || changes.length === 0) { return; }
  nav.hidden = false;
  var position = nav.querySelector(".rv-position");
  var current = -1;

  function go(index) {
    if (current >= 0) { changes[current].classList.remove("rv-current"); }
    current = (index + changes.length) % changes.length;
    var target = changes[current];
    target.classList.add("rv-current");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    var heading = target.querySelector("h3");
    position.textContent = "Thay đổi " + (current + 1) + "/" + changes.length +
      (heading ? ": " + heading.textContent.trim() : "");
  }

  nav.addEventListener("click", function (event) {
    var button = event.target.closest("[data-rv-step]");
    if (button) { go(current + Number(button.getAttribute("data-rv-step"))); }
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.altKey || event.ctrlKey || event.metaKey || tag === "input" || tag === "textarea" || tag === "select") { return; }
    if (event.key === "n" || event.key === "j") { go(current + 1); event.preventDefault(); }
    if (event.key === "p" || event.key === "k") { go(current - 1); event.preventDefault(); }
  });
  position.textContent = changes.length + " phần thay đổi";
})();
