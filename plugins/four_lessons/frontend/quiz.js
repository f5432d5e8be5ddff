/* FOUR Lessons: mkdocs-quiz knowledge checks, made to work like a FOUR exercise, and
 * counted towards their lesson. Loaded by four.js only on pages that hold one (after
 * progress.js, whose page tracking it uses).
 *
 * mkdocs-quiz keeps the authoring syntax, the checking and its own record of answers; this
 * adds, on top of its markup (quiz.css does the looks):
 * - feedback and the question's explanation together in one role="status" region, with a
 *   verdict in words ("Right." / "Not quite.");
 * - a second try: after an answer the choices stay visible but locked, and "Try again"
 *   unlocks them, even where mkdocs-quiz is set to allow one attempt;
 * - focus on "Try again" after an answer (as in a FOUR exercise), on the choices after it,
 *   with the question scrolled into view;
 * - a real second try: after a first wrong answer the right one is not marked, and the
 *   explanation (which gives it away) waits, until the learner tries again or presses
 *   "Show the answer";
 * - a "four:answered" event on document for each answer given here, whose detail is
 *   {kind: "quiz", id (the check's element id), page, response (the chosen answers'
 *   words), correct, score (1 or 0), max: 1}, for the SCORM launch page.
 * Progress is read from the page, not from its storage: each quiz it runs gets a reset
 * button, and an answered one shows its feedback (".quiz-feedback" without "hidden", with a
 * ".correct" item when right). Changes arrive as its "quizProgressUpdate" event, whose
 * detail is the page's {total, answered, correct}. Safe to mount twice. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { $$ } from "./lib/dom.js";
import { pageId } from "./lib/page.js";
import { inWords, t } from "./lib/words.js";

(function () {
  "use strict";
  if (components.quiz) return;
  var store = Four.store;
  // mkdocs-quiz's English words (its keys) -> ours, in the learner's language, where
  // mkdocs-quiz has no word of its own for them (a translated site keeps its own).
  var WORDS = {
    "Correct answer!": t("quiz.right"),
    "Incorrect answer.": t("quiz.not_quite"),
    "Incorrect answer. Please try again.": t("quiz.not_quite"),
    "Try Again": t("quiz.try_again")
  };
  var words = window.mkdocsQuizTranslations = window.mkdocsQuizTranslations || {};
  Object.keys(WORDS).forEach(function (key) { if (!words[key] || words[key] === key) words[key] = WORDS[key]; });

  /* Text mkdocs-quiz wrote before this script arrived (a restored answer), in our words. */
  function reword(quiz) {
    $$(".quiz-feedback-item-content, .quiz-reset-button", quiz).forEach(function (node) {
      var text = node.textContent.trim();
      if (node.children.length === 0 && words[text] && words[text] !== text) node.textContent = words[text];
    });
  }

  function answered(feedback) { return !feedback.classList.contains("hidden") && feedback.childNodes.length > 0; }
  function wrong(feedback) { return !!feedback.querySelector(".quiz-feedback-item.incorrect"); }

  /* The first wrong answer given here: the right answer stays unmarked, and the reason
     unread, until the learner has another go or asks to see it (quiz.css). */
  function hold(quiz, on) {
    var hint = quiz.querySelector(".four-quiz__hint"), reveal = quiz.querySelector(".four-quiz__reveal");
    quiz.classList.toggle("four-quiz--hold", on);
    if (hint) hint.hidden = !on;
    if (reveal) reveal.hidden = !on;
  }

  /* Tell the page, as a FOUR exercise does (the SCORM launch page reports it). */
  function tell(quiz, feedback) {
    var right = !!feedback.querySelector(".quiz-feedback-item.correct");
    var words = $$('input[name="answer"]:checked', quiz).map(function (input) {
      var label = quiz.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      return label ? label.textContent.trim() : input.value;
    });
    try {
      document.dispatchEvent(new CustomEvent("four:answered", { detail: {
        kind: "quiz", id: quiz.id || null, page: pageId(), response: words.join("; "),
        correct: right, score: right ? 1 : 0, max: 1
      } }));
    } catch (e) { /* a listener's own bug */ }
  }

  /* Answered: choices locked (still clear to read), "Try again" shown. Not: unlocked. */
  function settle(quiz, feedback, moved) {
    var again = quiz.querySelector(".quiz-reset-button"), submit = quiz.querySelector('button[type="submit"]');
    var inputs = $$('input[name="answer"]', quiz), done = answered(feedback), focus = document.activeElement;
    quiz.classList.toggle("four-quiz--done", done);
    if (done) quiz.setAttribute("data-four-answered", "");  // once answered, it counts (lesson.js)
    reword(quiz);
    if (!done || !again) return;
    inputs.forEach(function (input) { input.disabled = true; });
    if (submit) submit.classList.add("hidden");
    again.classList.remove("hidden");
    // mkdocs-quiz moves focus to its feedback; the region reads it out, so focus goes on.
    if (moved && (focus === feedback || quiz.contains(focus) || focus === document.body)) again.focus();
  }

  function enhance(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    if (!feedback || quiz.querySelector(".four-quiz__feedback")) return;
    var region = document.createElement("div"), why = quiz.querySelector("section.content");
    region.className = "four-quiz__feedback";
    region.setAttribute("role", "status");
    feedback.parentNode.insertBefore(region, feedback);
    region.appendChild(feedback);
    var hint = region.appendChild(inWords(document.createElement("p")));
    hint.className = "four-quiz__hint";
    hint.textContent = t("quiz.hint", { again: words["Try Again"] });
    if (why) region.appendChild(why);  // the explanation: why, read out with the verdict
    var again = quiz.querySelector(".quiz-reset-button"), reveal = document.createElement("button");
    reveal.type = "button";
    reveal.className = "quiz-button four-quiz__reveal";
    inWords(reveal).textContent = t("quiz.show_answer");
    if (again) again.parentNode.insertBefore(reveal, again.nextSibling);
    reveal.addEventListener("click", function () {
      hold(quiz, false);
      if (why) { why.tabIndex = -1; why.focus(); }
    });
    hold(quiz, false);
    settle(quiz, feedback, false);
    var tries = 0;
    new MutationObserver(function () {
      var was = quiz.classList.contains("four-quiz--done");
      if (!was && answered(feedback)) {  // an answer given here
        hold(quiz, tries === 0 && wrong(feedback));
        tries += 1;
        tell(quiz, feedback);
      }
      settle(quiz, feedback, true);
      // "Try again" hid itself: carry on from the choices, the question in view.
      if (was && !answered(feedback)) {
        hold(quiz, false);
        var first = quiz.querySelector('input[name="answer"]:checked') || quiz.querySelector('input[name="answer"]');
        var focus = document.activeElement;
        if (first && (!focus || focus === document.body || focus.classList.contains("quiz-reset-button"))) {
          quiz.scrollIntoView({ block: "start" });
          first.focus({ preventScroll: true });
        }
      }
    }).observe(feedback, { childList: true });
  }

  /* Record the page's quiz counts; an answer once given stays counted after "Try again". */
  function saveQuizzes(next) {
    if (!store) return;
    var id = pageId();
    // With session-only progress, mkdocs-quiz's own copy must not stay on the device.
    if (store.sessionOnly()) store.forgetQuizzes([location.pathname]);
    if (!id || !next || !(next.total > 0)) return;
    store.updatePage(id, function (page) {
      var old = page.quiz;
      if (old && !old.off && old.total === next.total &&
          (old.answered > next.answered || (old.answered === next.answered && old.correct === next.correct))) return false;
      page.quiz = { answered: next.answered, correct: next.correct, total: next.total };
    });
  }

  function mount() {
    var quizzes = $$(".quiz"), counts = { total: quizzes.length, answered: 0, correct: 0 };
    if (!quizzes.length) return;
    // quiz.css comes with the page (its head) or from four.js's loader.
    if (!document.querySelector(".quiz .quiz-reset-button")) {
      // Its script never ran (blocked by a Content-Security-Policy, say): these checks
      // can't be answered here, so they must not hold the lesson back.
      if (store && pageId()) store.updatePage(pageId(), function (page) {
        if (page.quiz) return false;
        page.quiz = { off: true, answered: 0, correct: 0, total: 0 };
      });
      return;
    }
    quizzes.forEach(function (quiz) {
      enhance(quiz);
      var feedback = quiz.querySelector(".quiz-feedback");
      if (!feedback || !answered(feedback)) return;
      counts.answered += 1;
      if (feedback.querySelector(".correct")) counts.correct += 1;
    });
    saveQuizzes(counts);
  }

  window.addEventListener("quizProgressUpdate", function (event) { saveQuizzes(event.detail); });
  window.addEventListener("pagehide", function () { saveQuizzes(null); });
  components.quiz = mount;
  mount();
})();
