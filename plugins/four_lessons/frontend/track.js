/* FOUR Lessons page tracking, part of the progress.js bundle and mounted by nav.js (the
 * build marks tracked pages with data-four-track="<page id>"): says once if progress can't
 * be saved, remembers the last lesson opened, and marks a page with nothing to answer as
 * done when its end is reached or its button pressed. Knowledge checks: quiz.js. */
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

  function mount() {
    var id = current();
    tell();
    if (!id) return;
    if (isLesson(id)) store.update(function (data) { pageOf(data, id).seen = Date.now(); data.last = id; });
    mountEnd();
    showEnd();
  }

  store.subscribe(function () { showEnd(); tell(); });
  // Mounted after DOMContentLoaded (four.js loads the bundle then), so mkdocs-quiz, which
  // sets itself up on that event, has already restored its answers when we read them.
  window.FourTrack = { mount: mount, current: current, pageOf: pageOf };
})();
