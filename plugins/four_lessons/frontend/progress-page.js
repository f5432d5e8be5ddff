/* FOUR Lessons: the My progress page and the certificate, loaded by four.js only where
 * they are ([data-four-progress], [data-four-certificate]; see templates/progress.html and
 * certificate.html). The build lists every lesson and exercise; this fills in each status
 * and the totals, and runs Export, Import, Reset, the session-only choice and the
 * certificate. Storage goes through Four.store. Nothing from a file or a typed name is ever
 * parsed as HTML: text goes in with textContent. Safe to mount twice. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { $, $$, el } from "./lib/dom.js";
import { isRecord } from "./lib/data.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store, progress = Four.progress;
  if (!store || !progress || components["progress-page"]) return;
  var i18n = Four.i18n;
  var FORMAT = "four-lessons-progress", MAX_BYTES = 512 * 1024;

  /* "40%", as the learner's language writes a percentage. */
  function percent(part, whole) {
    var share = whole ? Math.round((100 * part) / whole) / 100 : 0;
    return i18n ? i18n.number(share, { style: "percent", maximumFractionDigits: 0 }) : Math.round(share * 100) + "%";
  }

  /* Totals over the lessons: what the overall bars, the score and the certificate show. */
  function totals(data) {
    var sum = { lessons: progress.lessons.length, complete: 0, exercises: 0, answered: 0, points: 0, max: 0, quizzes: 0, right: 0 };
    var seen = Object.create(null);  // an id such as "constructor" is an id like any other
    progress.lessons.forEach(function (lesson) {
      if (progress.state(lesson, data).complete) sum.complete += 1;
      lesson.e.forEach(function (id) {
        if (seen[id]) return;
        seen[id] = true;
        sum.exercises += 1;
        var answer = data.exercises[id];
        if (answer) { sum.answered += 1; sum.points += answer.score; sum.max += answer.max; }
      });
      var quiz = (data.pages[lesson.id] || {}).quiz;
      if (lesson.q && !(quiz && quiz.off)) { sum.quizzes += lesson.q; sum.right += quiz ? Math.min(quiz.correct, lesson.q) : 0; }
    });
    return sum;
  }

  function lessonById(id) {
    return progress.lessons.filter(function (lesson) { return lesson.id === id; })[0] || null;
  }

  /* "a, b and c", as the learner's language joins a list. */
  function list(words) { return i18n ? i18n.list(words) : words.join(", "); }

  /* The course as the menu shows it. Lesson pages in one menu section together are the
     lessons; a lesson page on its own (the final check) is a part of its own, named by its
     menu title. Read from the site menu on this page (the module map has no sections);
     where the menu doesn't group them, every lesson page is a lesson. */
  function course(data) {
    var links = $$(".md-nav--primary a.md-nav__link[href]"), sizes = new Map();
    var parts = progress.lessons.map(function (lesson) {
      var href = new URL(lesson.u, progress.root).href, link = null;
      links.forEach(function (a) { if (!link && a.href.split("#")[0] === href) link = a; });
      var name = link ? ($(".md-ellipsis", link) || link).textContent.trim() : lesson.id;
      var section = link ? link.closest(".md-nav__item--nested") : null;
      if (section) sizes.set(section, (sizes.get(section) || 0) + 1);
      return { section: section, complete: progress.state(lesson, data).complete,
        // "Final check" -> "the final check", for the middle of a sentence.
        name: /^[A-Z][a-z]/.test(name) ? t("progress.part", { name: name.charAt(0).toLowerCase() + name.slice(1) }) : name };
    });
    var grouped = parts.some(function (part) { return sizes.get(part.section) > 1; });
    parts.forEach(function (part) { part.own = grouped && !(sizes.get(part.section) > 1); });
    var lessons = parts.filter(function (part) { return !part.own; }), own = parts.filter(function (part) { return part.own; });
    return {
      lessons: lessons.length,
      complete: lessons.filter(function (part) { return part.complete; }).length,
      own: own,
      names: list(own.map(function (part) { return part.name; }))
    };
  }

  /* "This course has 6 lessons and then the final check." */
  function courseWords(c) {
    return c.own.length ? t("progress.course_then", { lessons: c.lessons, parts: c.names })
      : t("progress.course", { lessons: c.lessons });
  }

  /* "You have completed 2 of 6 lessons. You have not done the final check yet." */
  function doneWords(c) {
    var sentences = [t("progress.completed", { done: c.complete, lessons: c.lessons })];
    c.own.forEach(function (part) {
      sentences.push(part.complete ? t("progress.part_done", { part: part.name }) : t("progress.part_not_done", { part: part.name }));
    });
    return sentences.join(" ");
  }

  function setStatus(item, text, state) {
    var status = $("[data-four-status]", item);
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  // -- the progress page -------------------------------------------------------------------

  function say(root, text, isError) {
    $("[data-four-alert]", root).textContent = isError ? text : "";
    $("[data-four-message]", root).textContent = isError ? "" : text;
  }

  function renderList(root, data) {
    $$("[data-four-page]", root).forEach(function (item) {
      var id = item.getAttribute("data-four-page"), lesson = lessonById(id), page = data.pages[id] || {};
      if (lesson) {
        var s = progress.state(lesson, data);
        if (s.complete) setStatus(item, t("progress.lesson_complete"), "complete");
        else if (s.done) setStatus(item, t("progress.lesson_some", { done: s.done, total: s.total }), "started");
        else setStatus(item, s.started ? t("progress.lesson_opened") : t("progress.not_started"), "new");
      }
      $$("[data-four-exercise]", item).forEach(function (exercise) {
        var answer = data.exercises[exercise.getAttribute("data-four-exercise")];
        if (answer) setStatus(exercise, t("progress.exercise_done", { score: answer.score, max: answer.max }), "complete");
        else setStatus(exercise, t("progress.not_started"), "new");
      });
      $$("[data-four-quizzes]", item).forEach(function (quizzes) {
        var quiz = page.quiz, total = Number(quizzes.getAttribute("data-four-quizzes"));
        if (quiz && quiz.off) setStatus(quizzes, t("progress.checks_off"), "complete");
        else if (quiz && quiz.answered) {
          var answered = Math.min(quiz.answered, total);
          setStatus(quizzes, t("progress.checks_some", { answered: answered, total: total, right: Math.min(quiz.correct, answered) }),
            answered >= total ? "complete" : "started");
        } else setStatus(quizzes, t("progress.not_started"), "new");
      });
    });
  }

  /* The one main button follows the learner: start, continue with the first thing not
     done (the first lesson not complete, in course order, whatever was opened last), or
     see the certificate once everything is done. A lesson begun says what is left in it. */
  function continueLink(root, data) {
    var link = $("[data-four-continue]", root), certificate = root.getAttribute("data-four-certificate-href");
    if (!link) return;
    var target = progress.nextLesson(data);
    if (!target) {
      link.hidden = !certificate || !progress.lessons.length;
      if (certificate) { link.href = certificate; link.textContent = t("progress.see_certificate"); }
      return;
    }
    var started = progress.lessons.some(function (lesson) { return progress.state(lesson, data).started; });
    var item = $('[data-four-page="' + CSS.escape(target.id) + '"] a', root);
    link.hidden = !item;
    if (item) {
      var left = progress.state(target, data).done ? progress.leftWords(target, data) : "";
      link.href = item.getAttribute("href");
      var lesson = item.textContent;
      link.textContent = started
        ? (left ? t("progress.continue_left", { lesson: lesson, left: left }) : t("progress.continue", { lesson: lesson }))
        : (left ? t("progress.start_left", { lesson: lesson, left: left }) : t("progress.start_with", { title: lesson }));
    }
  }

  function renderProgress(root) {
    var data = store.read(), sum = totals(data), c = course(data);
    renderList(root, data);
    $("[data-four-course]", root).textContent = courseWords(c);
    var summary = [doneWords(c)];
    if (sum.exercises) summary.push(t("progress.answered", { answered: sum.answered, exercises: sum.exercises }));
    $("[data-four-summary]", root).textContent = summary.join(" ");
    $("[data-four-bars]", root).hidden = false;
    $$("[data-four-bar]", root).forEach(function (bar) {
      var lessons = bar.getAttribute("data-four-bar") === "lessons";
      if (lessons) bar.max = c.lessons;
      bar.value = lessons ? c.complete : sum.answered;
      bar.textContent = t("progress.bar_value", { done: bar.value, total: bar.max });
    });
    var score = $("[data-four-score]", root), said = [];
    score.hidden = !sum.answered && !sum.right;
    if (sum.answered) said.push(t("progress.score", { points: sum.points, max: sum.max, percent: percent(sum.points, sum.max) }));
    if (sum.quizzes) said.push(t("progress.checks_right", { right: sum.right, total: sum.quizzes }));
    score.textContent = said.join(" ");
    continueLink(root, data);
    $("[data-four-session]", root).checked = store.sessionOnly();
    $("[data-four-unreadable]", root).hidden = store.unreadable() === null;
    var lms = store.lms(), state = $("[data-four-lms-state]", root);
    if (lms && state) state.textContent = lms.saving() ? "" : t("progress.lms_trouble");
  }

  /* Each quiz page's addresses, for forgetting mkdocs-quiz's copy of its answers. */
  function quizPaths(root) {
    var paths = [];
    $$("[data-four-page]", root).forEach(function (item) {
      if (!$("[data-four-quizzes]", item)) return;
      var path = new URL($("a", item).href).pathname;
      paths.push(path, /\/$/.test(path) ? path + "index.html" : path.replace(/index\.html$/, ""));
    });
    return paths;
  }

  function download(name, text) {
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function exportFile(root) {
    var data = store.read(), stamp = new Date().toISOString();
    var file = {
      format: FORMAT, version: store.version, module: data.module, exported: stamp,
      exercises: data.exercises, pages: data.pages, name: data.name
    };
    var name = t("progress.export_file", { module: data.module, date: stamp.slice(0, 10) });
    download(name, JSON.stringify(file, null, 2));
    say(root, t("progress.exported", { file: name }));
  }

  /* Stored progress that couldn't be read, as it was, for the learner to keep. */
  function exportUnreadable(root) {
    var text = store.unreadable(), name = t("progress.unreadable_file", { module: store.read().module });
    if (text === null) return;
    download(name, text);
    say(root, t("progress.exported_unreadable", { file: name }));
  }

  function newer(a, b) { return b && (!a || b.at > a.at) ? b : a; }

  /* The file's progress added to what is here: per exercise the newer answer wins; a page
     done on either device is done; knowledge checks keep the most answered. */
  function merge(here, file) {
    Object.keys(file.exercises).forEach(function (id) { here.exercises[id] = newer(here.exercises[id], file.exercises[id]); });
    Object.keys(file.pages).forEach(function (id) {
      var a = here.pages[id], b = file.pages[id];
      if (!a) { here.pages[id] = b; return; }
      if (b.done) { a.done = true; a.at = Math.max(a.at, b.at); }
      a.seen = Math.max(a.seen, b.seen);
      if (b.quiz && (!a.quiz || a.quiz.off || (!b.quiz.off && b.quiz.answered > a.quiz.answered))) a.quiz = b.quiz;
    });
    if (!here.name && file.name) here.name = file.name;
    return here;
  }

  function importFile(root, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    var mode = ($("[data-four-import-mode]:checked", root) || {}).value;
    var notProgress = t("progress.import_not_progress");
    function done() { input.value = ""; }
    if (file.size > MAX_BYTES) { say(root, t("progress.import_too_big"), true); done(); return; }
    file.text().then(function (text) {
      var parsed;
      try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
      if (!isRecord(parsed) || parsed.format !== FORMAT || typeof parsed.module !== "string" ||
          !["exercises", "pages"].every(function (part) { return parsed[part] === undefined || isRecord(parsed[part]); })) {
        say(root, notProgress, true);
        return;
      }
      var module = parsed.module.slice(0, 60), result = store.parse(parsed);
      var found = result.data ? Object.keys(result.data.exercises).length + Object.keys(result.data.pages).length : 0;
      if (result.error === "foreign") {
        say(root, t("progress.import_foreign", { module: module }), true);
      } else if (result.error === "newer") {
        say(root, t("progress.import_newer"), true);
      } else if (result.error) {
        say(root, notProgress, true);
      } else if (!found) {
        say(root, t("progress.import_empty"), true);
      } else {
        var saved = store.replace(mode === "replace" ? result.data : merge(store.read(), result.data), "import");
        var count = Object.keys(result.data.exercises).length, skipped = result.dropped;
        var what = skipped ? t("progress.import_count_skipped", { count: count, skipped: skipped })
          : t("progress.import_count", { count: count });
        if (!saved) {
          say(root, t("progress.import_unsaved"), true);
        } else if (saved === "memory") {
          say(root, t("progress.import_memory", { what: what }));
        } else {
          say(root, mode === "replace" ? t("progress.import_replaced", { what: what }) : t("progress.import_added", { what: what }));
        }
      }
    }, function () { say(root, t("progress.import_unopened"), true); }).then(done);
  }

  function mountProgress(root) {
    var tools = $("[data-four-tools]", root);
    if (!tools.hidden) return;  // mounted already
    tools.hidden = false;
    var reset = $("[data-four-reset]", root), confirm = $("[data-four-confirm]", root);
    function closeConfirm(text) {
      confirm.hidden = true;
      reset.setAttribute("aria-expanded", "false");
      reset.focus();
      if (text) say(root, text);
    }
    $("[data-four-export]", root).addEventListener("click", function () { exportFile(root); });
    $("[data-four-export-unreadable]", root).addEventListener("click", function () { exportUnreadable(root); });
    // Inside an LMS its record is the progress: nothing to import into it or reset here.
    var lms = !!store.lms();
    $$("[data-four-lms-only]", root).forEach(function (node) { node.hidden = !lms; });
    $$("[data-four-not-lms]", root).forEach(function (node) { node.hidden = lms; });
    $("[data-four-import]", root).addEventListener("change", function (event) { importFile(root, event.target); });
    $("[data-four-session]", root).addEventListener("change", function (event) {
      var on = event.target.checked;
      store.setSessionOnly(on);
      if (on) store.forgetQuizzes(quizPaths(root));
      say(root, on ? t("progress.session_on") : t("progress.session_off"));
    });
    reset.addEventListener("click", function () {
      confirm.hidden = false;
      reset.setAttribute("aria-expanded", "true");
      $("#four-reset-question", root).focus();
    });
    // Escape in the confirmation cancels it, and does nothing else (exit.js asks us first).
    if (Four.exit && Four.exit.claim) {
      Four.exit.claim(function () {
        if (confirm.hidden || !confirm.isConnected) return false;
        closeConfirm(t("progress.reset_cancelled"));
        return true;
      });
    }
    $("[data-four-confirm-no]", root).addEventListener("click", function () { closeConfirm(t("progress.reset_cancelled")); });
    $("[data-four-confirm-yes]", root).addEventListener("click", function () {
      store.clear(quizPaths(root));
      closeConfirm(t("progress.reset_done"));
    });
  }

  // -- the certificate -----------------------------------------------------------------------

  function renderCertificate(root) {
    var data = store.read(), sum = totals(data), c = course(data), ready = sum.lessons > 0 && sum.complete === sum.lessons;
    var count = $("[data-four-certificate-count]", root);
    if (count) count.textContent = " " + doneWords(c);
    $("[data-four-certificate-wait]", root).hidden = ready;
    $("[data-four-certificate-form]", root).hidden = !ready;
    $("[data-four-certificate-sheet]", root).hidden = !ready;
    if (!ready) return;
    var input = $("[data-four-certificate-name]", root), keep = $("[data-four-certificate-keep]", root);
    if (data.name && document.activeElement !== input) { input.value = data.name; keep.checked = true; }
    $("[data-four-certificate-shown-name]", root).textContent = input.value.trim();
    var what = c.own.length ? t("certificate.lessons_and", { lessons: c.lessons, parts: c.names })
      : t("certificate.lessons", { lessons: c.lessons });
    var score = { what: what, points: sum.points, max: sum.max, percent: percent(sum.points, sum.max), right: sum.right, checks: sum.quizzes };
    $("[data-four-certificate-details]", root).textContent = sum.max
      ? (sum.quizzes ? t("certificate.done_score_checks", score) : t("certificate.done_score", score))
      : (sum.quizzes ? t("certificate.done_checks", score) : t("certificate.done", score));
    // In the learner's language, as the words around it: "28 November 2026" in English.
    $("[data-four-certificate-date]", root).textContent = i18n ? i18n.date(new Date()) : new Date().toDateString();
  }

  function mountCertificate(root) {
    var input = $("[data-four-certificate-name]", root), keep = $("[data-four-certificate-keep]", root);
    if (input.hasAttribute("data-four-mounted")) return;
    input.setAttribute("data-four-mounted", "");
    function saveName() {
      // The name is stored only while the box is ticked.
      var name = input.value.trim();
      store.update(function (data) {
        if (keep.checked && name) { if (data.name === name) return false; data.name = name; }
        else if (data.name) delete data.name;
        else return false;
      }, "name");
    }
    input.addEventListener("input", function () {
      $("[data-four-certificate-shown-name]", root).textContent = input.value.trim();
      saveName();
    });
    keep.addEventListener("change", saveName);
    $("[data-four-print]", root).addEventListener("click", function () { window.print(); });
  }

  /* Printed, My progress shows every exercise: open the folded lists first. */
  function unfold() { $$(".four-progress__details").forEach(function (details) { details.open = true; }); }

  function render() {
    var page = $("[data-four-progress]"), certificate = $("[data-four-certificate]");
    if (page) renderProgress(page);
    if (certificate) renderCertificate(certificate);
  }

  function mount() {
    var page = $("[data-four-progress]"), certificate = $("[data-four-certificate]");
    if (page) mountProgress(page);
    if (certificate) mountCertificate(certificate);
    render();
  }

  store.subscribe(function (reason) { if (reason !== "name") render(); });
  window.addEventListener("beforeprint", unfold);
  components["progress-page"] = mount;
  mount();
})();
