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
  // One-key shortcuts (WCAG 2.1.4): never while focus is on something that takes keys (a link, button,
  // field, <summary>), and a check box in the bar turns them off, remembered in this browser.
  var toggle = nav.querySelector(".rv-keys input");
  var KEY = "tthc.phimTat";
  try { if (toggle && window.localStorage.getItem(KEY) === "tat") { toggle.checked = false; } } catch (e) { /* no storage */ }
  if (toggle) {
    toggle.addEventListener("change", function () {
      try { window.localStorage.setItem(KEY, toggle.checked ? "bat" : "tat"); } catch (e) { /* no storage */ }
    });
  }
  var INTERACTIVE = "a[href], button, input, select, textarea, summary, [contenteditable], [role=button], [role=link]";
  document.addEventListener("keydown", function (event) {
    if (toggle && !toggle.checked) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.target.closest && event.target.closest(INTERACTIVE)) { return; }
    if (event.key === "n" || event.key === "j") { go(current + 1); event.preventDefault(); }
    if (event.key === "p" || event.key === "k") { go(current - 1); event.preventDefault(); }
  });
  position.textContent = changes.length + " phần thay đổi";

  // The sticky bar must not cover what has focus: its height is the page's top scroll padding
  // (site.css reads --sticky-top); on a short screen the CSS unsticks it and the padding is 0.
  var root = document.documentElement;
  function update() {
    var sticky = getComputedStyle(nav).position === "sticky";
    root.style.setProperty("--sticky-top", sticky ? (nav.getBoundingClientRect().height + 8) + "px" : "0px");
  }
  update();
  window.addEventListener("resize", update);
  // Only focus moved by the keyboard: scrolling under a pointer that is pressing would move the target.
  var byPointer = false;
  document.addEventListener("pointerdown", function () { byPointer = true; }, true);
  document.addEventListener("keydown", function () { byPointer = false; }, true);
  document.addEventListener("focusin", function (event) {
    if (byPointer || nav.contains(event.target) || getComputedStyle(nav).position !== "sticky") { return; }
    var box = event.target.getBoundingClientRect(), bottom = nav.getBoundingClientRect().bottom;
    if (box.top < bottom + 4 && box.bottom > 0) { window.scrollBy(0, box.top - bottom - 12); }
  });
})();
