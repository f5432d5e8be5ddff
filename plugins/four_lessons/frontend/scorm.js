/* SCORM 1.2 bridge: the launch page of a package (index_lms.html), not the site.
 *
 * The module runs in a same-origin frame. This page holds the learner's progress for the
 * whole visit (FourStore.hold) and the LMS's record is its source of truth: on launch the
 * progress is rebuilt from cmi.suspend_data alone, and browser storage, which an LMS may
 * wipe at any login (Moodle does), is only a cache. Pages in the frame read and write
 * through window.FourLms. Every change, whatever made it (exercise, knowledge check,
 * lesson read or marked done), is reported: suspend_data, status and, once complete, the
 * score; then LMSCommit. "Save and finish", leaving the page (beforeunload, pagehide) and
 * the quick exit always send the current status, score and session time, then commit.
 * Outside an LMS (no API found) it simply opens the site. An LMS that offers only the
 * SCORM 2004 API (API_1484_11) gets the same reports in 2004's names.
 *
 * The LMS record (suspend_data), version 5: "5." then base64url bits, one block per lesson
 * of the module map, in order: an 18-bit fingerprint of the lesson (its id, its exercise
 * ids and its number of knowledge checks), the block's length in bits (16), then seen and
 * done (1 bit each); if it has knowledge checks, "couldn't run here" (1) and how many were
 * answered and how many right (as many bits as the count needs); then for each of its
 * exercises answered (1) and, if so, the four element ticks (4), the judgement (2) and
 * the score out of 5 (3). A block whose fingerprint no lesson has any more (the package
 * was replaced by one where that lesson changed) is skipped, so the others survive it.
 * 100 lessons of 5 exercises and 4 knowledge checks take about 1,560 characters of the
 * 4,096 SCORM 1.2 allows. Version 4 ("4|..."), from the first release, is still read.
 */
