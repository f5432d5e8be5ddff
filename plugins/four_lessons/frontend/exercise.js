/* FOUR exercise: enhances the server-rendered exercise (see templates/exercise.html).
 *
 * The page already holds the story, the form and the author's answers (in a <details>);
 * this script shows the form, scores an answer per element (partial credit), writes the
 * feedback into the exercise's role="status" region using the author's explanations, and
 * keeps the last answer through FourStore. Nothing is built from HTML strings: text goes
 * in with textContent and explanations are cloned nodes. Safe to run twice on one page.
 */
(function () {
  "use strict";

  // From plugins/four_lessons/contract.json (see build.mjs).
  var ELEMENTS = FOUR_CONTRACT.elements.map(function (e) { return [e.key, e.name]; });
  var MAX = FOUR_CONTRACT.maxScore;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function store() { return window.FourStore || null; }

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
      label: judgement.querySelector(".four-answers__verdict").textContent.replace(/^Overall:\s*/, "").replace(/\.$/, ""),
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
        ? (ticked ? "You ticked it. It could be read either way here, so both answers count." : "You left it unticked. It could be read either way here, so both answers count.")
        : expected.present
        ? (ticked ? "It is there, and you ticked it." : "It is there, but you did not tick it.")
        : (ticked ? "It is not there in this story, but you ticked it." : "It is not there, and you left it unticked.");
      list.appendChild(feedbackItem(right, name + ": " + (right ? "right." : "not quite."), detail, expected.explanation));
    });
    var judgementRight = answer.judgement === key.judgement.value;
    list.appendChild(feedbackItem(
      judgementRight,
      "Overall: " + (judgementRight ? "right." : "not quite."),
      judgementRight
        ? "You chose \u201c" + key.judgement.label + "\u201d."
        : "You chose \u201c" + labelFor(parts.form, answer.judgement) + "\u201d; the answer is \u201c" + key.judgement.label + "\u201d.",
      key.judgement.explanation
    ));

    var summary = el("p", "four-feedback__score");
    summary.appendChild(el("strong", null, "You got " + points + " out of " + MAX + "."));
    summary.appendChild(document.createTextNode(points === MAX
      ? " Well done: every part is right."
      : " Each part counts on its own. Read why below, then try again if you like."));

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
    parts.next.hidden = !locked;
    updateClear(parts);
  }

  function updateClear(parts) {
    parts.clear.hidden = parts.locked || !parts.inputs.some(function (input) { return input.checked; });
  }

  /* Where "Next" goes: the next exercise on the page, else the end of the lesson. */
  function nextStop(root) {
    var all = Array.prototype.slice.call(document.querySelectorAll("[data-four-scenario]"));
    var after = all.slice(all.indexOf(root) + 1).filter(function (other) { return other.offsetParent !== null; });
    if (after.length) return after[0].querySelector(".four-exercise__title") || after[0];
    return document.querySelector("[data-four-track]") || document.querySelector(".md-footer__link--next");
  }

  function moveOn(root) {
    var target = nextStop(root);
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  function readAnswer(form) {
    var elements = Array.prototype.filter.call(
      form.querySelectorAll('input[name="element"]'), function (input) { return input.checked; }
    ).map(function (input) { return input.value; });
    var chosen = form.querySelector('input[name="judgement"]:checked');
    return { elements: elements, judgement: chosen ? chosen.value : null };
  }

  function restore(parts, record) {
    parts.form.querySelectorAll('input[name="element"]').forEach(function (input) {
      input.checked = record.elements.indexOf(input.value) >= 0;
    });
    parts.form.querySelectorAll('input[name="judgement"]').forEach(function (input) {
      input.checked = input.value === record.judgement;
    });
    showFeedback(parts, record);
    setLocked(parts, true);
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
      locked: false
    };
    // The last exercise's Next leads on to the end of the lesson.
    var all = document.querySelectorAll("[data-four-scenario]");
    if (all[all.length - 1] === root) parts.next.textContent = "Continue";
    var id = root.getAttribute("data-four-scenario");
    parts.key.answers.hidden = true;  // the feedback shows the answers once checked

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = readAnswer(form);
      if (!answer.judgement) {
        parts.feedback.replaceChildren(el("p", "four-feedback__hint",
          "Choose an overall judgement first, then press \u201cCheck my answer\u201d."));
        return;
      }
      var points = showFeedback(parts, answer);
      setLocked(parts, true);
      parts.next.focus();
      var s = store();
      if (s) s.saveExercise(id, { elements: answer.elements, judgement: answer.judgement, score: points, max: MAX, at: Date.now() });
      // Every answer checked, for whoever reports it (an LMS package's scorm.js).
      var key = parts.key, keys = function (test) { return ELEMENTS.map(function (p) { return p[0]; }).filter(function (k) { return test(key.elements[k]); }); };
      document.dispatchEvent(new CustomEvent("four:answered", { detail: { kind: "four", id: id, response: answer, score: points, max: MAX,
        correct: { elements: keys(function (e) { return e.present; }), either: keys(function (e) { return e.either; }), judgement: key.judgement.value } } }));
    });

    // While locked, a click or Space on a choice changes nothing.
    form.addEventListener("click", function (event) {
      if (parts.locked && event.target.matches && event.target.matches("input")) event.preventDefault();
    });
    form.addEventListener("keydown", function (event) {
      if (parts.locked && /^Arrow/.test(event.key) && event.target.type === "radio") event.preventDefault();
    });
    form.addEventListener("change", function () { updateClear(parts); });

    // Try again keeps the previous choices to change; "Clear my choices" empties them.
    parts.retry.addEventListener("click", function () {
      parts.feedback.replaceChildren();
      root.classList.remove("four-exercise--done");
      setLocked(parts, false);
      var first = form.querySelector("input");
      if (first) first.focus();
    });
    parts.clear.addEventListener("click", function () {
      parts.inputs.forEach(function (input) { input.checked = false; });
      updateClear(parts);
      if (parts.inputs[0]) parts.inputs[0].focus();
    });
    parts.next.addEventListener("click", function () { moveOn(root); });

    var s = store();
    var saved = s && s.exercise(id);
    if (saved) restore(parts, saved);
    mounted.push({ parts: parts, id: id });
  }

  /* Another tab, or Reset or Import on the progress page, changed the saved answers: show
     what is saved now (issue 3). This page's own saves are on screen already. */
  var mounted = [];
  function sync(reason) {
    if (reason === "saved" || reason === "problem" || reason === "name") return;
    mounted = mounted.filter(function (m) { return m.parts.root.isConnected; });
    mounted.forEach(function (m) {
      var saved = store().exercise(m.id);
      if (saved) { restore(m.parts, saved); return; }
      m.parts.inputs.forEach(function (input) { input.checked = false; });
      m.parts.feedback.replaceChildren();
      m.parts.root.classList.remove("four-exercise--done");
      setLocked(m.parts, false);
    });
  }
  if (store()) store().subscribe(sync);

  function mountAll() {
    document.querySelectorAll("[data-four-scenario]").forEach(mount);
  }

  window.FourExercise = { mountAll: mountAll };
  mountAll();
})();
