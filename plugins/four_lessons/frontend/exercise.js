/* FOUR exercise: enhances the server-rendered exercise (core/render.py, templates/form.html).
 *
 * The page already holds the story, the form and the author's answers (in a <details>);
 * this script shows the form, scores an answer per element (partial credit), writes the
 * feedback into the exercise's role="status" region using the author's explanations, and
 * keeps the last answer through Four.store. Nothing is built from HTML strings: text goes
 * in with textContent and explanations are cloned nodes. Safe to run twice on one page.
 *
 * The way through a lesson: after Check, focus goes to the score that opens the feedback
 * (where the Check button was); Next and Try again follow the feedback. Next folds the
 * exercise to one line (its score, Try again, and a button that opens it again) and moves
 * on to whatever comes next on the page: the text after the exercise, a knowledge check,
 * another exercise or the lesson's way on, never past them. An exercise answered on an
 * earlier visit opens in brief: the learner's answer and a one-line verdict per element
 * stay (the contract: after a reload the last answer and its feedback are shown again);
 * the story, the hints and the long explanations wait behind one button. With scripts off,
 * and on paper, everything is open.
 * Each Check also tells the page: a "four:answered" event on document, whose detail is
 * {kind: "four", id, page, response: {elements, judgement}, correct, score, max}.
 */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { el, land } from "./lib/dom.js";
