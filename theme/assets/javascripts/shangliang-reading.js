// Easy reading (关怀模式): larger text, more spacing, higher contrast, bigger targets, no
// animation (the rules are in shangliang.css under html[data-sl-reading="on"]).
//
// Loaded synchronously in <head> (theme/main.html), so the reader's choice is on <html>
// before the first paint: no flash of small text. The choice is kept under one key on
// localStorage itself, not through Material's __md_get, which prefixes keys with each
// language root's path: the Chinese (/) and English (/en/) sites share it.
(function () {
  "use strict";
  var KEY = "shangliang.reading";
  var root = document.documentElement;

  function isOn() {
    try {
      return localStorage.getItem(KEY) === "on";
    } catch (error) {
      return false; // storage refused (privacy settings): the mode just isn't remembered
    }
  }

  function remember(on) {
    try {
      localStorage.setItem(KEY, on ? "on" : "off");
    } catch (error) {}
  }

  // "on" or "off": either value also tells the stylesheet that the toggle can work.
  function apply(on) {
    root.setAttribute("data-sl-reading", on ? "on" : "off");
    var buttons = document.querySelectorAll("[data-sl-reading-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  apply(isOn());

  document.addEventListener("DOMContentLoaded", function () {
    apply(isOn());
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-sl-reading-toggle]");
      if (!button) return;
      var on = root.getAttribute("data-sl-reading") !== "on";
      remember(on);
      apply(on);
    });
  });

  // Another tab, or the other language's site, changed the choice.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply(event.newValue === "on");
  });
})();
