/* FOUR Lessons page tracking, part of the progress.js bundle and mounted by nav.js (the
 * build marks tracked pages with data-four-track="<page id>"): says once if progress can't
 * be saved, and notes when each lesson was opened. A reading page's "Mark this page as
 * done": page-end.js; knowledge checks: quiz.js. */
import { Four } from "./lib/registry.js";
import { el } from "./lib/dom.js";
import { pageId } from "./lib/page.js";
import { inWords, t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store, progress = Four.progress;
  if (!store || !progress || Four.track) return;
  var told = false;
  /* Why progress can't be kept (Four.store.problem()), in words. */
  function note(kind) {
    if (kind === "blocked") return t("store.blocked");
    if (kind === "corrupt") return t("store.corrupt");
    if (kind === "partial") return t("store.partial");
    return t("store.newer");
  }

  /* Storage blocked, full or unreadable: a polite note at the top of the page, once. */
  function tell() {
    var kind = store.problem(), inner = document.querySelector(".md-content__inner");
    if (told || !kind || !inner) return;
    told = true;
    var box = inner.insertBefore(el("div", "admonition note"), inner.firstChild);
    box.setAttribute("role", "status");
    // Text that arrives after its live region is in place is announced.
    setTimeout(function () { box.appendChild(inWords(el("p", null, note(kind)))); }, 100);
  }

  function isLesson(id) { return progress.lessons.some(function (lesson) { return lesson.id === id; }); }

  /* The learner opened this page (a load, or an instant navigation, which brings a new
     marker): note it once. Mounting again for the same page, as another tab's save does
     (nav.js), notes nothing, so tabs never answer each other's saves. */
  var noted = null;
  function mount() {
    var id = pageId(), marker = document.querySelector("[data-four-track]");
    tell();
    if (!id || marker === noted) return;
    noted = marker;
    if (isLesson(id)) store.updatePage(id, function (page) { page.seen = Date.now(); });
  }

  store.subscribe(tell);
  // Mounted after DOMContentLoaded (four.js loads the bundle then), so mkdocs-quiz, which
  // sets itself up on that event, has already restored its answers when we read them.
  Four.track = { mount: mount };
})();
