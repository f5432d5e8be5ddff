/* FOUR Lessons page tracking, loaded by progress.js where progress is saved or shown (the
 * build marks tracked pages with data-four-track="<page id>"): says once if progress can't
 * be saved, remembers the last lesson opened, marks a page with nothing to answer as done
 * when its end is reached or its button pressed, and records mkdocs-quiz knowledge checks.
 *
 * mkdocs-quiz is read from the page, not from its storage: each quiz it runs gets a reset
 * button, and an answered one shows its feedback (".quiz-feedback" without "hidden", with
 * a ".correct" item when right). Changes arrive as its "quizProgressUpdate" event, whose
 * detail is the page's {total, answered, correct}. */
(function () {
  "use strict";
  var store = window.FourStore, progress = window.FourProgress;
  if (!store || !progress || window.FourTrack) return;
  var observer = null, told = false;
  var NOTES = {
    blocked: "Your progress can't be saved in this browser, so it will be lost when you close or reload this page.",
    corrupt: "Your saved progress couldn't be read, so it has started again.",
    newer: "Your progress was saved by a newer version of this module and can't be changed here. New answers will be lost when you close or reload this page."
  };

  /* Storage blocked, full or unreadable: a polite note at the top of the page, once. */
  function tell() {
    var kind = store.problem(), inner = document.querySelector(".md-content__inner");
    if (told || !kind || !inner) return;
    told = true;
    var note = inner.insertBefore(progress.el("div", "admonition note"), inner.firstChild);
    note.setAttribute("role", "status");
    // Text that arrives after its live region is in place is announced.
    setTimeout(function () { note.appendChild(progress.el("p", null, NOTES[kind])); }, 100);
  }

  function current() {
    var marker = document.querySelector("[data-four-track]");
    return marker && marker.getAttribute("data-four-track");
  }
  function isLesson(id) { return progress.lessons.some(function (lesson) { return lesson.id === id; }); }
  function pageOf(data, id) { return data.pages[id] || (data.pages[id] = { at: 0, seen: 0 }); }

  function setDone(on) {
    var id = current();
    store.update(function (data) {
      var page = pageOf(data, id);
      if (on === !!page.done) return false;
      if (on) { page.done = true; page.at = Date.now(); } else delete page.done;
    });
  }

  function showEnd() {
    var id = current(), button = document.querySelector("[data-four-done]");
    if (!button) return;
    var page = store.read().pages[id], done = !!(page && page.done);
    var status = document.querySelector("[data-four-end-status]");
    button.setAttribute("aria-pressed", String(done));
    if (status) status.textContent = done ? "You have finished this page." : "";
  }

  function mountEnd() {
    var button = document.querySelector("[data-four-done]");
    if (observer) observer.disconnect();
    if (!button || !button.hidden) return;
    button.hidden = false;
    button.addEventListener("click", function () { setDone(button.getAttribute("aria-pressed") !== "true"); });
    if (!("IntersectionObserver" in window)) return;
    var watched = observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { watched.disconnect(); setDone(true); }
    });
    watched.observe(button.closest("[data-four-track]"));
  }

  /* Record the page's quiz counts; an answer once given stays counted after "Try again". */
  function saveQuizzes(next) {
    var id = current();
    // With session-only progress, mkdocs-quiz's own copy must not stay on the device.
    if (store.sessionOnly()) store.forgetQuizzes([location.pathname]);
    if (!id || !next || !(next.total > 0)) return;
    store.update(function (data) {
      var page = pageOf(data, id), old = page.quiz;
      if (old && !old.off && old.total === next.total &&
          (old.answered > next.answered || (old.answered === next.answered && old.correct === next.correct))) return false;
      page.quiz = { answered: next.answered, correct: next.correct, total: next.total };
    });
  }

  function readQuizzes() {
    var quizzes = document.querySelectorAll(".quiz"), counts = { total: quizzes.length, answered: 0, correct: 0 };
    if (!quizzes.length) return;
    if (!document.querySelector(".quiz .quiz-reset-button")) {
      // Its script never ran (blocked by a Content-Security-Policy, say): these checks
      // can't be answered here, so they must not hold the lesson back.
      store.update(function (data) {
        var page = pageOf(data, current());
        if (page.quiz) return false;
        page.quiz = { off: true, answered: 0, correct: 0, total: 0 };
      });
      return;
    }
    quizzes.forEach(function (quiz) {
      var feedback = quiz.querySelector(".quiz-feedback");
      if (!feedback || feedback.classList.contains("hidden")) return;
      counts.answered += 1;
      if (feedback.querySelector(".correct")) counts.correct += 1;
    });
    saveQuizzes(counts);
  }

  function mount() {
    var id = current();
    tell();
    if (!id) return;
    if (isLesson(id)) store.update(function (data) { pageOf(data, id).seen = Date.now(); data.last = id; });
    mountEnd();
    showEnd();
    readQuizzes();
  }

  window.addEventListener("quizProgressUpdate", function (event) { saveQuizzes(event.detail); });
  window.addEventListener("pagehide", function () { saveQuizzes(null); });
  store.subscribe(function () { showEnd(); tell(); });
  window.FourTrack = { mount: mount };
  // mkdocs-quiz sets itself up on DOMContentLoaded; read its state after that.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