import { pageId } from "./lib/page.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";

  // From plugins/four_lessons/contract.json (see build.mjs), named in the learner's
  // language. Each key is written out, so build.mjs lists it (and fails if the contract
  // has an element or a judgement not named here).
  var NAMES = {
    fixated: t("contract.element.fixated.name"),
    obsessive: t("contract.element.obsessive.name"),
    unwanted: t("contract.element.unwanted.name"),
    repeated: t("contract.element.repeated.name")
  };
  var LABELS = {
    "likely-stalking": t("contract.judgement.likely-stalking"),
    "warning-signs": t("contract.judgement.warning-signs"),
    "not-stalking": t("contract.judgement.not-stalking"),
    "needs-help-now": t("contract.judgement.needs-help-now")
  };
  var ELEMENTS = FOUR_CONTRACT.elements.map(function (e) { return [e.key, NAMES[e.key] || e.name]; });
  var MAX = FOUR_CONTRACT.maxScore;
  var JUDGEMENT_LABELS = {};
  FOUR_CONTRACT.judgements.forEach(function (j) { JUDGEMENT_LABELS[j.value] = LABELS[j.value] || j.label; });

  function store() { return Four.store || null; }

  function answerKey(root) {
    var answers = root.querySelector("[data-four-answers]");
    var key = { elements: {}, judgement: null, answers: answers };
    ELEMENTS.forEach(function (pair) {
      var item = answers.querySelector('[data-four-element="' + pair[0] + '"]');
      var present = item.getAttribute("data-four-present");
      key.elements[pair[0]] = {
        present: present === "true",
        either: present === "either",  // a thoughtful learner could go either way: both count
        explanation: item.querySelector(".four-answers__explanation")
      };
    });
    var judgement = answers.querySelector("[data-four-judgement]");
    key.judgement = {
      value: judgement.getAttribute("data-four-judgement"),
      label: JUDGEMENT_LABELS[judgement.getAttribute("data-four-judgement")],
      explanation: judgement.querySelector(".four-answers__explanation")
    };
    key.advice = answers.querySelector("[data-four-advice]");
    return key;
  }

  function labelFor(form, value) {
    var input = form.querySelector('input[name="judgement"][value="' + value + '"]');
    var label = input && input.closest("label");
    return label ? label.textContent : value;
  }

  function score(key, answer) {
    var total = 0;
    ELEMENTS.forEach(function (pair) {
      var expected = key.elements[pair[0]];
      if (expected.either || (answer.elements.indexOf(pair[0]) >= 0) === expected.present) total += 1;
    });
    if (answer.judgement === key.judgement.value) total += 1;
    return total;
  }

  function feedbackItem(right, heading, detail, explanation) {
    var item = el("li", "four-feedback__item four-feedback__item--" + (right ? "right" : "wrong"));
    var icon = el("span", "four-feedback__icon", right ? "\u2713" : "\u2717");
    icon.setAttribute("aria-hidden", "true");
    var text = el("div", "four-feedback__text");
    var head = el("p", "four-feedback__head");
    head.appendChild(el("strong", null, heading));
    head.appendChild(document.createTextNode(" " + detail));
    text.appendChild(head);
    if (explanation) {
      var copy = explanation.cloneNode(true);
      copy.removeAttribute("id");
      text.appendChild(copy);
    }
    item.appendChild(icon);
    item.appendChild(text);
    return item;
  }

  function showFeedback(parts, answer) {
    var key = parts.key, region = parts.feedback;
    var points = score(key, answer);
    var list = el("ul", "four-feedback__list");
    ELEMENTS.forEach(function (pair) {
      var name = pair[1], expected = key.elements[pair[0]];
      var ticked = answer.elements.indexOf(pair[0]) >= 0;
      var right = expected.either || ticked === expected.present;
      var detail = expected.either
        ? (ticked ? t("exercise.either_ticked") : t("exercise.either_unticked"))
        : expected.present
        ? (ticked ? t("exercise.present_ticked") : t("exercise.present_unticked"))
        : (ticked ? t("exercise.absent_ticked") : t("exercise.absent_unticked"));
      var heading = right ? t("exercise.element_right", { element: name }) : t("exercise.element_wrong", { element: name });
      list.appendChild(feedbackItem(right, heading, detail, expected.explanation));
    });
    var judgementRight = answer.judgement === key.judgement.value;
    list.appendChild(feedbackItem(
      judgementRight,
      judgementRight ? t("exercise.overall_right") : t("exercise.overall_wrong"),
      judgementRight
        ? t("exercise.chose_right", { answer: key.judgement.label })
        : t("exercise.chose_wrong", { chosen: labelFor(parts.form, answer.judgement), answer: key.judgement.label }),
      key.judgement.explanation
    ));

    var summary = el("p", "four-feedback__score");
    summary.tabIndex = -1;  // where focus goes after Check: the top of the feedback
    summary.appendChild(el("strong", null, t("exercise.score", { points: points, max: MAX })));
    summary.appendChild(el("span", "four-feedback__more", " " + (points === MAX
      ? t("exercise.score_full") : t("exercise.score_partial"))));

    var fragment = document.createDocumentFragment();
    fragment.appendChild(summary);
    fragment.appendChild(list);
    if (key.advice) {
      var advice = key.advice.cloneNode(true);
      advice.className = "four-feedback__advice";
      advice.removeAttribute("data-four-advice");
      fragment.appendChild(advice);
    }
    region.replaceChildren(fragment);
    parts.root.classList.add("four-exercise--done");
    return points;
  }

  /* After Check the choices stay as they were, fully visible beside the feedback (a
     disabled fieldset would grey them out), but cannot change until "Try again". */
  function setLocked(parts, locked) {
    parts.locked = locked;
    parts.inputs.forEach(function (input) {
      if (locked) input.setAttribute("aria-disabled", "true");
      else input.removeAttribute("aria-disabled");
    });
    parts.check.hidden = locked;
    parts.retry.hidden = !locked;
    if (!locked) parts.foldable = false;
    setFolded(parts, locked && isFolded(parts.root), parts.root.classList.contains("four-exercise--brief"));
    updateClear(parts);
  }

  /* Folded: the title, the score and the buttons to try again or open it, nothing more
     (on screen only: exercise.css). In brief (an answer from an earlier visit): the
     learner's choices, the score and each element's verdict stay; the story, the hints and
     the explanations wait. The role="status" region stays, holding the whole feedback.
     The button that opens it stays to fold it again, once it has been folded. */
  function setFolded(parts, folded, brief) {
    if (folded) parts.foldable = true;
    parts.root.classList.toggle("four-exercise--folded", folded && !brief);
    parts.root.classList.toggle("four-exercise--brief", folded && !!brief);
    parts.fold.setAttribute("aria-expanded", String(!folded));
    parts.fold.textContent = !folded ? t("exercise.fold")
      : brief ? t("exercise.unfold_brief") : t("exercise.unfold");
    parts.fold.hidden = !parts.locked || !parts.foldable;
    parts.next.hidden = folded || !parts.locked;
  }

  function isFolded(root) {
    return root.classList.contains("four-exercise--folded") ||
      root.classList.contains("four-exercise--brief");
  }

  function updateClear(parts) {
    parts.clear.hidden = parts.locked || !parts.inputs.some(function (input) { return input.checked; });
  }

  // What "Next" may land on: a block of the lesson a learner reads or answers.
  var LANDING = "h1, h2, h3, h4, h5, h6, p, ul, ol, dl, blockquote, figure, table, pre, details, " +
    ".admonition, .quiz, [data-four-scenario], .four-lesson-next, .four-practice__nav";

  function shown(node) {
    return node.offsetHeight > 0 && getComputedStyle(node).visibility !== "hidden";
  }

  /* The next element after `node` in the page, outside it. */
  function beyond(node) {
    while (node && !node.nextElementSibling) node = node.parentElement;
    return node && node.nextElementSibling;
  }

  /* Where "Next" goes: the first thing on screen after the exercise, in page order (its
     text, a knowledge check, the next exercise, the lesson's way on), so nothing on the
     page is passed unseen. Hidden parts (another practice story) are stepped over. */
  function nextStop(root) {
    var boundary = root.closest("article, .md-content") || document.body, node = beyond(root);
    while (node && boundary.contains(node)) {
      if (!shown(node)) { node = beyond(node); continue; }
      if (node.matches(LANDING)) break;
      node = node.firstElementChild || beyond(node);
    }
    if (!node || !boundary.contains(node)) return document.querySelector(".md-footer__link--next");
    if (node.matches("[data-four-scenario]")) return node.querySelector(".four-exercise__title") || node;
    if (node.matches(".quiz")) return node.querySelector(".quiz-question") || node;
    if (node.matches(".four-lesson-next, .four-practice__nav")) {  // what is left, or the way on
      var first = function (selector) { return Array.prototype.filter.call(node.querySelectorAll(selector), shown)[0]; };
      return first(".four-left") || first("a[href], button") || first("p") || node;
    }
    return node;
  }

  function moveOn(parts) {
    var target = nextStop(parts.root);
    if (!target) return;  // nothing after it: stay
    if (parts.locked) setFolded(parts, true);
    land(target);
  }

  function readAnswer(form) {
    var elements = Array.prototype.filter.call(
      form.querySelectorAll('input[name="element"]'), function (input) { return input.checked; }
    ).map(function (input) { return input.value; });
    var chosen = form.querySelector('input[name="judgement"]:checked');
    return { elements: elements, judgement: chosen ? chosen.value : null };
  }

  /* Show a saved answer, folded; or, with no record, an exercise not yet answered. */
  function restore(parts, record) {
    parts.working = false;
    parts.shown = record ? JSON.stringify(record) : null;
    if (!record) {
      parts.inputs.forEach(function (input) { input.checked = false; });
      parts.feedback.replaceChildren();
      parts.root.classList.remove("four-exercise--done");
      setLocked(parts, false);
      return;
    }
    parts.form.querySelectorAll('input[name="element"]').forEach(function (input) {
      input.checked = record.elements.indexOf(input.value) >= 0;
    });
    parts.form.querySelectorAll('input[name="judgement"]').forEach(function (input) {
      input.checked = input.value === record.judgement;
    });
    showFeedback(parts, record);
    setLocked(parts, true);
    setFolded(parts, true, true);
  }

  /* The page holds one form template; each exercise gets its own copy. */
  function addForm(root) {
    var template = document.getElementById("four-form-template");
    var answers = root.querySelector("[data-four-answers]");
    if (!template || !answers) return null;
    var form = template.content.firstElementChild.cloneNode(true);
    root.insertBefore(form, answers);
    return form;
  }

  function mount(root) {
    if (root.hasAttribute("data-four-mounted")) return;
    var form = root.querySelector("[data-four-form]") || addForm(root);
    if (!form) return;
    root.setAttribute("data-four-mounted", "");
    var parts = {
      root: root,
      form: form,
      key: answerKey(root),
      feedback: form.querySelector("[data-four-feedback]"),
      inputs: Array.prototype.slice.call(form.querySelectorAll("input")),
      check: form.querySelector('button[type="submit"]'),
      retry: form.querySelector("[data-four-retry]"),
      next: form.querySelector("[data-four-next]"),
      clear: form.querySelector("[data-four-clear]"),
      fold: form.querySelector("[data-four-fold]"),
      locked: false,
      foldable: false,  // folded once since the last Check: the fold button stays
      working: false,  // choices changed, or "Try again" pressed, and not checked yet
      shown: null      // the saved record on screen, as text
    };
    var id = root.getAttribute("data-four-scenario");
    parts.key.answers.hidden = true;  // the feedback shows the answers once checked

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = readAnswer(form);
      if (!answer.judgement) {
        parts.feedback.replaceChildren(el("p", "four-feedback__hint",
          t("exercise.choose_first", { check: parts.check.textContent.trim() })));
        return;
      }
      var points = showFeedback(parts, answer), record = {
        elements: answer.elements, judgement: answer.judgement, score: points, max: MAX, at: Date.now()
      };
      setLocked(parts, true);
      parts.working = false;
      var top = parts.feedback.querySelector(".four-feedback__score");
      top.scrollIntoView({ block: "nearest" });
      top.focus({ preventScroll: true });
      var s = store();
      if (s) { s.saveExercise(id, record); parts.shown = JSON.stringify(s.exercise(id)); }
      answered(id, record);
    });

    // While locked, a click or Space on a choice changes nothing.
    form.addEventListener("click", function (event) {
      if (parts.locked && event.target.matches && event.target.matches("input")) event.preventDefault();
    });
    form.addEventListener("keydown", function (event) {
      if (parts.locked && /^Arrow/.test(event.key) && event.target.type === "radio") event.preventDefault();
    });
    form.addEventListener("change", function () {
      if (!parts.locked) parts.working = true;
      updateClear(parts);
    });

    // Try again keeps the previous choices to change; "Clear my choices" empties them.
    parts.retry.addEventListener("click", function () {
      parts.feedback.replaceChildren();
      root.classList.remove("four-exercise--done");
      setLocked(parts, false);
      parts.working = true;
      var first = form.querySelector("input");
      if (first) first.focus();
    });
    parts.clear.addEventListener("click", function () {
      parts.inputs.forEach(function (input) { input.checked = false; });
      updateClear(parts);
      if (parts.inputs[0]) parts.inputs[0].focus();
    });
    parts.next.addEventListener("click", function () { moveOn(parts); });
    parts.fold.addEventListener("click", function () {
      setFolded(parts, !isFolded(root));
    });

    var s = store();
    var saved = s && s.exercise(id);
    if (saved) restore(parts, saved);
    mounted.push({ parts: parts, id: id });
  }

  /* Tell the page (the SCORM launch page reports it to the LMS). */
  function answered(id, record) {
    try {
      document.dispatchEvent(new CustomEvent("four:answered", { detail: {
        kind: "four", id: id, page: pageId(),
        response: { elements: record.elements.slice(), judgement: record.judgement },
        correct: record.score === record.max, score: record.score, max: record.max
      } }));
    } catch (e) { /* a listener's own bug */ }
  }

  /* Another tab (or the LMS launch page), or Reset or Import on the progress page, changed
     saved answers: show what is saved now, for the exercises whose record changed, and
     never over an exercise the learner is working on here (choices not yet checked, or
     "Try again" pressed). This page's own saves are on screen already. */
  var mounted = [];
  function sync(reason, changed) {
    if (reason === "saved" || reason === "problem" || reason === "name") return;
    mounted = mounted.filter(function (m) { return m.parts.root.isConnected; });
    mounted.forEach(function (m) {
      if (changed && changed.exercises.indexOf(m.id) < 0) return;
      var saved = store().exercise(m.id), text = saved ? JSON.stringify(saved) : null;
      if (text === m.parts.shown || m.parts.working) return;
      restore(m.parts, saved);
    });
  }
  if (store()) store().subscribe(sync);

  function mountAll() {
    document.querySelectorAll("[data-four-scenario]").forEach(mount);
  }

  components.exercise = mountAll;
  mountAll();
})();
