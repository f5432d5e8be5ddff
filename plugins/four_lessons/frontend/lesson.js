/* FOUR Lessons: what is left on a lesson page ([data-four-left], templates/left.html): near
 * its top and in its way on at the end. The build lists every exercise and knowledge check
 * on the page, each a link; this shows only what is still left ("Left on this page: 2
 * exercises and 1 knowledge check"), says when nothing is, and keeps up as the learner
 * answers. At the end it shows only while something is left, and then the first thing left
 * is the main button and the next lesson a plain one: the way on names what is missing
 * before it offers the next lesson. A link moves focus to what it names.
 *
 * Counts come from the progress store, as My progress counts them: an exercise is done once
 * answered, and the page's knowledge checks count as answered as the store says (quiz.js
 * marks each one answered here with data-four-answered, to tell which ones are left).
 * Loaded by four.js after progress.js. Safe to mount twice. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { $$, land } from "./lib/dom.js";
import { pageId } from "./lib/page.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store, progress = Four.progress;
  if (!store || !progress || components.lesson) return;

  /* Which knowledge checks (by number) are left: as many as the store says are not yet
     answered, taking first those never answered here. */
  function quizzesLeft(total, answered) {
    var left = Math.max(0, total - answered), quizzes = $$(".quiz");
    var open = [], shut = [];
    for (var n = 0; n < total; n += 1) {
      var quiz = document.getElementById("quiz-" + n) || quizzes[n];
      (quiz && quiz.hasAttribute("data-four-answered") ? shut : open).push(n);
    }
    return open.concat(shut).slice(0, left);
  }

  function render() {
    var boxes = $$("[data-four-left]");
    if (!boxes.length) return;
    var id = pageId(), data = store.read(), page = data.pages[id] || {}, quiz = page.quiz;
    var total = $$("[data-four-left-quiz]", boxes[0]).length;
    var answered = quiz ? (quiz.off ? total : Math.min(quiz.answered, total)) : 0;
    var quizzes = quizzesLeft(total, answered), exercises = 0;
    boxes.forEach(function (box) {
      var first = null;
      $$("li", box).forEach(function (item) {
        var exercise = item.getAttribute("data-four-left-exercise"), number = item.getAttribute("data-four-left-quiz");
        var left = exercise !== null ? !data.exercises[exercise] : quizzes.indexOf(Number(number)) >= 0;
        item.hidden = !left;
        var link = item.querySelector("a");
        link.classList.remove("md-button--primary");
        if (left && !first) first = link;
      });
      exercises = $$("[data-four-left-exercise]:not([hidden])", box).length;
      var left = progress.countWords(exercises, quizzes.length);
      var end = box.classList.contains("four-left--end"), done = !left;
      box.querySelector("[data-four-left-summary]").textContent = end
        ? t("lesson.left_end", { left: left })
        : t("lesson.left", { left: left });
      box.querySelector("details").hidden = done;
      box.querySelector("[data-four-left-done]").hidden = !done;
      if (end) {
        box.hidden = done;
        var next = box.parentNode.querySelector(".four-lesson-next__link");
        if (next) next.classList.toggle("md-button--primary", done);
        if (first) first.classList.add("md-button--primary");
      }
    });
  }

  /* A link to an exercise or a check: there, with focus on its heading or question. */
  function follow(event) {
    var link = event.target.closest && event.target.closest("[data-four-left] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    if (target.classList.contains("quiz")) target = target.querySelector(".quiz-question") || target;
    event.preventDefault();
    if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
    land(target);
  }

  var later = null;
  function soon() { clearTimeout(later); later = setTimeout(render, 0); }  // after quiz.js marks

  function mount() {
    $$("[data-four-left]").forEach(function (box) {
      if (box.hasAttribute("data-four-mounted")) return;
      box.setAttribute("data-four-mounted", "");
      box.addEventListener("click", follow);
    });
    render();
  }

  store.subscribe(soon);
  components.lesson = mount;
  mount();
})();
