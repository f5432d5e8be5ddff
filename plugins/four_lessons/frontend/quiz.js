/* FOUR Lessons: mkdocs-quiz knowledge checks count towards their lesson. Loaded by four.js
 * only on pages that hold one (after progress.js, whose page tracking it uses).
 *
 * mkdocs-quiz is read from the page, not from its storage: each quiz it runs gets a reset
 * button, and an answered one shows its feedback (".quiz-feedback" without "hidden", with
 * a ".correct" item when right). Changes arrive as its "quizProgressUpdate" event, whose
 * detail is the page's {total, answered, correct}. */
(function () {
  "use strict";
  var store = window.FourStore, track = window.FourTrack;
  if (!store || !track || window.FourQuiz) return;
  var current = track.current, pageOf = track.pageOf;

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

  window.addEventListener("quizProgressUpdate", function (event) { saveQuizzes(event.detail); });
  window.addEventListener("pagehide", function () { saveQuizzes(null); });
  window.FourQuiz = { mountAll: readQuizzes };
  readQuizzes();
})();
