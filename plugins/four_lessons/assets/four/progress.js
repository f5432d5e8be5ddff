/* FOUR Lessons progress, every page: marks completed lessons in the navigation, says once
 * if progress can't be saved, and loads track.js (pages with something to track) and
 * progress-page.js (My progress, certificate). The build lists the lessons in the
 * four-lessons meta: id, u (URL), e (exercise ids), q (knowledge checks). */
(function () {
  "use strict";
  var store = window.FourStore;
  if (!store || window.FourProgress) return;
  var base = document.currentScript.src.replace(/progress\.js(\?.*)?$/, "");
  var root = base.replace(/assets\/four\/$/, "");
  var lessons = Array.isArray(store.config.lessons) ? store.config.lessons : [];
  var told = false, loading = {};
  var NOTES = {
    blocked: "Your progress can't be saved in this browser, so it will be lost when you close or reload this page.",
    corrupt: "Your saved progress couldn't be read, so it has started again.",
    newer: "Your progress was saved by a newer version of this module and can't be changed here. New answers will be lost when you close or reload this page."
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* A lesson's {done, total, complete, started}. With nothing to answer, it is complete once
     read to the end or marked done; knowledge checks whose script never ran don't count. */
  function state(lesson, data) {
    var page = data.pages[lesson.id] || {}, quiz = page.quiz, total = lesson.e.length + lesson.q, done = 0;
    lesson.e.forEach(function (id) { if (data.exercises[id]) done += 1; });
    if (lesson.q && quiz) done += quiz.off ? lesson.q : Math.min(quiz.answered, lesson.q);
    if (!total) { total = 1; done = page.done ? 1 : 0; }
    return { done: done, total: total, complete: done === total, started: done > 0 || page.seen > 0 };
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
        mark.appendChild(el("span", "four-sr", " (completed)"));
      } else if (!complete[link.href.split("#")[0]] && mark) {
        mark.remove();
      }
    });
  }

  function tell() {
    var kind = store.problem(), inner = document.querySelector(".md-content__inner");
    if (told || !kind || !inner) return;
    told = true;
    var note = inner.insertBefore(el("div", "admonition note"), inner.firstChild);
    note.setAttribute("role", "status");
    // Text that arrives after its live region is announced.
    setTimeout(function () { note.appendChild(el("p", null, NOTES[kind])); }, 100);
  }

  function load(file, name, css) {
    if (window[name]) return window[name].mount();
    if (loading[file]) return;  // mounts itself when loaded
    loading[file] = true;
    if (css && !document.querySelector('link[href$="four/' + css + '"]')) {
      var link = document.head.appendChild(el("link"));
      link.rel = "stylesheet";
      link.href = base + css;
    }
    var script = el("script");
    script.src = base + file;
    document.head.appendChild(script);
  }

  function refresh() { markNav(store.read()); tell(); }

  function mount() {
    refresh();
    if (document.querySelector("[data-four-track]")) load("track.js", "FourTrack");
    if (document.querySelector("[data-four-progress], [data-four-certificate]")) {
      load("progress-page.js", "FourProgressPage", "progress.css");
    }
  }

  window.FourProgress = { lessons: lessons, root: root, state: state, el: el };
  store.subscribe(refresh);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
