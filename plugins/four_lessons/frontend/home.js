/* FOUR Lessons: the home page's course card ([data-four-home], written in docs/index.md).
 * With scripts off it reads as a list of lessons under a plain "Start the course" link to
 * lesson 1. This adds each lesson's status and points the one primary button at the
 * learner's next step: "Start the course" (nothing begun), "Continue: <lesson>" (the first
 * lesson not finished, in course order, as on My progress) or "See your certificate" (all
 * complete).
 * Progress comes from Four.store and Four.progress (progress.js), which four.js loads first
 * whenever this module has progress on the device; without them nothing is saved yet, so
 * the page is right as built. Text goes in with textContent. Safe to mount twice. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { $$ } from "./lib/dom.js";
import { inWords, t } from "./lib/words.js";

(function () {
  "use strict";
  if (components.home) return;

  /* The page's lesson links, matched to the module map by address: [{lesson, link}]. */
  function cards(root, progress) {
    var byUrl = {};
    progress.lessons.forEach(function (lesson) { byUrl[new URL(lesson.u, progress.root).href] = lesson; });
    return $$(".four-home__lessons > ol > li", root).map(function (item) {
      var link = item.querySelector("a[href]");
      return { item: item, link: link, lesson: link && byUrl[link.href.split("#")[0]] };
    }).filter(function (card) { return card.lesson; });
  }

  function setStatus(card, text, state) {
    var status = card.item.querySelector(".four-home__status");
    if (!status) {
      status = card.item.appendChild(document.createElement("span"));
      status.className = "four-home__status";
    }
    inWords(status).textContent = text;
    status.setAttribute("data-state", state);
  }

  function render(root) {
    var store = Four.store, progress = Four.progress;
    if (!store || !progress || !progress.lessons.length) return;  // nothing saved: as built
    var data = store.read(), list = cards(root, progress), open = [], started = false;
    list.forEach(function (card) {
      var s = progress.state(card.lesson, data);
      if (s.started) started = true;
      if (!s.complete) open.push(card);
      if (s.complete) setStatus(card, t("home.lesson_complete"), "complete");
      else if (s.done) setStatus(card, t("home.lesson_some", { done: s.done, total: s.total }), "started");
      else setStatus(card, s.started ? t("home.lesson_opened") : t("home.lesson_new"), s.started ? "started" : "new");
    });
    if (!list.length) return;
    var button = inWords(root.querySelector("[data-four-home-start]")), certificate = root.querySelector("[data-four-home-certificate]");
    if (!open.length && certificate) {
      button.href = certificate.getAttribute("href");
      button.textContent = t("home.see_certificate");
    } else if (open.length && started) {
      // As on My progress: the first thing not done.
      button.href = open[0].link.getAttribute("href");
      button.textContent = t("home.continue", { lesson: open[0].link.textContent });
    } else {
      button.href = list[0].link.getAttribute("href");
      button.textContent = t("home.start");
    }
  }

  function mountAll() {
    $$("[data-four-home]").forEach(render);
  }

  if (Four.store) Four.store.subscribe(function (reason) { if (reason !== "name") mountAll(); });
  components.home = mountAll;
  mountAll();
})();
