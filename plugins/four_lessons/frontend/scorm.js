/* SCORM bridge: the launch page of a package (index_lms.html), not the site.
 *
 * The module runs in a same-origin frame. This page holds the learner's progress for the
 * whole visit (Four.store.hold) and the LMS's record is its source of truth: on launch the
 * progress is rebuilt from cmi.suspend_data alone, and browser storage, which an LMS may
 * wipe at any login (Moodle does), is only a cache. Pages in the frame read and write
 * through Four.lms (lib/registry.js). Every change, whatever made it (exercise, knowledge check,
 * lesson read or marked done), is reported: the record, place, status and, once complete,
 * the score; then a commit. Each answer checked in the frame (the "four:answered" event of
 * exercise.js and quiz.js: {kind, id, page, response, correct, score, max}) is also sent
 * as a SCORM interaction, a new one for every try, unless the package was made with
 * --no-interactions; the right answer comes from the page when the event doesn't carry it. "Save and finish" and leaving the
 * page (pagehide) send status, score and session time, then finish the session. Outside an
 * LMS (no API found) it simply opens the site.
 *
 * A SCORM 1.2 package looks for the 1.2 API first, a 2004 package for the 2004 one; either
 * falls back on the other, and speaks the run-time it found (its element names, formats
 * and limits: suspend_data holds 4,096 characters in 1.2, 64,000 in 2004).
 *
 * The LMS's record is never made poorer (robustness review N6). Nothing but a "not
 * attempted" status is written at launch. If a read fails, or the record is not one this
 * package understands in full (cut short, junk after it, an old format of the wrong
 * length), the bar says progress may not be saved and nothing is written until the learner
 * changes something; the whole blocks of a cut record are kept, and blocks of lessons this
 * package doesn't have are carried along unread. A newer package's record is only read.
 *
 * The LMS never holds up the learner (review N8): SCORM calls are synchronous, and a slow
 * LMS (a second a call) would freeze the page, so every call, launch included, runs in a
 * task of its own and a key press or click is handled between any two of them. The quick
 * exit makes no call at all: the page leaves at once, and what was not yet sent is kept for
 * this tab (sessionStorage) and sent at the next launch here, if the LMS names the same
 * learner.
 *
 * The LMS record (suspend_data), version 5: "5." then base64url bits, one block per lesson
 * of the module map, in order: an 18-bit fingerprint of the lesson (its id, its exercise
 * ids and its number of knowledge checks), the block's length in bits (16), then seen and
 * done (1 bit each); if it has knowledge checks, "couldn't run here" (1) and how many were
 * answered and how many right (as many bits as the count needs); then for each of its
 * exercises answered (1) and, if so, the four element ticks (4), the judgement (2) and
 * the score out of 5 (3). A block whose fingerprint no lesson has (the package was replaced
 * by one where that lesson changed) is kept as it is, after the others, while there is
 * room. 100 lessons of 5 exercises and 4 knowledge checks take about 1,560 characters.
 * Version 4 ("4|..."), from the first release, is still read.
 */
