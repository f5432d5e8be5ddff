/* FOUR Lessons quick exit; behaviour and reasons in overrides/main.html */
(function () {
  "use strict";
  if (window.FourExit) return;
  var presses = 0, timer, quiet, modifier, overlay, title;
  var html = document.documentElement;

  function $(selector) { return document.querySelector(selector); }
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
    var link = $("[data-four-exit]"), meta = $('meta[name="four-lessons"]');
    reset();
    title = document.title;
    document.title = "Loading";
    overlay = document.createElement("div");
    overlay.className = "four-exit-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    html.classList.add("four-exiting");
    overlay.textContent = "Loading.";
    var url = link ? link.href : meta ? JSON.parse(meta.content).exit : "about:blank";
    try { top.location.replace(url); } catch (e) { location.replace(url); }  // leave any frame (LMS)
  }
  function typing(event) {
    var el = event.target;
    return el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName) || (el.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset|image|range|color|file)$/.test(el.type));
  }
  function busy(event) {
    var search = $("#__search");
    return (search && search.checked) || $("dialog[open],[aria-modal=true]:not([hidden])") || typing(event);
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
    // In the classroom's presenter mode Escape leaves presenter mode instead (teachers
    // press it by habit); the button and Shift x3 still work.
    if (event.key === "Escape" && !(event.ctrlKey || event.altKey || event.metaKey ||
        event.isComposing || busy(event) || $("[data-four-presenting]"))) {
      event.preventDefault();
      exit();
    }
  }, true);
  addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    // Shift x3 works whatever the page shows (a dialog, a modal, the search); only typing
    // in a field stops it, where Shift makes capitals.
    if (modifier || typing(event)) return reset();
    clearTimeout(timer);
    clearTimeout(quiet);
    count(presses + 1);
    if (presses > 2) return exit();
    say("Shift, press " + (3 - presses) + " more time" + (presses < 2 ? "s" : "") + " to exit.");
    timer = setTimeout(reset, 5000, "Exit this page timed out.");
  }, true);
  addEventListener("pageshow", function () {
    html.classList.remove("four-exiting");
    if (overlay) overlay.remove();
    if (title) document.title = title;
    overlay = title = null;
    reset();
  });

  window.FourExit = { exit: exit };
})();
