/* FOUR Lessons progress store, the only code that touches storage (see privacy.md): one
 * versioned JSON value per module, "four-lessons:<module>", in localStorage, or in
 * sessionStorage if the learner chose ("<key>:keep" holds that choice alone). Reads are
 * shape-checked; if storage is blocked, full or unreadable, work goes on in memory,
 * problem() says why, nothing throws. On every page: keep it small. */
(function () {
  "use strict";
  if (window.FourStore) return;
  var VERSION = 2;
  var ELEMENT = /^(fixated|obsessive|unwanted|repeated)$/, JUDGEMENT = /^(likely-stalking|warning-signs|not-stalking)$/;
  // Ids must match these, which also keeps keys like "__proto__" out.
  var EXERCISE = /^[a-z0-9][a-z0-9-]{0,99}$/, PAGE = /^[A-Za-z0-9][\w.\/-]{0,199}$/;
  var config = {};
  try { config = JSON.parse(document.querySelector('meta[name="four-lessons"]').content) || {}; } catch (e) { /* none */ }
  var module = String(config.module || "module"), key = "four-lessons:" + module, keepKey = key + ":keep";
  var memory = null, problem = null, listeners = [];
  // Each older format to the next. v1 (first exercise release) had no module id inside.
  var MIGRATE = { 1: function (d) { d.module = module; d.version = 2; return d; } };

  function notify(reason) { listeners.forEach(function (fn) { try { fn(reason); } catch (e) { /* its own bug */ } }); }
  function trouble(kind) { if (!problem) { problem = kind; notify("problem"); } }
  function local() { try { return localStorage; } catch (e) { return null; } }
  function session() { try { return sessionStorage; } catch (e) { return null; } }
  function sessionOnly() { try { return local().getItem(keepKey) === "session"; } catch (e) { return false; } }
  function isRecord(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function count(v, max) { return Number.isInteger(v) && v >= 0 && v <= max ? v : -1; }
  function time(v) { return Number.isFinite(v) && v > 0 ? v : 0; }
  function empty() { return { version: VERSION, module: module, exercises: Object.create(null), pages: Object.create(null) }; }

  function exercise(v) {
    if (!isRecord(v) || !Array.isArray(v.elements) || !JUDGEMENT.test(v.judgement)) return null;
    var max = count(v.max, 100), score = count(v.score, max);
    return max < 1 || score < 0 ? null : {
      elements: v.elements.filter(function (e, i, all) { return ELEMENT.test(e) && all.indexOf(e) === i; }),
      judgement: v.judgement, score: score, max: max, at: time(v.at)
    };
  }

  function page(v) {
    if (!isRecord(v)) return null;
    var result = { at: time(v.at), seen: time(v.seen) }, q = v.quiz;
    if (v.done === true) result.done = true;
    if (isRecord(q)) {
      var total = count(q.total, 999), answered = count(q.answered, total), correct = count(q.correct, answered);
      if (q.off === true) result.quiz = { answered: 0, correct: 0, total: 0, off: true };
      else if (correct >= 0) result.quiz = { answered: answered, correct: correct, total: total };
    }
    return result;
  }

  /* Parsed JSON -> {data} (valid parts kept) or {error: "shape" | "newer" | "foreign"}. */
  function parse(v) {
    if (!isRecord(v) || !Number.isInteger(v.version) || v.version < 1) return { error: "shape" };
    if (v.version > VERSION) return { error: "newer" };
    if (v.module !== undefined && v.module !== module) return { error: "foreign" };
    while (v.version < VERSION) v = MIGRATE[v.version](v);
    var data = empty();
    [["exercises", EXERCISE, exercise], ["pages", PAGE, page]].forEach(function (part) {
      var from = isRecord(v[part[0]]) ? v[part[0]] : {};
      Object.keys(from).forEach(function (id) {
        var clean = part[1].test(id) && part[2](from[id]);
        if (clean) data[part[0]][id] = clean;
      });
    });
    if (PAGE.test(v.last)) data.last = v.last;
    if (typeof v.name === "string" && v.name.trim()) data.name = v.name.trim().slice(0, 80);
    return { data: data };
  }

  function read() {
    if (memory) return memory;
    var raw, parsed;
    try { raw = (sessionOnly() ? session() : local()).getItem(key); } catch (e) { memory = empty(); trouble("blocked"); return memory; }
    if (!raw) return empty();
    try { parsed = parse(JSON.parse(raw)); } catch (e) { parsed = {}; }
    if (parsed.data) return parsed.data;
    if (parsed.error === "newer") { memory = empty(); trouble("newer"); return memory; }  // never overwrite it
    trouble("corrupt");  // unreadable: start afresh; the next save replaces it
    return empty();
  }

  function write(data, reason) {
    var saved = false;
    if (!memory) {  // once in memory, storage is left alone for this visit
      try { (sessionOnly() ? session() : local()).setItem(key, JSON.stringify(data)); saved = true; } catch (e) { /* full or blocked */ }
    }
    if (!saved) { memory = data; trouble("blocked"); }
    notify(reason || "saved");
  }

  /* Remove keys from both storages; mkdocs-quiz keeps answers under "quiz_progress_<path>". */
  function remove(keys, quizPaths) {
    (quizPaths || []).forEach(function (path) { keys.push("quiz_progress_" + path); });
    [local(), session()].forEach(function (s) {
      keys.forEach(function (k) { try { s.removeItem(k); } catch (e) { /* blocked */ } });
    });
  }

  window.addEventListener("storage", function (event) {
    if (event.key === key || event.key === keepKey || event.key === null) notify("other-tab");
  });

  window.FourStore = {
    config: config,
    version: VERSION,
    read: read,
    parse: parse,
    problem: function () { return problem; },
    sessionOnly: sessionOnly,
    subscribe: function (fn) { listeners.push(fn); },
    exercise: function (id) { return read().exercises[id] || null; },
    saveExercise: function (id, answer) {
      var clean = EXERCISE.test(id) && exercise(answer), data = read();
      if (clean) { data.exercises[id] = clean; write(data); }
    },
    /** fn(data) changes the progress (or returns false), then it is saved. */
    update: function (fn, reason) { var data = read(); if (fn(data) !== false) write(data, reason); },
    /** Data from parse() in place of what is there. */
    replace: function (data, reason) { write(data, reason); },
    /** Forget all progress, and mkdocs-quiz's answers on these paths. */
    clear: function (quizPaths) {
      remove([key], quizPaths);
      if (memory) memory = problem === "blocked" ? empty() : null;  // newer data gone: save again
      notify("reset");
    },
    forgetQuizzes: function (paths) { remove([], paths); },
    /** Keep progress for this browser session only, or on the device; it moves along. */
    setSessionOnly: function (on) {
      var data = read();
      try {
        if (on) local().setItem(keepKey, "session"); else local().removeItem(keepKey);
      } catch (e) { trouble("blocked"); }
      remove([key]);
      write(data, "mode");
    }
  };
})();
