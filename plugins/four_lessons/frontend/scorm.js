/* SCORM 1.2 bridge: the launch page of a package (index_lms.html), not the site.
 *
 * The module runs in a same-origin frame and keeps progress in FourStore as usual. This
 * page holds the LMS session for the whole visit: it restores progress from
 * cmi.suspend_data before the frame loads, and after every change in the frame (the
 * storage event reaches this window) it reports progress, score and status and commits.
 * On leaving it records the session time and exit mode, commits and finishes. Outside
 * an LMS (no API found) it simply opens the site.
 * The call order follows the SCORM 1.2 run-time as Moodle implements it.
 */
(function () {
  "use strict";
  var store = window.FourStore, progress = window.FourProgress;
  var frame = document.querySelector("[data-four-lms-frame]");
  var statusLine = document.querySelector("[data-four-lms-status]");
  var finishButton = document.querySelector("[data-four-lms-finish]");
  var JUDGEMENTS = ["likely-stalking", "warning-signs", "not-stalking"];
  var ELEMENTS = ["fixated", "obsessive", "unwanted", "repeated"];
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var SUSPEND_LIMIT = 4096;

  function findApi(win) {
    for (var level = 0; win && level < 10; level += 1) {
      try { if (win.API) return win.API; } catch (e) { /* another origin: keep looking */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = findApi(window.parent !== window ? window.parent : null);
  if (!api) { try { api = window.top.opener && findApi(window.top.opener); } catch (e) { api = null; } }
  if (!api || !store || !progress) { location.replace("index.html"); return; }

  var settings = {};
  try { settings = JSON.parse(document.querySelector('meta[name="four-scorm"]').content); } catch (e) { /* none */ }
  var mastery = settings.mastery === "" ? null : Number(settings.mastery);
  var lessons = progress.lessons;
  // Every exercise of the module in a fixed order: suspend_data stores them by position.
  var exerciseIds = [];
  lessons.forEach(function (lesson) {
    lesson.e.forEach(function (id) { if (exerciseIds.indexOf(id) < 0) exerciseIds.push(id); });
  });
  var started = Date.now(), finished = false, lastReported = "";

  function get(name) { return String(api.LMSGetValue(name) || ""); }
  function set(name, value) { return String(api.LMSSetValue(name, String(value))) === "true"; }
  function commit() { return String(api.LMSCommit("")) === "true"; }
  function say(text) { statusLine.textContent = text; }

  /* suspend_data: "4|" + two characters per exercise (12 bits: answered, four element
     ticks, judgement, score) + "|" + one character per lesson (done by reading). */
  function encode(data) {
    var answers = exerciseIds.map(function (id) {
      var record = data.exercises[id];
      if (!record) return "..";
      var bits = 1;
      ELEMENTS.forEach(function (element, i) { if (record.elements.indexOf(element) >= 0) bits |= 2 << i; });
      bits |= (JUDGEMENTS.indexOf(record.judgement) & 3) << 5;
      bits |= (Math.min(record.score, 5) & 7) << 7;
      return DIGITS.charAt(bits >> 6) + DIGITS.charAt(bits & 63);
    }).join("");
    var pages = lessons.map(function (lesson) { var p = data.pages[lesson.id]; return p && p.done ? "1" : "0"; }).join("");
    return "4|" + answers + "|" + pages;
  }

  function decode(text, data) {
    var parts = String(text).split("|");
    if (parts[0] !== "4" || parts.length !== 3) return false;
    exerciseIds.forEach(function (id, index) {
      var pair = parts[1].substr(index * 2, 2);
      if (pair.length < 2 || pair === ".." || data.exercises[id]) return;  // this device's answer wins
      var bits = DIGITS.indexOf(pair.charAt(0)) * 64 + DIGITS.indexOf(pair.charAt(1));
      if (bits < 0 || !(bits & 1)) return;
      data.exercises[id] = {
        elements: ELEMENTS.filter(function (element, i) { return bits & (2 << i); }),
        judgement: JUDGEMENTS[(bits >> 5) & 3] || JUDGEMENTS[0],
        score: (bits >> 7) & 7, max: 5, at: 1
      };
    });
    lessons.forEach(function (lesson, index) {
      if (parts[2].charAt(index) === "1") {
        var page = data.pages[lesson.id] || (data.pages[lesson.id] = { at: 1, seen: 1 });
        page.done = true;
      }
    });
    return true;
  }

  function summary(data) {
    var points = 0, complete = true;
    exerciseIds.forEach(function (id) { var r = data.exercises[id]; if (r) points += r.score / r.max; });
    lessons.forEach(function (lesson) { if (!progress.state(lesson, data).complete) complete = false; });
    var score = exerciseIds.length ? Math.round((100 * points) / exerciseIds.length) : (complete ? 100 : 0);
    return { score: score, complete: complete };
  }

  function statusFor(result) {
    if (!result.complete) return "incomplete";
    if (mastery === null || isNaN(mastery)) return "completed";
    return result.score >= mastery ? "passed" : "failed";
  }

  /* Report progress to the LMS; commit only when something changed. */
  function report() {
    if (finished) return;
    var data = store.read(), result = summary(data), suspend = encode(data);
    var snapshot = suspend + result.score;
    if (snapshot === lastReported) return;
    lastReported = snapshot;
    if (suspend.length <= SUSPEND_LIMIT) set("cmi.suspend_data", suspend);
    // With a mastery score the LMS may set passed or failed from the score alone (Moodle
    // does at every exit), which would fail a learner who has only paused: then the score
    // is reported once the module is complete.
    if (result.complete || mastery === null || isNaN(mastery)) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", result.score);
    }
    set("cmi.core.lesson_status", statusFor(result));
    commit();
    say(result.complete ? "Module complete. Your result has been saved." : "Your progress is being saved to your learning platform.");
  }

  function sessionTime() {
    var seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s);
  }

  function finish() {
    if (finished) return;
    report();
    finished = true;
    set("cmi.core.exit", summary(store.read()).complete ? "" : "suspend");
    set("cmi.core.session_time", sessionTime());
    commit();
    api.LMSFinish("");
  }

  function rememberPlace() {
    try {
      var here = frame.contentWindow.location.href, base = location.href.replace(/[^\/]*([?#].*)?$/, "");
      if (here.indexOf(base) === 0) set("cmi.core.lesson_location", here.slice(base.length).slice(0, 255));
    } catch (e) { /* not our page */ }
  }

  if (String(api.LMSInitialize("")) !== "true") {
    say("Your learning platform did not respond, so your progress is kept on this device only.");
    frame.src = "index.html";
    return;
  }
  var lessonStatus = get("cmi.core.lesson_status");
  if (lessonStatus === "" || lessonStatus === "not attempted") {
    // Moodle turns "not attempted" into "completed" on finish; say "incomplete" at once.
    set("cmi.core.lesson_status", "incomplete");
    commit();
  }
  var saved = get("cmi.suspend_data");
  if (saved) store.update(function (data) { return decode(saved, data); }, "lms");
  lastReported = encode(store.read()) + summary(store.read()).score;
  var place = get("cmi.core.lesson_location");
  frame.src = /^[\w\/.-]+\.html(#[\w-]*)?$/.test(place) ? place : "index.html";
  say("Connected: your progress is saved to your learning platform.");

  store.subscribe(function (reason) { if (reason !== "problem") report(); });
  frame.addEventListener("load", rememberPlace);
  finishButton.addEventListener("click", function () {
    finish();
    say("Saved. You can now close this window or go back to your course.");
    finishButton.disabled = true;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !finished) { report(); commit(); }
  });
  window.addEventListener("pagehide", finish);
})();