(function () {
  "use strict";
  var store = window.FourStore, progress = window.FourProgress;
  var frame = document.querySelector("[data-four-lms-frame]");
  var statusLine = document.querySelector("[data-four-lms-status]");
  var finishButton = document.querySelector("[data-four-lms-finish]");
  var closed = document.querySelector("[data-four-lms-closed]");
  // From plugins/four_lessons/contract.json (see build.mjs). suspend_data keeps a judgement
  // in 2 bits, so the contract may hold at most four.
  var JUDGEMENTS = FOUR_CONTRACT.judgements.map(function (j) { return j.value; });
  var ELEMENTS = FOUR_CONTRACT.elements.map(function (e) { return e.key; });
  var MAX = FOUR_CONTRACT.maxScore;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var SUSPEND_LIMIT = 4096;
  var SAY = {
    connected: "Connected: your progress is saved to your learning platform.",
    complete: "Module complete. Your result has been saved.",
    trouble: "Your learning platform isn't answering, so your progress may not be saved there. " +
      "Keep this window open and press Save and finish before you leave.",
    offline: "Your learning platform did not respond, so your progress may not be saved there. " +
      "It is kept in this browser for now.",
    review: "Review mode: you can look through the module, but nothing you change is saved.",
    finished: "Saved. You can now close this window or go back to your course."
  };
  if (!store || !progress || !frame) return;
  var lessons = progress.lessons;

  // -- the record ----------------------------------------------------------------------------

  function put(out, value, width) { for (var i = width - 1; i >= 0; i -= 1) out.push((value >>> i) & 1); }
  function width(n) { var w = 0; while (n >>> w) w += 1; return w; }  // bits that hold 0..n
  function fingerprint(lesson) {  // FNV-1a over the lesson's layout, 18 bits
    var text = JSON.stringify([lesson.id, lesson.e, lesson.q]), hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    return (hash ^ (hash >>> 18)) & 0x3ffff;
  }

  function lessonBits(lesson, data) {
    var out = [], page = data.pages[lesson.id] || {}, quiz = page.quiz;
    out.push(page.seen > 0 || page.done ? 1 : 0, page.done ? 1 : 0);
    if (lesson.q) {
      var off = !!(quiz && quiz.off), answered = quiz && !off ? Math.min(quiz.answered, lesson.q) : 0;
      out.push(off ? 1 : 0);
      put(out, answered, width(lesson.q));
      put(out, quiz && !off ? Math.min(quiz.correct, answered) : 0, width(lesson.q));
    }
    lesson.e.forEach(function (id) {
      var answer = data.exercises[id];
      out.push(answer ? 1 : 0);
      if (!answer) return;
      ELEMENTS.forEach(function (element) { out.push(answer.elements.indexOf(element) >= 0 ? 1 : 0); });
      put(out, Math.max(0, JUDGEMENTS.indexOf(answer.judgement)), 2);
      put(out, Math.min(7, Math.round((MAX * answer.score) / answer.max)), 3);
    });
    return out;
  }

  function encode(data) {
    var bits = [], text = "5.";
    lessons.forEach(function (lesson) {
      var body = lessonBits(lesson, data);
      put(bits, fingerprint(lesson), 18);
      put(bits, body.length, 16);
      Array.prototype.push.apply(bits, body);
    });
    for (var i = 0; i < bits.length; i += 6) {
      var value = 0;
      for (var j = 0; j < 6; j += 1) value = value * 2 + (bits[i + j] || 0);
      text += DIGITS.charAt(value);
    }
    return text;
  }

  /* One lesson's block into `data`; false if it doesn't fit the lesson (then nothing changes). */
  function readLesson(lesson, bits, start, length, data) {
    var pos = start, end = start + length, pages = {}, exercises = {};
    function get(n) { var v = 0; for (var i = 0; i < n; i += 1) v = v * 2 + bits[pos++]; return v; }
    if (length < 2) return false;
    var seen = get(1), done = get(1), page = { at: 1, seen: seen || done ? 1 : 0 };
    if (done) page.done = true;
    if (lesson.q) {
      if (end - pos < 1 + 2 * width(lesson.q)) return false;
      var off = get(1), answered = get(width(lesson.q)), correct = get(width(lesson.q));
      if (off) page.quiz = { answered: 0, correct: 0, total: 0, off: true };
      else if (answered) page.quiz = { answered: Math.min(answered, lesson.q), correct: Math.min(correct, answered), total: lesson.q };
    }
    for (var i = 0; i < lesson.e.length; i += 1) {
      if (pos >= end) return false;
      if (!get(1)) continue;
      if (end - pos < 9) return false;
      var ticks = get(4), judgement = JUDGEMENTS[get(2)], score = get(3);
      if (!judgement || score > MAX) return false;
      exercises[lesson.e[i]] = {
        elements: ELEMENTS.filter(function (element, n) { return ticks & (8 >> n); }),
        judgement: judgement, score: score, max: MAX, at: 1
      };
    }
    if (pos !== end) return false;
    if (page.seen || page.done || page.quiz) data.pages[lesson.id] = page;
    Object.keys(exercises).forEach(function (id) { data.exercises[id] = data.exercises[id] || exercises[id]; });
    return true;
  }

  function decode5(text) {
    var bits = [], data = { exercises: Object.create(null), pages: Object.create(null) }, byPrint = Object.create(null);
    for (var i = 0; i < text.length; i += 1) {
      var value = DIGITS.indexOf(text.charAt(i));
      if (value < 0) return null;
      put(bits, value, 6);
    }
    lessons.forEach(function (lesson) { (byPrint[fingerprint(lesson)] = byPrint[fingerprint(lesson)] || []).push(lesson); });
    var pos = 0;
    while (pos + 34 <= bits.length) {
      var print = 0, length = 0, j;
      for (j = 0; j < 18; j += 1) print = print * 2 + bits[pos++];
      for (j = 0; j < 16; j += 1) length = length * 2 + bits[pos++];
      if (pos + length > bits.length) return null;  // cut short: not ours, or damaged
      (byPrint[print] || []).some(function (lesson) { return readLesson(lesson, bits, pos, length, data); });
      pos += length;
    }
    return data;
  }

  /* Version 4: two characters per exercise of the module map, then one per lesson (done). */
  function decode4(parts) {
    var data = { exercises: Object.create(null), pages: Object.create(null) }, ids = [];
    lessons.forEach(function (lesson) { lesson.e.forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); }); });
    ids.forEach(function (id, index) {
      var pair = parts[1].substr(index * 2, 2), bits = DIGITS.indexOf(pair.charAt(0)) * 64 + DIGITS.indexOf(pair.charAt(1));
      if (pair.length < 2 || pair === ".." || bits < 0 || !(bits & 1)) return;
      data.exercises[id] = {
        elements: ELEMENTS.filter(function (element, i) { return bits & (2 << i); }),
        judgement: JUDGEMENTS[(bits >> 5) & 3] || JUDGEMENTS[0], score: Math.min((bits >> 7) & 7, MAX), max: MAX, at: 1
      };
    });
    lessons.forEach(function (lesson, index) {
      if (parts[2].charAt(index) === "1") data.pages[lesson.id] = { at: 1, seen: 1, done: true };
    });
    return data;
  }

  /* suspend_data -> progress in the store's shape, or null if it isn't a record of ours. */
  function decode(text) {
    var raw = null;
    text = String(text || "");
    if (text.slice(0, 2) === "5.") raw = decode5(text.slice(2));
    else if (/^4\|[^|]*\|[01]*$/.test(text)) raw = decode4(text.split("|"));
    if (!raw) return null;
    var parsed = store.parse({ version: store.version, module: store.config.module || "module", exercises: raw.exercises, pages: raw.pages });
    return parsed.data || null;
  }

  /* Module score 0-100 from the FOUR exercises; complete when every lesson is. */
  function summary(data) {
    var points = 0, complete = lessons.length > 0, ids = Object.create(null), count = 0;
    lessons.forEach(function (lesson) {
      if (!progress.state(lesson, data).complete) complete = false;
      lesson.e.forEach(function (id) {
        if (ids[id]) return;
        ids[id] = true;
        count += 1;
        var answer = data.exercises[id];
        if (answer) points += answer.score / answer.max;
      });
    });
    return { score: count ? Math.round((100 * points) / count) : (complete ? 100 : 0), complete: complete };
  }

  window.FourLmsRecord = { encode: encode, decode: decode, summary: summary, limit: SUSPEND_LIMIT };

  // -- the LMS -------------------------------------------------------------------------------

  function findApi(win, name) {
    for (var level = 0; win && level < 10; level += 1) {
      try { if (win[name]) return win[name]; } catch (e) { /* another origin: keep looking */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function lookFor(name) {
    try { return findApi(window.parent !== window ? window.parent : null, name) || (window.top.opener && findApi(window.top.opener, name)); } catch (e) { return null; }
  }

  // SCORM 1.2 first (the manifest's version); SCORM 2004 if that is all the LMS offers.
  var api = lookFor("API"), v2004 = false;
  if (!api) { api = lookFor("API_1484_11"); v2004 = !!api; }
  if (!api) { location.replace("index.html"); return; }
  var CALLS = v2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError", busy: "103" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError", busy: "101" };
  // The 1.2 names used below, as SCORM 2004 spells them.
  var NAMES_2004 = {
    "cmi.core.lesson_location": "cmi.location", "cmi.core.lesson_mode": "cmi.mode", "cmi.core.exit": "cmi.exit",
    "cmi.core.session_time": "cmi.session_time", "cmi.core.score.raw": "cmi.score.raw",
    "cmi.core.score.min": "cmi.score.min", "cmi.core.score.max": "cmi.score.max"
  };

  var settings = {};
  try { settings = JSON.parse(document.querySelector('meta[name="four-scorm"]').content); } catch (e) { /* none */ }
  var mastery = settings.mastery === "" || settings.mastery === undefined ? null : Number(settings.mastery);
  if (mastery !== null && !(mastery >= 0 && mastery <= 100)) mastery = null;
  var running = settings.running === true && mastery === null;
  var started = Date.now(), finished = false, failing = false, readOnly = false;
  var lastReported = "", place = "", best = -1, completeOnce = false;

  /* Every call guarded: an LMS that throws or says "false" must not stop the module. */
  function call(name, a, b) {
    try { var value = api[name](a, b); return value === undefined || value === null ? "" : String(value); } catch (e) { return null; }
  }
  function rawGet(name) { return call(CALLS.get, name) || ""; }
  function rawSet(name, value) { return call(CALLS.set, name, String(value)) === "true"; }
  function get(name) {
    if (!v2004) return rawGet(name);
    if (name !== "cmi.core.lesson_status") return rawGet(NAMES_2004[name] || name);
    var success = rawGet("cmi.success_status"), completion = rawGet("cmi.completion_status");
    return success === "passed" || success === "failed" ? success : completion === "unknown" ? "not attempted" : completion;
  }
  function set(name, value) {
    if (!v2004) return rawSet(name, value);
    if (name === "cmi.core.lesson_status") {
      var ok = rawSet("cmi.completion_status", value === "incomplete" ? "incomplete" : "completed");
      return value === "passed" || value === "failed" ? rawSet("cmi.success_status", value) && ok : ok;
    }
    if (name === "cmi.core.exit" && value === "") value = "normal";
    if (name === "cmi.core.session_time") value = String(value).replace(/^(\d+):(\d+):(\d+)$/, "PT$1H$2M$3S");
    if (name === "cmi.core.score.raw" && !rawSet("cmi.score.scaled", Number(value) / 100)) return false;
    return rawSet(NAMES_2004[name] || name, value);
  }
  function commit() { return call(CALLS.commit, "") === "true"; }
  function say(text) { statusLine.textContent = text; }
  function sayState(complete) { say(failing ? SAY.trouble : complete ? SAY.complete : SAY.connected); }

  function statusFor(complete, score) {
    if (!complete) return "incomplete";
    if (mastery === null) return "completed";
    return score >= mastery ? "passed" : "failed";
  }

  /* The state to report. Completion, once reached in an attempt, stays (a lesson marked
     not done again doesn't undo it), and the score sent never goes down in an attempt. */
  function current() {
    var data = store.read(), result = summary(data);
    if (result.complete) completeOnce = true;
    var complete = completeOnce, score = Math.max(best, result.score);
    return { suspend: encode(data), complete: complete, score: score, status: statusFor(complete, score) };
  }

  /* Report the current state and commit; unless forced, only when something changed. */
  function report(force) {
    if (finished || readOnly) return null;
    var now = current(), snapshot = [now.suspend, now.status, now.score, place].join("\n");
    if (!force && snapshot === lastReported) return now;
    var ok = now.suspend.length <= SUSPEND_LIMIT && set("cmi.suspend_data", now.suspend);
    if (place) ok = set("cmi.core.lesson_location", place) && ok;
    // No score before completion unless the package asks for a running one: a paused
    // learner would show as a low grade, and with a mastery score the LMS may turn a score
    // into "failed" at every exit (Moodle does).
    if (now.complete || running) {
      ok = set("cmi.core.score.min", 0) && ok;
      ok = set("cmi.core.score.max", 100) && ok;
      ok = set("cmi.core.score.raw", now.score) && ok;
    }
    ok = set("cmi.core.lesson_status", now.status) && ok;
    ok = commit() && ok;
    failing = !ok;
    lastReported = ok ? snapshot : "";  // a failed report is tried again at the next change
    sayState(now.complete);
    return now;
  }

  function sessionTime() {
    var seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s);
  }

  /* Everything, whether changed or not: status, score, record, exit mode, session time. */
  function sendAll() {
    if (finished || readOnly) return;
    var now = report(true), ok = !failing;
    ok = set("cmi.core.exit", now && now.complete ? "" : "suspend") && ok;
    ok = set("cmi.core.session_time", sessionTime()) && ok;
    failing = !(commit() && ok);
  }

  function finish() {
    if (finished) return;
    sendAll();
    finished = true;
    call(CALLS.finish, "");
  }

  // -- the frame -----------------------------------------------------------------------------

  var base = location.href.replace(/[#?].*$/, "").replace(/[^\/]*$/, "");
  /* A lesson's address from the module map, or "": lesson_location is followed only there. */
  function lessonAddress(text) {
    var address = String(text || "").split("#")[0];
    var found = lessons.some(function (lesson) { return lesson.u === address; });
    if (!found || !address) return "";
    try { var url = new URL(address, base); return url.href.indexOf(base) === 0 && url.origin === location.origin ? address : ""; } catch (e) { return ""; }
  }

  function rememberPlace() {
    try {
      var here = frame.contentWindow.location.href.replace(/[#?].*$/, "");
      if (here.indexOf(base) === 0 && lessonAddress(here.slice(base.length))) place = here.slice(base.length);
    } catch (e) { /* not our page */ }
    report(false);
  }

  /* The quick exit, in the frame or here (exit.js marks the page "four-exiting" and
     replaces the top window): nothing here may slow it down, so the LMS hears of it on
     pagehide. Coming Back to this page then shows no lesson, and a window the LMS opened
     for the module takes its opener (the course page) along. */
  var exiting = false;
  function watchExit(doc) {
    if (!doc || !window.MutationObserver) return;
    new MutationObserver(function () {
      if (exiting || !doc.documentElement.classList.contains("four-exiting")) return;
      exiting = true;
      store.exited(true);
      document.documentElement.classList.add("four-exiting");
      try {
        var opener = window.top.opener;
        if (opener && opener !== window.top && store.config.exit) opener.location.replace(store.config.exit);
      } catch (e) { /* closed, or another site */ }
    }).observe(doc.documentElement, { attributes: true, attributeFilter: ["class"] });
  }

  function open(address) {
    frame.hidden = false;
    if (closed) closed.hidden = true;
    frame.src = address || "index.html";
  }

  function showClosed() {
    document.documentElement.classList.remove("four-exiting");
    exiting = false;
    frame.hidden = true;
    frame.removeAttribute("src");
    if (!closed) { open(""); return; }
    closed.hidden = false;
    closed.querySelector("button").onclick = function () { store.exited(false); open(place); };
  }

  // -- launch --------------------------------------------------------------------------------

  var connected = false;
  try {
    var init = call(CALLS.init, "");
    connected = init === "true" || call(CALLS.error) === CALLS.busy;  // already initialised
    if (connected) {
      var lessonStatus = get("cmi.core.lesson_status"), mode = get("cmi.core.lesson_mode");
      readOnly = mode === "review" || mode === "browse";
      if (!readOnly && (lessonStatus === "" || lessonStatus === "not attempted")) {
        // Moodle turns "not attempted" into "completed" on finish; say "incomplete" at once.
        set("cmi.core.lesson_status", "incomplete");
        commit();
      }
      if (lessonStatus === "completed" || lessonStatus === "passed") completeOnce = true;
      var raw = Number(get("cmi.core.score.raw"));
      if (get("cmi.core.score.raw") !== "" && raw >= 0 && raw <= 100 && (completeOnce || running)) best = raw;
      store.read();  // anything unreadable in the cache is copied before it is replaced
      // The LMS record is the truth: the cache may be another learner's, or gone. A record
      // that isn't ours (or is damaged) starts the module afresh.
      store.hold(decode(get("cmi.suspend_data")) || store.parse({ version: store.version }).data);
      place = lessonAddress(get("cmi.core.lesson_location"));
    }
  } catch (e) { connected = false; }

  window.FourLms = connected ? {
    module: store.config.module || "module",
    read: function () { return JSON.stringify(store.read()); },
    write: function (text, reason) {
      var parsed = {};
      try { parsed = store.parse(JSON.parse(text)); } catch (e) { /* not progress */ }
      if (parsed.data) store.replace(parsed.data, reason);
    },
    saving: function () { return !failing; }
  } : undefined;

  if (!connected) say(SAY.offline);
  else if (readOnly) say(SAY.review);
  else sayState(completeOnce);
  if (store.exited()) showClosed(); else open(place);
  if (!connected) return;

  store.subscribe(function (reason) { if (reason !== "problem") report(false); });
  report(false);  // the record may say more than the status did (an earlier release's)
  frame.addEventListener("load", function () {
    rememberPlace();
    try { watchExit(frame.contentDocument); } catch (e) { /* not our page */ }
  });
  watchExit(document);
  finishButton.addEventListener("click", function () {
    finish();
    frame.hidden = true;  // work done after this would not be saved
    finishButton.disabled = true;
    say(failing ? SAY.trouble : SAY.finished);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendAll();
  });
  window.addEventListener("beforeunload", sendAll);
  window.addEventListener("pagehide", finish);
  window.addEventListener("pageshow", function (event) { if (event.persisted && store.exited()) showClosed(); });
})();
