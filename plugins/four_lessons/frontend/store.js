/* FOUR Lessons progress store, the only code that touches storage (see privacy.md): one
 * versioned JSON value per module, "four-lessons:<module>", in localStorage, or in
 * sessionStorage if the learner chose ("<key>:keep" holds that choice alone). Reads are
 * shape-checked; if storage is blocked, full or unreadable, work goes on in memory,
 * problem() says why, nothing throws. Stored data that can't be read in full is copied to
 * "<key>:unreadable" before anything replaces it, so the learner can export it.
 * Inside an LMS the launch page (scorm.js, Four.lms) holds the progress for the
 * visit and the LMS's record is the truth: pages in its frame read and write through it,
 * and browser storage is only its cache. On every page: keep it small.
 *
 * Several documents share the stored value: two tabs of the module, or an LMS launch page
 * and the lesson in its frame. So nothing here writes because of another document's
 * write: a `storage` event only re-reads and tells subscribers which records changed
 * (notify("other-tab", changed)), and only when one really did, so an echo of this
 * document's own save is silent. Saves are record by record: each reads the stored value
 * afresh, changes only its own records and writes the result back.
 * One exception, bounded: a browser hands a tab the other tabs' saves a moment late, so two
 * saves made in the same instant in two tabs can each start from a copy without the other's
 * record, and the later one drops the earlier one's. A tab that sees its own record of the
 * last few seconds come back exactly as it was before its save (or missing, as it was) puts
 * it back, once: the other tab finds its own records in that value, and writes nothing. */
import { Four } from "./lib/registry.js";
import { isRecord } from "./lib/data.js";
import { settings } from "./lib/page.js";
import { local, session } from "./lib/storage.js";