import { Four } from "./lib/registry.js";
import { $ } from "./lib/dom.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store, progress = Four.progress;
  var frame = $("[data-four-lms-frame]"), statusLine = $("[data-four-lms-status]");
  var finishButton = $("[data-four-lms-finish]"), closed = $("[data-four-lms-closed]"), ownExit = $("[data-four-lms-exit]");
  // From plugins/four_lessons/contract.json (see build.mjs). suspend_data keeps a judgement
  // in 2 bits, so the contract may hold at most four.
  var JUDGEMENTS = FOUR_CONTRACT.judgements.map(function (j) { return j.value; });
  var ELEMENTS = FOUR_CONTRACT.elements.map(function (e) { return e.key; });
  var MAX = FOUR_CONTRACT.maxScore;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VERSION = 5;
  // What the bar says, in the learner's language: the launch page's template holds each
  // message (data-say, in the site's language), and a template that leaves one out gets
  // it from i18n.js (bundled before this file) where the page has the messages file.
  var SAY = {
    connected: t("scorm.say.connected"),
    complete: t("scorm.say.complete"),
    trouble: t("scorm.say.trouble"),
    offline: t("scorm.say.offline"),
    review: t("scorm.say.review"),
    unreadable: t("scorm.say.unreadable"),
    partial: t("scorm.say.partial"),
    newer: t("scorm.say.newer"),
    saving: t("scorm.say.saving"),
    finished: t("scorm.say.finished")
  };
  Array.prototype.forEach.call(document.querySelectorAll("[data-four-lms-says] [data-say]"), function (item) {
    if (item.textContent.trim()) SAY[item.getAttribute("data-say")] = item.textContent.trim();
  });
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

  function text64(bits) {
    var text = "";
    for (var i = 0; i < bits.length; i += 6) {
      var value = 0;
      for (var j = 0; j < 6; j += 1) value = value * 2 + (bits[i + j] || 0);
      text += DIGITS.charAt(value);
    }
    return text;
  }

  var kept = [];  // blocks of the LMS's record for lessons this package doesn't have
  /* The record of `data`, with the kept blocks after this package's own while they fit. */
  function encode(data) {
    var bits = [];
    lessons.forEach(function (lesson) {
      var body = lessonBits(lesson, data);
      put(bits, fingerprint(lesson), 18);
      put(bits, body.length, 16);
      Array.prototype.push.apply(bits, body);
    });
    kept.forEach(function (block) {
      if (2 + Math.ceil((bits.length + block.length) / 6) <= LIMIT) bits = bits.concat(block);
    });
    return VERSION + "." + text64(bits);
  }

  /* One lesson's block into `data`; false if it doesn't fit the lesson (then nothing changes). */
  function readLesson(lesson, bits, start, length, data) {
    var pos = start, end = start + length, exercises = {};
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

  /* Version 5's bits -> {data, whole, blocks, unknown}: every whole block is read; `whole`
     is false if anything else was there (a cut block, junk, a block that doesn't fit). */
  function decode5(text) {
    var bits = [], data = { exercises: {}, pages: {} }, byPrint = {}, whole = true, blocks = 0, unknown = [];
    for (var i = 0; i < text.length; i += 1) {
      var value = DIGITS.indexOf(text.charAt(i));
      if (value < 0) { whole = false; break; }  // junk after the record
      put(bits, value, 6);
    }
    lessons.forEach(function (lesson) { (byPrint[fingerprint(lesson)] = byPrint[fingerprint(lesson)] || []).push(lesson); });
    var pos = 0;
    while (bits.length - pos >= 34) {
      var start = pos, print = 0, length = 0, j;
      for (j = 0; j < 18; j += 1) print = print * 2 + bits[pos++];
      for (j = 0; j < 16; j += 1) length = length * 2 + bits[pos++];
      if (pos + length > bits.length) { pos = start; whole = false; break; }  // cut short
      var ours = byPrint[print];
      if (!ours) unknown.push(bits.slice(start, pos + length));
      else if (!ours.some(function (lesson) { return readLesson(lesson, bits, pos, length, data); })) whole = false;
      blocks += 1;
      pos += length;
    }
    // What is left is the last character's padding: fewer than 6 bits, all 0.
    if (bits.length - pos >= 6 || bits.slice(pos).indexOf(1) >= 0) whole = false;
    return { data: data, whole: whole, blocks: blocks, unknown: unknown };
  }

  /* Version 4: two characters per exercise of the module map, then one per lesson (done).
     Only a record of exactly this module's length is read: any other would put answers on
     the wrong exercises. */
  function decode4(parts) {
    var data = { exercises: {}, pages: {} }, ids = [], sound = true;
    lessons.forEach(function (lesson) { lesson.e.forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); }); });
    if (parts[1].length !== 2 * ids.length || parts[2].length !== lessons.length) return null;
    ids.forEach(function (id, index) {
      var pair = parts[1].substr(index * 2, 2);
      if (pair === "..") return;
      var high = DIGITS.indexOf(pair.charAt(0)), low = DIGITS.indexOf(pair.charAt(1)), bits = high * 64 + low;
      if (high < 0 || low < 0) { sound = false; return; }
      if (!(bits & 1)) return;
      data.exercises[id] = {
        elements: ELEMENTS.filter(function (element, i) { return bits & (2 << i); }),
        judgement: JUDGEMENTS[(bits >> 5) & 3] || JUDGEMENTS[0], score: Math.min((bits >> 7) & 7, MAX), max: MAX, at: 1
      };
    });
    lessons.forEach(function (lesson, index) {
      if (parts[2].charAt(index) === "1") data.pages[lesson.id] = { at: 1, seen: 1, done: true };
    });
    return sound ? data : null;
  }

  function nothing() { return store.parse({ version: store.version }).data; }

  /* suspend_data -> {state, data, unknown}. state: "empty" (no record), "whole", "partial"
     (whole blocks kept, the rest not understood), "unreadable" (not a record of ours, or
     damaged beyond use) or "newer" (a later package's format: not to be written over). */
  function decode(text) {
    var raw = null, state = "whole", unknown = [];
    text = String(text === undefined || text === null ? "" : text);
    if (text === "") return { state: "empty", data: nothing(), unknown: [] };
    var version = /^(\d{1,6})[.|]/.exec(text);
    if (version && Number(version[1]) > VERSION) return { state: "newer", data: nothing(), unknown: [] };
    if (text.slice(0, 2) === "5.") {
      var five = decode5(text.slice(2));
      raw = five.blocks ? five.data : null;
      unknown = five.unknown;
      if (!five.whole) state = "partial";
    } else if (/^4\|[^|]*\|[01]*$/.test(text)) {
      raw = decode4(text.split("|"));
    }
    var parsed = raw && store.parse({ version: store.version, module: store.config.module || "module", exercises: raw.exercises, pages: raw.pages });
    if (!parsed || !parsed.data) return { state: "unreadable", data: nothing(), unknown: [] };
    return { state: parsed.dropped ? "partial" : state, data: parsed.data, unknown: unknown };
  }

  /* Module score 0-100 from the FOUR exercises; complete when every lesson is; measure
     (0-1) is how much of the module is done. */
  function summary(data) {
    var points = 0, complete = lessons.length > 0, ids = {}, count = 0, done = 0, total = 0;
    lessons.forEach(function (lesson) {
      var state = progress.state(lesson, data);
      if (!state.complete) complete = false;
      done += state.done;
      total += state.total;
      lesson.e.forEach(function (id) {
        if (ids[id]) return;
        ids[id] = true;
        count += 1;
        var answer = data.exercises[id];
        if (answer) points += answer.score / answer.max;
      });
    });
    return {
      score: count ? Math.round((100 * points) / count) : (complete ? 100 : 0),
      complete: complete,
      measure: total ? done / total : 0
    };
  }

  /* The learner's answers in the record: what only the learner's own hand changes (pages
     opened, or marked done once read to the end, change by themselves). */
  function substance(data) {
    var out = [];
    Object.keys(data.exercises).sort().forEach(function (id) {
      var a = data.exercises[id];
      out.push(id, a.elements.slice().sort().join(","), a.judgement, a.score);
    });
    Object.keys(data.pages).sort().forEach(function (id) {
      var q = data.pages[id].quiz;
      if (q && !q.off) out.push(id, q.answered, q.correct);
    });
    return JSON.stringify(out);
  }

  /* Both records in one, nothing lost: the later answer to each exercise, every page
     opened or done, the most knowledge checks answered. */
  function merge(a, b) {
    var out = nothing();
    [a, b].forEach(function (data) {
      Object.keys(data.exercises).forEach(function (id) {
        var mine = out.exercises[id], other = data.exercises[id];
        if (!mine || other.at >= mine.at) out.exercises[id] = other;
      });
      Object.keys(data.pages).forEach(function (id) {
        var mine = out.pages[id], other = data.pages[id];
        if (!mine) { out.pages[id] = JSON.parse(JSON.stringify(other)); return; }
        mine.seen = Math.max(mine.seen || 0, other.seen || 0);
        mine.at = Math.max(mine.at || 0, other.at || 0);
        if (other.done) mine.done = true;
        var q = mine.quiz, r = other.quiz;
        if (r && (!q || (!r.off && (q.off || r.answered > q.answered || (r.answered === q.answered && r.correct > q.correct))))) mine.quiz = r;
      });
    });
    return out;
  }

  // -- the LMS -------------------------------------------------------------------------------

  var settings = {};
  try { settings = JSON.parse($('meta[name="four-scorm"]').content); } catch (e) { /* none */ }

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

  // The manifest's version first; the other if that is all the LMS offers.
  var order = settings.version === "2004" ? ["API_1484_11", "API"] : ["API", "API_1484_11"];
  var api = lookFor(order[0]), apiName = order[0];
  if (!api) { api = lookFor(order[1]); apiName = order[1]; }
  var v2004 = apiName === "API_1484_11";
  Four.lmsRecord = { encode: encode, decode: decode, summary: summary, merge: merge };
  if (!api) { location.replace("index.html"); return; }
  var LIMIT = v2004 ? 64000 : 4096;
  var CALLS = v2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError", busy: "103" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError", busy: "101" };
  var EL = v2004 ? {
    suspend: "cmi.suspend_data", location: "cmi.location", mode: "cmi.mode", learner: "cmi.learner_id",
    exit: "cmi.exit", session: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
    scaled: "cmi.score.scaled", completion: "cmi.completion_status", success: "cmi.success_status",
    measure: "cmi.progress_measure", passing: "cmi.scaled_passing_score"
  } : {
    suspend: "cmi.suspend_data", location: "cmi.core.lesson_location", mode: "cmi.core.lesson_mode",
    learner: "cmi.core.student_id", exit: "cmi.core.exit", session: "cmi.core.session_time",
    raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max", status: "cmi.core.lesson_status"
  };
  var WRONG = v2004 ? "incorrect" : "wrong";

  var mastery = settings.mastery === "" || settings.mastery === undefined ? null : Number(settings.mastery);
  if (mastery !== null && !(mastery >= 0 && mastery <= 100)) mastery = null;
  var running = settings.running === true && mastery === null;
  var answersOn = settings.interactions !== false;
  var started = Date.now(), connected = false, finished = false, failing = false, readOnly = false, tooBig = false;
  var caution = null;  // "unreadable" | "partial" | "newer": what the launch read said
  var readFailed = false, baseline = "", place = "", best = -1, completeOnce = false, wroteRecord = false;
  var written = {}, learner = "", nextIndex = -1;
  var lmsRecord = null;

  /* Every call guarded: an LMS that throws or says "false" must not stop the module. */
  function call(name, a, b) {
    try { var value = api[name](a, b); return value === undefined || value === null ? "" : String(value); } catch (e) { return null; }
  }
  /* {value, ok}: ok is false if the call threw, or came back empty with an error (in
     SCORM 2004, 403 only says the element has no value yet). */
  function read(name, careful) {
    var value = call(CALLS.get, name);
    if (value === null) return { value: "", ok: false };
    if (value !== "" || !careful) return { value: value, ok: true };
    var code = call(CALLS.error);
    return { value: "", ok: code === "0" || (v2004 && code === "403") };
  }
  function set(name, value) { return call(CALLS.set, name, String(value)) === "true"; }
  function commit() { return call(CALLS.commit, "") === "true"; }

  // -- saying where things stand -----------------------------------------------------------------

  function say(text) { statusLine.textContent = text; }
  function sayState() {
    if (finished || finishing) return;
    if (!connected) say(SAY.offline);
    else if (readOnly) say(SAY.review);
    else if (caution) say(SAY[caution]);
    else if (failing || tooBig) say(SAY.trouble);
    else say(completeOnce ? SAY.complete : SAY.connected);
  }
  function canWrite() { return connected && !readOnly && !caution && !finished; }

  // -- one call at a time -------------------------------------------------------------------
  //
  // `steps` are single LMS calls still to make; when it runs dry, plan() fills it from what
  // is wanted: the answers not yet sent, then a report of what changed, then finishing.

  var steps = [], timer = null, answers = [], reportWanted = false, finishWanted = false, finishing = false;
  var inFlight = null, launched = false, commitPending = false;  // an interaction set since the last commit

  function exitingNow() {
    if (exiting || document.documentElement.classList.contains("four-exiting")) return true;
    try { return frame.contentDocument.documentElement.classList.contains("four-exiting"); } catch (e) { return false; }
  }
  // While calls are waiting the page says so (data-four-lms-busy), for whoever watches.
  function busy(on) { document.documentElement.toggleAttribute("data-four-lms-busy", on); }
  // A task of its own for each call: a message to ourselves (no 4 ms clamp, as nested
  // timers have), so a key press or click waiting in the queue goes first.
  var channel = window.MessageChannel ? new MessageChannel() : null;
  if (channel) channel.port1.onmessage = function () { if (timer !== null) tick(); };
  function wake() {
    if (timer !== null) return;
    busy(true);
    if (channel) { timer = true; channel.port2.postMessage(0); } else timer = setTimeout(tick, 0);
  }
  function tick() {
    timer = null;
    if (exitingNow()) return;  // the exit waits for nothing: pagehide keeps what is left
    if (!steps.length) plan();
    var step = steps.shift();
    if (!step) { busy(false); return; }
    try { step(); } catch (e) { /* our own bug must not stop the rest */ }
    wake();
  }
  /* Everything still to do, now: for pagehide, where no timer will fire again. */
  function drain() {
    if (timer !== null && timer !== true) clearTimeout(timer);
    timer = null;
    for (var guard = 0; guard < 100000; guard += 1) {
      if (!steps.length) plan();
      var step = steps.shift();
      if (!step) { busy(false); return; }
      try { step(); } catch (e) { /* as above */ }
    }
  }

  function plan() {
    if (!launched || finished) return;
    if (answers.length && canWrite() && nextIndex >= 0) { answerSteps(answers.shift()); return; }
    if (reportWanted || commitPending) { reportWanted = false; reportSteps(false); return; }
    if (finishWanted) { finishWanted = false; finishSteps(); }
  }

  /* What the LMS should hold now, as [element, value] pairs in the order to set them. */
  function desired() {
    var data = store.read(), result = summary(data), out = [], record = encode(data);
    if (result.complete) completeOnce = true;
    var complete = completeOnce;
    tooBig = record.length > LIMIT;
    if (!tooBig) out.push([EL.suspend, record]);
    if (place) out.push([EL.location, place]);
    // No score before completion unless the package asks for a running one: a paused
    // learner would show as a low grade, and with a mastery score the LMS may turn a score
    // into "failed" at every exit (Moodle does). The score sent never goes down.
    if (complete || running) {
      best = Math.max(best, result.score);
      out.push([EL.min, "0"], [EL.max, "100"], [EL.raw, String(best)]);
      if (v2004) out.push([EL.scaled, String(best / 100)]);
    }
    var status = !complete ? "incomplete" : mastery === null ? "completed" : best >= mastery ? "passed" : "failed";
    if (v2004) {
      out.push([EL.completion, complete ? "completed" : "incomplete"]);
      if (status === "passed" || status === "failed") out.push([EL.success, status]);
      out.push([EL.measure, String(complete ? 1 : Math.floor(result.measure * 1000) / 1000)]);
    } else {
      out.push([EL.status, status]);
    }
    return out;
  }
  var STATUS_ELEMENTS = [EL.status, EL.completion, EL.success, EL.raw];
  var DEPENDS = {};
  DEPENDS[EL.min] = DEPENDS[EL.max] = DEPENDS[EL.scaled] = EL.raw;
  if (v2004) DEPENDS[EL.measure] = EL.suspend;

  /* Set what changed since the LMS last had it (`again`: status and score even if not),
     then commit, then say how it went. A failed set is tried again at the next report. */
  function reportSteps(again) {
    var outcome = { ok: true, sent: false };
    if (canWrite()) {
      var want = desired(), changed = {};
      want.forEach(function (pair) {
        var name = pair[0];
        changed[name] = written[name] !== pair[1] || (again && (wroteRecord || STATUS_ELEMENTS.indexOf(name) >= 0));
      });
      want.forEach(function (pair) {
        var name = pair[0], value = pair[1];
        // The score's range and scale go with the score, the progress measure with the
        // record: never on their own (they are not read at launch, so would always differ).
        if (DEPENDS[name] ? !changed[DEPENDS[name]] : !changed[name]) return;
        steps.push(function () {
          var ok = set(name, value);
          if (ok) written[name] = value;
          if (ok && name === EL.suspend) wroteRecord = true;
          outcome.ok = ok && outcome.ok;
          outcome.sent = true;
        });
      });
    }
    steps.push(function () {
      if (outcome.sent || outcome.commit) { outcome.ok = commit() && outcome.ok; failing = !outcome.ok; }
      sayState();
    });
    outcome.commit = commitPending;
    commitPending = false;
  }

  function sessionTime() {
    var seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (v2004) return "PT" + h + "H" + m + "M" + s + "S";
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s);
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* Status, score and record once more, exit mode and session time, then finish. In
     SCORM 2004 the exit is always "suspend": "normal" would end the attempt, and an LMS
     may then open an empty one for a learner who comes back for the certificate. */
  function finishSteps() {
    if (!readOnly) {
      var outcome = { ok: true };
      reportSteps(true);
      steps.push(function () { outcome.ok = set(EL.exit, v2004 || !completeOnce ? "suspend" : "") && outcome.ok; });
      steps.push(function () { outcome.ok = set(EL.session, sessionTime()) && outcome.ok; });
      steps.push(function () { failing = !(commit() && outcome.ok) || failing; });
    }
    steps.push(function () { finished = true; call(CALLS.finish, ""); done(); });
  }

  // -- answers as interactions ----------------------------------------------------------------

  // One character per choice in SCORM 1.2 (its "choice" format allows 0-9 and a-z): each
  // element's first letter (f, o, u, r), each judgement's first free initial (likely: l,
  // warning: w, not: n, needs help now: h).
  var CODES = {};
  (function () {
    var used = {};
    ELEMENTS.concat(JUDGEMENTS).forEach(function (key, index) {
      var letters = key.split("-").map(function (word) { return word.charAt(0); }).concat(key.split(""), "0123456789".split(""));
      for (var i = 0; i < letters.length; i += 1) {
        var c = letters[i].toLowerCase();
        if (/^[a-z0-9]$/.test(c) && !used[c]) { used[c] = true; CODES[key] = c; return; }
      }
      CODES[key] = String(index);
    });
  })();
  var OPTIONS = "abcdefghijklmnopqrstuvwxyz0123456789";

  /* An identifier SCORM 1.2 accepts to the letter (A-Z, a-z, 0-9, -, _; 255 at most). */
  function identifier(text) {
    text = String(text).replace(/[^A-Za-z0-9-]+/g, "_");
    if (text.length <= 255) return text;
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    return text.slice(0, 246) + "-" + ("0000000" + hash.toString(16)).slice(-8);
  }
  function oneLine(text, max) {
    text = String(text || "").replace(/\s+/g, " ").trim().replace(/^\{+/, "");
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  /* The learner's response and the right ones in the run-time's "choice" format. */
  function choice(keys) {
    return v2004 ? keys.join("[,]") : keys.map(function (key) { return CODES[key]; }).join(",");
  }
  function fourParts(answer) {
    if (!answer || typeof answer !== "object") return null;
    var elements = ELEMENTS.filter(function (e) { return (answer.elements || []).indexOf(e) >= 0; });
    return JUDGEMENTS.indexOf(answer.judgement) >= 0 ? elements.concat(answer.judgement) : null;
  }
  /* Every answer that counts as right: an element that can be read either way both ticked
     and not (up to 3 of them: 8 patterns; SCORM 2004 promises room for 10). */
  function fourPatterns(correct) {
    var base = fourParts(correct);
    if (!base) return [];
    var either = ELEMENTS.filter(function (e) { return (correct.either || []).indexOf(e) >= 0 && base.indexOf(e) < 0; }).slice(0, 3);
    var out = [];
    for (var mask = 0; mask < 1 << either.length; mask += 1) {
      var extra = either.filter(function (e, i) { return mask & (1 << i); });
      out.push(ELEMENTS.filter(function (e) { return base.indexOf(e) >= 0 || extra.indexOf(e) >= 0; }).concat(base[base.length - 1]));
    }
    return out.map(choice);
  }
  function optionCodes(values) {
    if (!Array.isArray(values)) return null;
    var codes = values.map(function (v) { var n = Number(v); return Number.isInteger(n) && n >= 0 && n < OPTIONS.length ? OPTIONS.charAt(n) : ""; });
    return codes.length && codes.indexOf("") < 0 ? codes.join(v2004 ? "[,]" : ",") : null;
  }

  /* What the frame's page says of an answer the event leaves out. exercise.js and quiz.js
     send whether the answer was right (correct: true/false) and, for a knowledge check, the
     chosen options' words; the right answer and the options' places are in the page: an
     exercise's answer key (data-four-present, data-four-judgement) and a check's inputs
     (checked, data-correct), read as the event arrives. */
  function quizOf(detail, doc) {
    try { return doc.getElementById(String(detail.id).split("#").pop()); } catch (e) { return null; }
  }
  function optionsWhere(quiz, selector) {
    if (!quiz) return null;
    var inputs = Array.prototype.slice.call(quiz.querySelectorAll('input[name="answer"]'));
    return inputs.map(function (input, i) { return input.matches(selector) ? String(i) : null; }).filter(function (i) { return i !== null; });
  }
  function answerKey(detail, doc) {
    try {
      var root = doc.querySelector('[data-four-scenario="' + String(detail.id).replace(/["\\]/g, "") + '"]');
      var key = { elements: [], either: [], judgement: root.querySelector("[data-four-answers] [data-four-judgement]").getAttribute("data-four-judgement") };
      ELEMENTS.forEach(function (element) {
        var present = root.querySelector('[data-four-answers] [data-four-element="' + element + '"]').getAttribute("data-four-present");
        if (present === "true") key.elements.push(element);
        if (present === "either") key.either.push(element);
      });
      return key;
    } catch (e) { return null; }
  }

  function clock(date) { return two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()); }
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    if (v2004) return "PT" + h + "H" + m + "M" + s + "S";
    var whole = Math.floor(s), frac = cs % 100;
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(whole) + "." + two(frac);
  }

  /* What the frame says about the exercise or check: its title, the question and options. */
  function describe(detail, doc) {
    try {
      if (detail.kind === "quiz") {
        var quiz = quizOf(detail, doc);
        var question = quiz.querySelector(".quiz-question").textContent;
        var options = Array.prototype.map.call(quiz.querySelectorAll('input[name="answer"]'), function (input, i) {
          var label = quiz.querySelector('label[for="' + input.id + '"]');
          return OPTIONS.charAt(i) + ") " + (label ? label.textContent : "");
        });
        return oneLine(question, 250) + " " + options.join("; ");
      }
      var root = doc.querySelector('[data-four-scenario="' + String(detail.id).replace(/["\\]/g, "") + '"]');
      var heading = root && (doc.getElementById(root.getAttribute("aria-labelledby")) || root.querySelector("h2, h3, h4"));
      return heading ? heading.textContent : "";
    } catch (e) { return ""; }
  }

  function interaction(detail, doc, latency) {
    var quiz = detail.kind === "quiz", now = new Date(), record = {};
    var raw = String(detail.id || "");
    if (!raw) return null;
    // A knowledge check: "check-", its page and its number there (quiz-0 is the first).
    var check = /^(?:(.*)#)?quiz-(\d+)$/.exec(raw), where = detail.page ? String(detail.page) : check && check[1];
    record.id = identifier(!quiz ? "four-" + raw
      : check ? "check-" + (where ? where + "-" : "") + (Number(check[2]) + 1) : "check-" + (where ? where + "-" : "") + raw);
    var box = quiz ? quizOf(detail, doc) : null;
    record.response = quiz ? optionCodes(Array.isArray(detail.response) ? detail.response : optionsWhere(box, ":checked"))
      : fourParts(detail.response) && choice(fourParts(detail.response));
    record.patterns = quiz ? [optionCodes(Array.isArray(detail.correct) ? detail.correct : optionsWhere(box, '[data-correct="true"]'))].filter(Boolean)
      : fourPatterns(detail.correct && typeof detail.correct === "object" ? detail.correct : answerKey(detail, doc));
    var score = Number(detail.score), max = Number(detail.max);
    if (!(max > 0) || !(score >= 0)) { score = 0; max = 1; }
    record.result = score >= max ? "correct" : score <= 0 ? WRONG : String(Math.round(score * 100) / 100);
    // Weighting: what it counts for in the module's score. Knowledge checks count towards
    // completion only, so 0; an exercise, its points (5).
    record.weighting = quiz ? "0" : String(max);
    record.time = v2004 ? now.toISOString().slice(0, 22) + "Z" : clock(now);
    record.latency = timespan(latency);
    var lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.exec((doc && doc.documentElement.lang) || "");
    var description = oneLine(describe(detail, doc), 250);
    record.description = description ? (lang ? "{lang=" + lang[0] + "}" : "") + description : "";
    return record;
  }

  function answerSteps(record) {
    var n = nextIndex, base = "cmi.interactions." + n + ".", state = { ok: true };
    inFlight = record;
    function step(name, value) {
      if (value === null || value === undefined || value === "") return;
      steps.push(function () { if (state.ok) state.ok = set(base + name, value) || name !== "id"; });
    }
    steps.push(function () {
      state.ok = set(base + "id", record.id);
      if (state.ok) { nextIndex = n + 1; commitPending = true; }  // this index is used now
    });
    step("type", "choice");
    step(v2004 ? "timestamp" : "time", record.time);
    step("weighting", record.weighting);
    step(v2004 ? "learner_response" : "student_response", record.response);
    record.patterns.forEach(function (pattern, k) { step("correct_responses." + k + ".pattern", pattern); });
    step("result", record.result);
    step("latency", record.latency);
    if (v2004) step("description", record.description);
    steps.push(function () { inFlight = null; });
    reportWanted = true;  // and a commit
  }

  // Latency: from when the learner first saw or touched the exercise (or pressed Try
  // again) to Check. Watched in the frame's page, whichever page it is.
  var since = {}, waiting = {}, pageShown = Date.now();
  function keyOf(node, doc) {
    var four = node && node.closest && node.closest("[data-four-scenario]");
    if (four) return "four:" + four.getAttribute("data-four-scenario");
    var quiz = node && node.closest && node.closest(".quiz[id]"), marker = doc.querySelector("[data-four-track]");
    return quiz ? "quiz:" + (marker ? marker.getAttribute("data-four-track") : "") + "#" + quiz.id : null;
  }
  function watchAnswers(doc) {
    pageShown = Date.now();
    function touched(event) {
      var key = keyOf(event.target, doc);
      if (!key) return;
      // After an answer only "Try again" (or a changed choice) starts the next try.
      if (waiting[key] && event.type !== "change" && !(event.target.closest && event.target.closest("[data-four-retry], .quiz-reset-button"))) return;
      if (!(key in since)) since[key] = Date.now();
      delete waiting[key];
    }
    ["pointerdown", "keydown", "change"].forEach(function (type) { doc.addEventListener(type, touched, true); });
    try {
      var seen = new doc.defaultView.IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          var key = keyOf(entry.target, doc);
          if (entry.isIntersecting && key && !(key in since) && !waiting[key]) since[key] = Date.now();
        });
      }, { threshold: 0.25 });
      doc.querySelectorAll("[data-four-scenario], .quiz[id]").forEach(function (node) { seen.observe(node); });
    } catch (e) { /* no IntersectionObserver: the first touch starts the clock */ }
    doc.addEventListener("four:answered", function (event) {
      var detail = event.detail || {}, id = String(detail.id);
      var key = detail.kind === "quiz" ? "quiz:" + (detail.page && id.indexOf("#") < 0 ? detail.page + "#" + id : id) : "four:" + id;
      var start = key in since ? since[key] : pageShown;
      delete since[key];
      waiting[key] = true;
      answered(detail, doc, Date.now() - start);
    });
  }

  function answered(detail, doc, latency) {
    if (!connected || readOnly || caution === "newer" || !answersOn || finished) return;
    leaveCaution();  // an answer is a change by the learner
    var record = interaction(detail, doc, latency);
    if (record) { answers.push(record); wake(); }
  }

  // -- launch, one call a task ----------------------------------------------------------------

  var PENDING = FOUR_CONTRACT.storagePrefix + (store.config.module || "module") + ":lms-pending";
  function takePending() {
    try {
      var text = sessionStorage.getItem(PENDING);
      sessionStorage.removeItem(PENDING);
      return text ? JSON.parse(text) : null;
    } catch (e) { return null; }
  }
  /* At a quick exit: what the LMS has not been sent yet, for the next launch in this tab. */
  function keepPending() {
    var unsent = answers.slice();
    if (inFlight) unsent.unshift(inFlight);
    var record = encode(store.read());
    if (!unsent.length && record === written[EL.suspend] && !reportWanted) return;
    if (!learner || !connected || readOnly || caution) return;  // caution: nothing changed yet
    try { sessionStorage.setItem(PENDING, JSON.stringify({ learner: learner, record: record, answers: unsent })); } catch (e) { /* nowhere to keep it */ }
  }

  var status = { value: "", ok: true };
  function launch() {
    steps.push(function () {
      var init = call(CALLS.init, "");
      connected = init === "true" || call(CALLS.error) === CALLS.busy;  // already initialised
      if (!connected) { steps.length = 0; begin(); }
    });
    steps.push(function () {
      if (!v2004) { status = read(EL.status, true); return; }
      var success = read(EL.success, true), completion = read(EL.completion, true);
      status = {
        ok: success.ok && completion.ok,
        value: success.value === "passed" || success.value === "failed" ? success.value
          : completion.value === "unknown" ? "not attempted" : completion.value
      };
      written[EL.success] = success.value;
      written[EL.completion] = completion.value;
    });
    steps.push(function () { var mode = read(EL.mode).value; readOnly = mode === "review" || mode === "browse"; });
    steps.push(function () {
      var raw = read(EL.raw).value;
      written[EL.raw] = raw;
      if (raw !== "" && Number(raw) >= 0 && Number(raw) <= 100) best = Number(raw);
    });
    steps.push(function () { learner = read(EL.learner).value; });
    steps.push(function () {
      var count = read("cmi.interactions._count").value;
      nextIndex = /^\d+$/.test(count) ? Number(count) : -1;  // unknown: never risk writing over one
    });
    steps.push(function () { lmsRecord = read(EL.suspend, true); });
    steps.push(function () { var where = read(EL.location); written[EL.location] = where.value; place = lessonAddress(where.value); });
    if (v2004) steps.push(function () {
      var passing = read(EL.passing).value;  // the pass mark the LMS gives this learner
      if (passing !== "" && Number(passing) >= 0 && Number(passing) <= 1) { mastery = Math.round(Number(passing) * 100); running = false; }
    });
    steps.push(begin);
    wake();
  }

  function begin() {
    launched = true;
    if (!connected) {
      sayState();
      if (store.exited()) showClosed(); else open(place);
      return;
    }
    var lessonStatus = status.value;
    if (lessonStatus === "completed" || lessonStatus === "passed" || lessonStatus === "failed") completeOnce = true;
    if (!v2004) written[EL.status] = lessonStatus;
    store.read();  // anything unreadable in the cache is copied before it is replaced
    var found = lmsRecord && lmsRecord.ok ? decode(lmsRecord.value) : { state: "unreadable", data: nothing(), unknown: [] };
    readFailed = !(lmsRecord && lmsRecord.ok) || !status.ok;
    if (lmsRecord && lmsRecord.ok) written[EL.suspend] = lmsRecord.value;
    kept = found.unknown;
    caution = found.state === "newer" ? "newer" : readFailed ? "unreadable" : found.state === "unreadable" || found.state === "partial" ? found.state : null;
    // The LMS record is the truth: the cache may be another learner's, or gone.
    var data = found.data, pending = takePending();
    baseline = substance(data);
    var resumed = pending && learner && pending.learner === learner && caution !== "newer" && !readOnly;
    if (resumed) {
      // What the last quick exit in this tab left unsent: the learner's own changes.
      var before = decode(pending.record);
      if (before.state === "whole" || before.state === "partial") data = merge(data, before.data);
      (pending.answers || []).forEach(function (record) { if (record && record.id) answers.push(record); });
    }
    store.hold(data);
    if (!readOnly && caution !== "newer" && status.ok && (lessonStatus === "" || lessonStatus === "not attempted")) {
      // Moodle turns "not attempted" into "completed" on finish; say "incomplete" at once.
      steps.push(function () { if (set(v2004 ? EL.completion : EL.status, "incomplete")) written[v2004 ? EL.completion : EL.status] = "incomplete"; commit(); });
    }
    Four.lms = {
      module: store.config.module || "module",
      read: function () { return JSON.stringify(store.read()); },
      write: function (text, reason) {
        var parsed = {};
        try { parsed = store.parse(JSON.parse(text)); } catch (e) { /* not progress */ }
        if (parsed.data) store.replace(parsed.data, reason);
      },
      saving: function () { return !failing && !caution && !tooBig; },
      // Whether each answer goes to the LMS (My progress and the privacy text say so).
      answers: answersOn && !readOnly && caution !== "newer"
    };
    store.subscribe(changed);
    if (resumed) { leaveCaution(); reportWanted = true; }
    // The record may say more than the status did (an earlier release's, or a lost report).
    if (!caution && summary(data).complete && !completeOnce) reportWanted = true;
    if (!readOnly && caution !== "newer") finishButton.hidden = false;
    sayState();
    if (store.exited()) showClosed(); else open(place);
    wake();
  }

  /* The learner changed something. Out of caution only for a real change (an answer, a
     page done), not for pages opened: those alone would write over a record not read. */
  function changed(reason) {
    if (reason === "problem" || reason === "lms") return;
    if (caution === "unreadable" || caution === "partial") {
      if (substance(store.read()) === baseline) return;
      leaveCaution();
    }
    reportWanted = true;
    wake();
  }
  function leaveCaution() {
    if (caution !== "unreadable" && caution !== "partial") return;
    var wasFailed = readFailed;
    caution = null;
    if (!wasFailed) return;
    // The launch read failed: try once more, and keep whatever the LMS had as well.
    steps.push(function () {
      var again = read(EL.suspend, true), found = again.ok ? decode(again.value) : null;
      if (found && found.state === "newer") { caution = "newer"; sayState(); return; }
      if (found && (found.state === "whole" || found.state === "partial")) {
        kept = found.unknown;
        written[EL.suspend] = again.value;
        store.hold(merge(found.data, store.read()));
      }
    });
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
      if (here.indexOf(base) === 0 && lessonAddress(here.slice(base.length)) && place !== here.slice(base.length)) {
        place = here.slice(base.length);
        reportWanted = true;
        wake();
      }
    } catch (e) { /* not our page */ }
  }

  /* The quick exit, in the frame or here (exit.js marks the page "four-exiting" and
     replaces the top window): nothing here may slow it down, so no LMS call is made on the
     way out. Coming Back to this page then shows no lesson, and a window the LMS opened for
     the module takes its opener (the course page) along. */
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

  /* One quick exit on screen: the module's own while it shows, this bar's otherwise. */
  function showFrame(on) {
    frame.hidden = !on;
    if (ownExit) ownExit.hidden = on;
  }
  function open(address) {
    showFrame(true);
    if (closed) closed.hidden = true;
    frame.src = address || "index.html";
  }
  function showClosed() {
    document.documentElement.classList.remove("four-exiting");
    exiting = false;
    showFrame(false);
    frame.removeAttribute("src");
    if (!closed) { open(""); return; }
    closed.hidden = false;
    closed.querySelector("button").onclick = function () { store.exited(false); open(place); };
  }
  function done() {
    showFrame(false);  // work done after this would not be saved
    finishButton.disabled = true;
    say(failing ? SAY.trouble : SAY.finished);
  }

  frame.addEventListener("load", function () {
    rememberPlace();
    try { watchExit(frame.contentDocument); watchAnswers(frame.contentDocument); } catch (e) { /* not our page */ }
  });
  watchExit(document);
  finishButton.addEventListener("click", function () {
    if (finished || finishWanted) return;
    finishWanted = finishing = true;
    finishButton.disabled = true;
    say(SAY.saving);
    wake();
  });
  document.addEventListener("visibilitychange", function () {
    // Hidden (another tab, a phone's home screen): send what is waiting while we can.
    if (document.visibilityState === "hidden" && launched && !exitingNow()) drain();
  });
  window.addEventListener("pagehide", function () {
    if (exitingNow()) { keepPending(); return; }
    if (!launched || !connected) return;
    if (!finished) finishWanted = true;
    drain();
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    takePending();  // this page is alive again and sends its own
    if (store.exited()) showClosed();
    wake();
  });
  launch();
})();
