/* FOUR Lessons progress store: the only code that touches browser storage.
 *
 * Progress lives on the learner's device only, as versioned JSON under one key per module
 * ("four-lessons:<module id>"), so several modules on one intranet host never mix.
 * Every read is shape-checked (a corrupt or foreign value reads as empty), every write may
 * fail (blocked storage, full quota) without breaking the page: the store then keeps the
 * learner's work in memory for this visit and says so once. Two tabs stay consistent:
 * each write merges with what is stored, and the `storage` event tells the other tab.
 */
(function () {
  "use strict";
  if (window.FourStore) return;

  var VERSION = 1;
  var ELEMENTS = ["fixated", "obsessive", "unwanted", "repeated"];
  var JUDGEMENTS = ["likely-stalking", "warning-signs", "not-stalking"];

  function readConfig() {
    var meta = document.querySelector('meta[name="four-lessons"]');
    try { return JSON.parse(meta.getAttribute("content")) || {}; } catch (e) { return {}; }
  }
  var config = readConfig();
  var key = "four-lessons:" + (config.module || "module");
  var memory = null;        // used when storage fails
  var warned = false;
  var listeners = [];

  function warnOnce() {
    if (warned) return;
    warned = true;
    listeners.forEach(function (fn) { fn("storage-unavailable"); });
  }

  function area() {
    // Accessing localStorage itself can throw (disabled cookies, sandboxed frames).
    try { return window.localStorage; } catch (e) { return null; }
  }

  function empty() { return { version: VERSION, exercises: {}, pages: {} }; }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function cleanExercise(value) {
    if (!isRecord(value) || !Array.isArray(value.elements)) return null;
    var elements = value.elements.filter(function (e) { return ELEMENTS.indexOf(e) >= 0; });
    if (JUDGEMENTS.indexOf(value.judgement) < 0) return null;
    var score = Number(value.score), max = Number(value.max), at = Number(value.at);
    if (!isFinite(score) || !isFinite(max) || score < 0 || max <= 0 || score > max) return null;
    return { elements: elements, judgement: value.judgement, score: score, max: max, at: isFinite(at) ? at : 0 };
  }

  /* Shape-check parsed data; keep what is valid, drop the rest. */
  function clean(data) {
    var result = empty();
    if (!isRecord(data) || data.version !== VERSION) return result;
    if (isRecord(data.exercises)) {
      Object.keys(data.exercises).forEach(function (id) {
        var record = cleanExercise(data.exercises[id]);
        if (record) result.exercises[id] = record;
      });
    }
    if (isRecord(data.pages)) {
      Object.keys(data.pages).forEach(function (id) {
        var page = data.pages[id];
        if (isRecord(page) && page.done === true) result.pages[id] = { done: true, at: Number(page.at) || 0 };
      });
    }
    return result;
  }

  function load() {
    if (memory) return memory;
    var storage = area();
    if (!storage) { warnOnce(); memory = empty(); return memory; }
    try {
      var raw = storage.getItem(key);
      return raw ? clean(JSON.parse(raw)) : empty();
    } catch (e) {
      return empty();  // corrupt JSON: start afresh rather than fail
    }
  }

  function save(data) {
    var storage = area();
    if (!memory && storage) {
      try { storage.setItem(key, JSON.stringify(data)); return; } catch (e) { /* full or blocked */ }
    }
    memory = data;
    warnOnce();
  }

  function notify(reason) { listeners.forEach(function (fn) { fn(reason); }); }

  window.addEventListener("storage", function (event) {
    if (event.key === key || event.key === null) notify("other-tab");
  });

  window.FourStore = {
    moduleId: config.module || "module",
    /** The whole progress, cleaned. */
    read: load,
    /** The last answer to an exercise, or null. */
    exercise: function (id) { return load().exercises[id] || null; },
    /** Record an answer, merged with what another tab may have written meanwhile. */
    saveExercise: function (id, record) {
      var data = load();
      var cleaned = cleanExercise(record);
      if (!cleaned) return;
      data.exercises[id] = cleaned;
      save(data);
      notify("saved");
    },
    /** Whether progress is only kept in memory (storage blocked or full). */
    inMemoryOnly: function () { return memory !== null; },
    /** Call `fn(reason)` when progress changes here or in another tab. */
    subscribe: function (fn) { listeners.push(fn); }
  };
})();