(function () {
  "use strict";
  if (Four.store) return;
  // The rules shared with Python: plugins/four_lessons/contract.json (see build.mjs).
  var VERSION = FOUR_CONTRACT.storageVersion;
  function oneOf(values) { return { test: function (v) { return values.indexOf(v) >= 0; } }; }
  var ELEMENT = oneOf(FOUR_CONTRACT.elements.map(function (e) { return e.key; }));
  var JUDGEMENT = oneOf(FOUR_CONTRACT.judgements.map(function (j) { return j.value; }));
  // Exercise ids as the scenario loader allows them. Page ids are Markdown paths without
  // ".md" (progress.py page_id): any printable text, so "lessons/my lesson" and
  // "lessons/café" count; the stores are prototype-free objects, "__proto__" aside.
  var EXERCISE = new RegExp(FOUR_CONTRACT.exerciseId);
  var FORBIDDEN = new RegExp(FOUR_CONTRACT.pageIdForbiddenCharacters);
  var PAGE = {
    test: function (v) {
      return typeof v === "string" && v.length >= 1 && v.length <= FOUR_CONTRACT.pageIdMaxLength &&
        FOUR_CONTRACT.pageIdForbidden.indexOf(v) < 0 && !FORBIDDEN.test(v);
    }
  };
  var config = settings();
  var module = String(config.module || "module"), key = FOUR_CONTRACT.storagePrefix + module, keepKey = key + ":keep";
  var copyKey = key + ":unreadable";
  var memory = null, held = null, problem = null, listeners = [], unread = null;
  var known = null;  // each record as this document last read or wrote it (snapshot())
  var pending = [];  // this document's own saves of the last few seconds, per record
  var PENDING_MS = 5000, RECHECK_MS = [250, 1000, 3000];
  // Each older format to the next. v1 (first exercise release) had no module id inside.
  var MIGRATE = { 1: function (d) { d.module = module; d.version = 2; return d; } };

  /* The LMS launch page around this page, if any, for this same module. */
  var lms = (function () {
    try {
      var host = window.parent !== window && window.parent.Four && window.parent.Four.lms;
      return host && host.module === module && typeof host.read === "function" ? host : null;
    } catch (e) { return null; }  // another origin's frame
  })();

  function notify(reason, changed) {
    listeners.forEach(function (fn) { try { fn(reason, changed); } catch (e) { /* its own bug */ } });
  }
  function trouble(kind) { if (!problem) { problem = kind; notify("problem"); } }
  function sessionOnly() { try { return local().getItem(keepKey) === "session"; } catch (e) { return false; } }
  function storage() { return sessionOnly() ? session() : local(); }
  function count(v, max) { return Number.isInteger(v) && v >= 0 && v <= max ? v : -1; }
  function time(v) { return Number.isFinite(v) && v > 0 ? v : 0; }
  function empty() { return { version: VERSION, module: module, exercises: Object.create(null), pages: Object.create(null) }; }
  /* A record as text, its keys in order, so equal records read the same. */
  function canon(v) {
    if (Array.isArray(v)) return "[" + v.map(canon).join(",") + "]";
    if (isRecord(v)) return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canon(v[k]); }).join(",") + "}";
    return JSON.stringify(v);
  }
  /* Each record of the progress as text, to tell which ones another document changed. */
  function snapshot(data) {
    var shot = { exercises: Object.create(null), pages: Object.create(null), rest: data.name || "" };
    ["exercises", "pages"].forEach(function (part) {
      Object.keys(data[part]).forEach(function (id) { shot[part][id] = canon(data[part][id]); });
    });
    return shot;
  }
  /* {exercises: [ids], pages: [ids], rest: the name changed}, or null if nothing did. */
  function changes(before, after) {
    var found = { exercises: [], pages: [], rest: before.rest !== after.rest }, any = found.rest;
    ["exercises", "pages"].forEach(function (part) {
      Object.keys(before[part]).concat(Object.keys(after[part])).forEach(function (id) {
        if (before[part][id] !== after[part][id] && found[part].indexOf(id) < 0) { found[part].push(id); any = true; }
      });
    });
    return any ? found : null;
  }

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

  /* Parsed JSON -> {data, dropped} (valid parts kept, dropped = how many parts were not) or
     {error: "shape" | "newer" | "foreign"}. */
  function parse(v) {
    if (!isRecord(v) || !Number.isInteger(v.version) || v.version < 1) return { error: "shape" };
    if (v.version > VERSION) return { error: "newer" };
    if (v.module !== undefined && v.module !== module) return { error: "foreign" };
    while (v.version < VERSION) v = MIGRATE[v.version](v);
    var data = empty(), dropped = 0;
    [["exercises", EXERCISE, exercise], ["pages", PAGE, page]].forEach(function (part) {
      var from = v[part[0]];
      if (!isRecord(from)) { if (from !== undefined) dropped += 1; return; }
      Object.keys(from).forEach(function (id) {
        var clean = part[1].test(id) && part[2](from[id]);
        if (clean) data[part[0]][id] = clean; else dropped += 1;
      });
    });
    // An earlier release also kept the lesson opened last ("last"), which nothing used: it is
    // left out, and so goes from this device at the next save (the privacy page lists what is kept).
    if (typeof v.name === "string" && v.name.trim()) data.name = v.name.trim().slice(0, 80);
    return { data: data, dropped: dropped };
  }

  function fromLms() {
    var parsed = {};
    try { parsed = parse(JSON.parse(lms.read())); } catch (e) { /* the launch page went away */ }
    return parsed.data || empty();
  }

  function read() {
    var data = load();
    if (!known) known = snapshot(data);
    return data;
  }

  function load() {
    if (lms) return fromLms();
    if (held) return held;
    if (memory) return memory;
    var raw, parsed;
    try { raw = storage().getItem(key); } catch (e) { memory = empty(); trouble("blocked"); return memory; }
    if (!raw) return empty();
    try { parsed = parse(JSON.parse(raw)); } catch (e) { parsed = {}; }
    if (parsed.error === "newer") { memory = empty(); trouble("newer"); return memory; }  // never overwrite it
    if (parsed.data && !parsed.dropped) return parsed.data;
    unread = raw;  // copied before the next save replaces it
    trouble(parsed.data ? "partial" : "corrupt");
    return parsed.data || empty();
  }

  /* Into storage: true if saved. What couldn't be read is copied first, or nothing is written. */
  function save(data) {
    try {
      var where = storage();
      if (unread !== null) where.setItem(copyKey, unread);
      where.setItem(key, JSON.stringify(data));
      unread = null;
      return true;
    } catch (e) { return false; }  // full or blocked
  }

  /* Note the records a save changes (from `before`, a snapshot), to put them back if a save
     made in the same instant in another tab drops them (reconcile, on a storage event or a
     recheck). */
  function remember(before, data) {
    if (lms || held || memory) return;
    var after = snapshot(data), changed = changes(before, after), time = Date.now();
    pending = pending.filter(function (mine) { return time < mine.until; });
    if (!changed) return;
    ["exercises", "pages"].forEach(function (part) {
      changed[part].forEach(function (id) {
        if (!data[part][id]) return;  // a removal is never put back
        pending.push({ part: part, id: id, was: before[part][id], now: after[part][id],
          value: JSON.parse(JSON.stringify(data[part][id])), until: time + PENDING_MS });
      });
    });
    RECHECK_MS.forEach(function (ms) { setTimeout(recheck, ms); });
  }

  function write(data, reason, before) {
    if (before) remember(before, data);
    known = snapshot(data);
    if (lms) { lms.write(JSON.stringify(data), reason || "saved"); notify(reason || "saved"); return "saved"; }
    if (held) { held = data; if (problem !== "newer") save(data); notify(reason || "saved"); return "saved"; }
    var saved = !memory && save(data);  // once in memory, storage is left alone for this visit
    if (!saved) { memory = data; trouble("blocked"); }
    notify(reason || "saved");
    return saved ? "saved" : "memory";
  }

  /* Remove keys from both storages; mkdocs-quiz keeps answers under "quiz_progress_<path>". */
  function remove(keys, quizPaths) {
    (quizPaths || []).forEach(function (path) { keys.push("quiz_progress_" + path); });
    [local(), session()].forEach(function (s) {
      keys.forEach(function (k) { try { s.removeItem(k); } catch (e) { /* blocked */ } });
    });
  }

  /* What is stored now, against what this document last knew: show what changed, if
     anything did. Never a write from here but one, or two documents would answer each
     other's saves for ever: our own records of the last few seconds that a save made in the
     same instant elsewhere dropped are put back, once. */
  function reconcile() {
    var before = known, now = snapshot(load()), lost = [], time = Date.now();
    pending = pending.filter(function (mine) {
      if (time >= mine.until) return false;
      if (now[mine.part][mine.id] !== mine.was) return true;  // still ours, or changed since
      lost.push(mine);  // back as it was before our save: a save that never saw it dropped it
      return false;
    });
    if (lost.length) {  // the one write a storage event may make: our own records, once
      var data = load();
      lost.forEach(function (mine) { data[mine.part][mine.id] = mine.value; });
      write(data, "saved");
      now = snapshot(data);
    }
    known = now;
    var changed = before ? changes(before, now) : { exercises: Object.keys(now.exercises), pages: Object.keys(now.pages), rest: true };
    if (changed) notify("other-tab", changed);
  }

  /* Another document saved (another tab, or the LMS launch page around this frame). */
  window.addEventListener("storage", function (event) {
    if (event.key !== key && event.key !== keepKey && event.key !== null) return;
    if (event.key === key && held) return;  // the launch page's own copy is the truth
    if (event.key !== key || event.newValue === null) pending = [];  // reset or moved: gone
    reconcile();
  });

  /* A tab is not always told that its save lost to another tab's save made in the same
     instant: the storage event can fail to arrive (the two-tab test lost an answer once in
     about a dozen full runs, and the tests have seen their own probe events go missing). So
     look again a moment after each save of ours, while it is pending. Nothing stored at all
     is a Reset elsewhere, whose event is on its way: nothing of ours is put back then. */
  function recheck() {
    if (!pending.length || lms || held || memory) return;
    var raw = null;
    try { raw = storage().getItem(key); } catch (e) { return; }
    if (raw === null) { pending = []; return; }
    reconcile();
  }

  Four.store = {
    config: config,
    version: VERSION,
    read: read,
    parse: parse,
    /** Why progress can't be kept here, if it can't. Inside an LMS its record keeps it. */
    problem: function () { return lms ? null : problem; },
    /** The launch page of an LMS package this page runs in, or null. */
    lms: function () { return lms; },
    sessionOnly: sessionOnly,
    subscribe: function (fn) { listeners.push(fn); },
    exercise: function (id) { return read().exercises[id] || null; },
    /** Save one exercise's answer: only that record changes in what is stored now. */
    saveExercise: function (id, answer) {
      var clean = EXERCISE.test(id) && exercise(answer);
      if (!clean) return;
      var data = load(), before = snapshot(data);
      data.exercises[id] = clean;
      write(data, "saved", before);
    },
    /** fn(record) changes one page's record (made if missing), or returns false; only
        that record changes in what is stored now. */
    updatePage: function (id, fn, reason) {
      if (!PAGE.test(id)) return;
      var data = load(), before = snapshot(data), page = data.pages[id] || { at: 0, seen: 0 };
      if (fn(page, data) === false) return;
      data.pages[id] = page;
      write(data, reason, before);
    },
    /** fn(data) changes the progress (or returns false), then it is saved. */
    update: function (fn, reason) {
      var data = load(), before = snapshot(data);
      if (fn(data) !== false) write(data, reason, before);
    },
    /** Data from parse() in place of what is there: "saved", "memory" (kept for this
        visit only, as everything already was), or false (storage refused it: nothing
        changed). */
    replace: function (data, reason) {
      pending = [];  // the whole progress replaced on purpose: nothing of ours to put back
      if (lms || held || memory) return write(data, reason);
      if (!save(data)) return false;
      known = snapshot(data);
      notify(reason || "saved");
      return "saved";
    },
    /** The LMS launch page: from now on `data` is the progress for this visit, in memory,
        and storage only a cache of it. */
    hold: function (data) { held = data; known = snapshot(data); if (problem !== "newer") save(data); notify("lms"); },
    /** The stored text that couldn't be read in full, if a copy is kept (or about to be). */
    unreadable: function () {
      if (unread !== null) return unread;
      var found = null;
      [session(), local()].forEach(function (s) { try { found = found || s.getItem(copyKey); } catch (e) { /* blocked */ } });
      return found;
    },
    /** Forget all progress, and mkdocs-quiz's answers on these paths. */
    clear: function (quizPaths) {
      pending = [];
      remove([key, copyKey], quizPaths);
      unread = null;
      if (lms) lms.write(JSON.stringify(empty()), "reset");
      if (held) held = empty();
      if (memory) memory = problem === "blocked" ? empty() : null;  // newer data gone: save again
      known = snapshot(load());
      notify("reset");
    },
    forgetQuizzes: function (paths) { remove([], paths); },
    /** Whether the quick exit left this module in this tab (sessionStorage); set or clear it. */
    exited: function (on) {
      try {
        if (on === undefined) return !!session().getItem(key + ":exited");
        if (on) session().setItem(key + ":exited", "1"); else session().removeItem(key + ":exited");
      } catch (e) { /* blocked: nothing to remember */ }
      return false;
    },
    /** Keep progress for this browser session only, or on the device; it moves along. */
    setSessionOnly: function (on) {
      var data = read();
      try {
        if (on) local().setItem(keepKey, "session"); else local().removeItem(keepKey);
      } catch (e) { if (!lms) trouble("blocked"); }
      remove([key]);
      pending = [];
      write(data, "mode");
    }
  };
})();
