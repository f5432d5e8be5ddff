/* FOUR Lessons: the practice bank one scenario at a time ([data-four-practice], written in
 * docs/practice.md around the settings and their exercises). With scripts off, and in
 * print, it stays the full list. This groups each setting (an h2 and what follows it), then
 * shows one exercise at a time with a bar above it: a choice of setting, "Scenario 3 of 17,
 * 14 left" in a live region ("left" counts the stories not answered yet on this device,
 * other than the one shown), and "Next scenario" (focus moves to the new story's heading;
 * after the last one it goes back to the first not answered, if any). It opens at the first
 * story not answered. "Show all scenarios" lists every story of the chosen setting (all
 * settings, or one), and the choice of setting stays in the bar in both modes.
 * The exercise's own Next (exercise.js) goes to the next *visible* exercise, so a click on
 * it first shows the next one here (capture phase, before exercise.js moves focus). A link
 * to a setting or an exercise (#anchor, search) shows it. DOM changes by textContent and
 * moved nodes only. Safe to mount twice. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { $$, el } from "./lib/dom.js";
import { inWords, t } from "./lib/words.js";

(function () {
  "use strict";
  if (components.practice) return;
  var ONE = "four-practice--one", CHOSEN = "four-practice--chosen", CURRENT = "four-practice__current";

  function headingText(h) {
    return Array.prototype.map.call(h.childNodes, function (n) {
      return n.nodeType === 1 && n.classList.contains("headerlink") ? "" : n.textContent;
    }).join("").trim();
  }

  /* Each h2 and the nodes up to the next h2 go into one div.four-practice__set. */
  function group(root) {
    var sets = [], set = null;
    Array.prototype.slice.call(root.children).forEach(function (node) {
      if (node.tagName === "H2" || !set) {
        set = el("div", "four-practice__set");
        root.insertBefore(set, node);
        sets.push({ node: set, title: node.tagName === "H2" ? headingText(node) : "" });
      }
      set.appendChild(node);
    });
    return sets.map(function (s) { s.exercises = $$("[data-four-scenario]", s.node); return s; })
      .filter(function (s) { return s.exercises.length; });
  }

  /* The stories this device holds an answer to, by id, read once (a failed read: none). */
  function answers() {
    var store = Four.store;
    try { return (store && store.read().exercises) || {}; } catch (e) { return {}; }
  }

  function mount(root) {
    if (root.hasAttribute("data-four-practice-mounted")) return;
    var sets = group(root), all = [];
    sets.forEach(function (s) { all = all.concat(s.exercises); });
    if (all.length < 2) return;
    root.setAttribute("data-four-practice-mounted", "");
    var queue = all, chosen = null, index = 0, one = true;

    var bar = inWords(el("div", "four-practice__bar"));
    var pick = el("p", "four-practice__pick"), label = el("label", null, t("practice.choose_setting")), select = el("select");
    select.id = "four-practice-setting";
    label.htmlFor = select.id;
    select.appendChild(el("option", null, t("practice.all_settings", { count: all.length }))).value = "";
    sets.forEach(function (s, i) {
      select.appendChild(el("option", null, t("practice.setting", { setting: s.title, count: s.exercises.length }))).value = String(i);
    });
    pick.appendChild(label);
    pick.appendChild(select);
    var status = el("p", "four-practice__status");
    status.setAttribute("role", "status");
    var toggle = el("button", "md-button four-practice__toggle", t("practice.show_all"));
    toggle.type = "button";
    bar.appendChild(pick);
    bar.appendChild(status);
    bar.appendChild(toggle);
    root.insertBefore(bar, root.firstChild);

    var nav = inWords(el("div", "four-practice__nav"));
    var next = el("button", "md-button md-button--primary four-practice__next", t("practice.next"));
    next.type = "button";
    var end = el("p", "four-practice__end", t("practice.end"));
    nav.appendChild(next);
    nav.appendChild(end);

    /* The stories in the queue not answered yet, but for `except`. */
    function open(except) {
      var done = answers();
      return queue.filter(function (ex) {
        return ex !== except && !Object.prototype.hasOwnProperty.call(done, ex.getAttribute("data-four-scenario"));
      });
    }

    /* Where "Next scenario" goes: the next story, or after the last the first not answered
       (-1: nowhere, everything here is answered). */
    function following() {
      if (index < queue.length - 1) return index + 1;
      var rest = open(queue[index]);
      return rest.length ? queue.indexOf(rest[0]) : -1;
    }

    function say(text) { if (status.textContent !== text) status.textContent = text; }

    function describe() {
      if (!one) {
        say(chosen ? t("practice.showing_setting", { count: queue.length, setting: chosen.title })
          : t("practice.showing_all", { count: all.length }));
        return;
      }
      say(t("practice.position", { number: index + 1, total: queue.length, left: open(queue[index]).length }));
      var way = following();
      next.hidden = way < 0;
      end.hidden = way >= 0;
    }

    function show(i, focus) {
      index = Math.max(0, Math.min(i, queue.length - 1));
      var current = queue[index];
      all.forEach(function (ex) { ex.classList.toggle(CURRENT, ex === current); });
      sets.forEach(function (s) { s.node.classList.toggle(CURRENT, s.node.contains(current)); });
      current.parentNode.insertBefore(nav, current.nextSibling);
      describe();
      if (focus) {
        var title = current.querySelector(".four-exercise__title") || current;
        title.setAttribute("tabindex", "-1");
        title.scrollIntoView({ block: "start" });
        title.focus({ preventScroll: true });
      }
    }

    /* Listed in full: the chosen setting's stories (every setting's when none is chosen). */
    function list() {
      sets.forEach(function (s) { s.node.classList.toggle(CURRENT, !chosen || s === chosen); });
      describe();
    }

    function setMode(on) {
      one = on;
      root.classList.toggle(ONE, on);
      root.classList.toggle(CHOSEN, !on && !!chosen);
      toggle.textContent = on ? t("practice.show_all") : t("practice.show_one");
      if (on) show(index);
      else list();
    }

    /* A story already answered on this device is not where a learner picks up. */
    function firstOpen() {
      var rest = open(null);
      return rest.length ? queue.indexOf(rest[0]) : 0;
    }

    function choose(set) {
      chosen = set;
      queue = set ? set.exercises : all;
      select.value = set ? String(sets.indexOf(set)) : "";
      root.classList.toggle(CHOSEN, !one && !!set);
    }

    /* An #anchor inside the bank (a setting's heading, an exercise): show that one. */
    function follow() {
      var target = null;
      try { target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* bad hash */ }
      if (!target || !root.contains(target) || !one) return false;
      var found = all.filter(function (ex) { return ex.contains(target); })[0];
      if (!found) {
        var set = sets.filter(function (s) { return s.node.contains(target); })[0];
        found = set && set.exercises[0];
      }
      if (!found) return false;
      choose(null);
      show(all.indexOf(found));
      target.scrollIntoView({ block: "start" });
      return true;
    }

    select.addEventListener("change", function () {
      choose(select.value ? sets[Number(select.value)] : null);
      index = firstOpen();
      if (one) show(index);
      else list();
    });
    next.addEventListener("click", function () { show(following(), true); });
    toggle.addEventListener("click", function () { setMode(!one); });
    // The exercise's own Next: show the next one first, so exercise.js can move focus to it.
    root.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-four-next]");
      if (!one || !button || !queue[index].contains(button) || index >= queue.length - 1) return;
      show(index + 1);
    }, true);
    window.addEventListener("hashchange", follow);
    // An answer saved here or in another tab: what is left changes.
    if (Four.store && Four.store.subscribe) Four.store.subscribe(describe);

    root.classList.add(ONE);
    if (!follow()) show(firstOpen());
  }

  function mountAll() { $$("[data-four-practice]").forEach(mount); }

  components.practice = mountAll;
  mountAll();
})();
