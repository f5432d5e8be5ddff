/* FOUR Lessons progress in the navigation: ticks completed lessons, and mounts page
 * tracking (track.js). Part of
 * the progress.js bundle (store.js, nav.js, track.js), which four.js loads only where
 * progress is saved or shown. Lessons come from the module map: id, u (URL), e (exercise
 * ids), q (knowledge checks). */
import { Four } from "./lib/registry.js";
import { el } from "./lib/dom.js";
import { inWords, t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store;
  if (!store || Four.progress) return;
  var base = document.currentScript.src.replace(/progress(\.[0-9a-f]+)?\.js(\?.*)?$/, "");
  var root = base.replace(/assets\/four\/$/, "");
  // The module map (module-<hash>.js, loaded just before): [id, url, [exercise ids], checks].
  var lessons = ((Four.module || {}).lessons || []).map(function (l) { return { id: l[0], u: l[1], e: l[2], q: l[3] }; });

  /* A lesson's {done, total, complete, started}. Nothing to answer: complete once read to
     the end or marked done. Knowledge checks whose script never ran don't count. */
  function state(lesson, data) {
    var page = data.pages[lesson.id] || {}, quiz = page.quiz, total = lesson.e.length + lesson.q, done = 0;
    lesson.e.forEach(function (id) { if (data.exercises[id]) done += 1; });
    if (lesson.q && quiz) done += quiz.off ? lesson.q : Math.min(quiz.answered, lesson.q);
    if (!total) { total = 1; done = page.done ? 1 : 0; }
    return { done: done, total: total, complete: done === total, started: done > 0 || page.seen > 0 };
  }

  /* How many exercises and knowledge checks, in words ("2 exercises and 1 knowledge
     check"), or "" for none: what is left in a lesson (My progress, lesson.js). */
  function countWords(exercises, checks) {
    if (exercises && checks) return t("nav.left_both", { exercises: exercises, checks: checks });
    if (exercises) return t("nav.left_exercises", { exercises: exercises });
    return checks ? t("nav.left_checks", { checks: checks }) : "";
  }

  /* What is left in a lesson, in words ("2 exercises and 1 knowledge check"), or "". */
  function leftWords(lesson, data) {
    var quiz = (data.pages[lesson.id] || {}).quiz;
    var exercises = lesson.e.filter(function (id) { return !data.exercises[id]; }).length;
    var checks = lesson.q && !(quiz && quiz.off) ? lesson.q - Math.min(quiz ? quiz.answered : 0, lesson.q) : 0;
    return countWords(exercises, checks);
  }

  /* The learner's next step: the first lesson, in course order, not yet complete (null
     when all are). Not the page opened last: a check skipped in lesson 1 comes first. */
  function nextLesson(data) {
    return lessons.filter(function (lesson) { return !state(lesson, data).complete; })[0] || null;
  }

  function markNav(data) {
    var complete = {};
    lessons.forEach(function (lesson) { complete[new URL(lesson.u, root).href] = state(lesson, data).complete; });
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (link) {
      if (link.getAttribute("href").charAt(0) === "#") return;  // the page's own contents
      var mark = link.querySelector(".four-nav-done");
      if (complete[link.href.split("#")[0]] && !mark) {
        mark = link.appendChild(el("span", "four-nav-done"));
        mark.appendChild(el("span", null, "\u2713")).setAttribute("aria-hidden", "true");
        mark.appendChild(inWords(el("span", "four-sr", " " + t("nav.completed"))));
      } else if (!complete[link.href.split("#")[0]] && mark) {
        mark.remove();
      }
    });
  }

  function refresh() { markNav(store.read()); }

  /* Called by four.js on each page (each instant navigation too); safe to call again. */
  function mount() {
    refresh();
    if (Four.track) Four.track.mount();
  }

  Four.progress = {
    lessons: lessons, root: root, state: state, mount: mount, nextLesson: nextLesson, leftWords: leftWords,
    countWords: countWords
  };
  store.subscribe(refresh);
})();
