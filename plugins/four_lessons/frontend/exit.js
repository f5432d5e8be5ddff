/* FOUR Lessons quick exit; behaviour and reasons in overrides/main.html.
 *
 * Escape does one thing at a time. The module's own dialogs and confirmations, and the
 * classroom's presenter mode, claim it while they are open (Four.exit.claim): a press then
 * closes that, and only that. Material's search, when open, closes itself. Either way the
 * quick exit ignores Escape for a second after (Four.exit.hush), so a second press that
 * follows at once never leaves the site; after that second Escape is the quick exit again.
 * Nothing in a page's content can claim Escape (a <dialog> or aria-modal element written in
 * a lesson does not stop it), and Shift pressed three times always leaves.
 *
 * Its words (exit.*) come through Four.i18n (i18n.js, bundled before this file), which finds
 * them in the page's four-lessons meta, in the page's language, before any other file. */
import { Four } from "./lib/registry.js";
import { $ } from "./lib/dom.js";
import { settings } from "./lib/page.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";
  if (Four.exit) return;
  var presses = 0, timer, quiet, modifier, overlay, title;
  var html = document.documentElement, claims = [], hushed = 0, HUSH = 1000;

  function say(text) {
    var status = $("[data-four-exit-status]");
    if (status) status.textContent = text;
  }
  function count(n) {
    var link = $("[data-four-exit]");
    presses = n;
    if (link) link.setAttribute("data-presses", n);
  }
  function reset(message) {
    clearTimeout(timer);
    clearTimeout(quiet);
    count(0);
    say(message || "");
    if (message) quiet = setTimeout(say, 5000, "");
  }
  function exit() {
    if (overlay) return;
    var link = $("[data-four-exit]");
    reset();
    title = document.title;
    document.title = t("exit.loading_title");
    overlay = document.createElement("div");
    overlay.className = "four-exit-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    html.classList.add("four-exiting");
    overlay.textContent = t("exit.loading");
    var url = link ? link.href : settings().exit || "about:blank";
    try { top.location.replace(url); } catch (e) { location.replace(url); }  // leave any frame (LMS)
  }
  /* Typing in a field: keys are the learner's words, not commands. */
  function typing(event) {
    var el = event.target;
    return el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName) || (el.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset|image|range|color|file)$/.test(el.type));
  }
  function searching() { var search = $("#__search"); return !!(search && search.checked); }
  function hush() { hushed = Date.now(); }

  /* One press of Escape: close what is open, or leave; never both, and never one right
     after the other. */
  function escape(event) {
    if (Date.now() - hushed < HUSH) return;
    if (searching()) { hush(); return; }  // the theme closes its search
    for (var i = claims.length - 1; i >= 0; i -= 1) {
      var closed = false;
      try { closed = claims[i](event) === true; } catch (e) { /* its own bug */ }
      if (closed) { event.preventDefault(); hush(); return; }
    }
    if (typing(event)) return;
    event.preventDefault();
    exit();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-four-exit]")) {
      event.preventDefault();
      exit();
    }
  }, true);
  addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) modifier = false;
      return;
    }
    modifier = true;
    if (presses) reset();
    if (event.key === "Escape" && !(event.ctrlKey || event.altKey || event.metaKey || event.isComposing)) escape(event);
  }, true);
  addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    if (modifier || typing(event)) return reset();
    clearTimeout(timer);
    clearTimeout(quiet);
    count(presses + 1);
    if (presses > 2) return exit();
    say(t("exit.presses_left", { count: 3 - presses }));
    timer = setTimeout(reset, 5000, t("exit.timed_out"));
  }, true);
  addEventListener("pageshow", function () {
    html.classList.remove("four-exiting");
    if (overlay) overlay.remove();
    if (title) document.title = title;
    overlay = title = null;
    reset();
  });

  Four.exit = {
    exit: exit,
    /** fn(event) closes what its component has open and returns true, or returns false
        (nothing of its own is open). Called for each Escape, last claimed first. */
    claim: function (fn) { if (claims.indexOf(fn) < 0) claims.push(fn); },
    /** Something just closed by Escape without the key reaching us (the browser's own end
        of full screen): ignore Escape for a moment. */
    hush: hush
  };
})();
