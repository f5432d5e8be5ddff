/* FOUR Lessons site script, the last part of four.js (after i18n.js and exit.js): on every page, so
 * it stays small. It fetches only what a page needs:
 * - progress.js (the progress store, navigation ticks and page tracking), after the
 *   module's map of lessons (module-<hash>.js, named in the four-lessons meta), where progress is
 *   saved or shown: a tracked lesson, an exercise, My progress, the certificate, or any
 *   page once this module has saved progress on the device (for the ticks). A visitor
 *   with nothing saved, on a page with nothing to track, downloads none of it;
 * - a component's script and styles where the page holds one (exercise, classroom, My
 *   progress and the certificate; page-end.js on reading lessons, quiz.js with mkdocs-quiz
 *   knowledge checks, home.js on the home page's course card, practice.js on the practice
 *   bank, lesson.js where a lesson lists what is left on it). Components that save or show
 *   progress come after progress.js.
 * The first of these brings the page language's messages (settings.messages) before it.
 * four.js loads in the page header, before Material's bundle, so mounting waits for
 * DOMContentLoaded and then follows Material's document$ (each instant navigation). Every
 * mount is idempotent, and each file is fetched once. A component's script, once here,
 * keeps its mountAll in Four.components under its name (lib/components.js).
 */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { settings as pageSettings } from "./lib/page.js";
import { local, session, stored } from "./lib/storage.js";

(function () {
  "use strict";
  if (Four.site) return;
  var base = document.currentScript.src.replace(/four(\.[0-9a-f]+)?\.js(\?.*)?$/, "");
  var COMPONENTS = [
    { selector: "[data-four-scenario]", name: "exercise", css: "exercise" },
    { selector: "[data-four-classroom]", name: "classroom", css: "classroom" },
    { selector: "[data-four-progress], [data-four-certificate]", name: "progress-page", css: "progress" },
    { selector: "[data-four-done]", name: "page-end" },  // reading pages
    { selector: ".quiz", name: "quiz", css: "quiz" },  // mkdocs-quiz checks count too
    { selector: "[data-four-home]", name: "home", css: "home" },  // the course card
    { selector: "[data-four-practice]", name: "practice", css: "practice" },
    { selector: "[data-four-left]", name: "lesson" }  // what is left on a lesson
  ];
  var TRACKED = "[data-four-track], [data-four-scenario], [data-four-progress], [data-four-certificate]";
  var loading = {}, settings = pageSettings();
  var key = FOUR_CONTRACT.storagePrefix + (settings.module || "module");
  // In an LMS package's frame (scorm.js's Four.lms) the text about the LMS shows instead of
  // the text about this browser keeping progress (site.css): four-in-lms, and
  // four-lms-answers where each answer goes to the LMS too.
  try {
    var lms = window.parent !== window && window.parent.Four && window.parent.Four.lms;
    if (lms && lms.module === (settings.module || "module")) {
      document.documentElement.classList.add("four-in-lms");
      if (lms.answers) document.documentElement.classList.add("four-lms-answers");
    }
  } catch (e) { /* another site's frame */ }

  /* A file's published name: builds name each script and style by a hash of its content
     (settings.assets), so a browser never runs an old script against new pages. */
  function asset(file) {
    var hash = settings.assets && settings.assets[file], dot = file.lastIndexOf(".");
    return hash ? file.slice(0, dot) + "." + hash + file.slice(dot) : file;
  }

  /* Whether this module has progress on the device (store.js owns the format; any value
     counts). Blocked storage reads as nothing saved. */
  function saved() { return !!(stored(local(), key) || stored(session(), key)); }

  /* Scripts added with async = false run in the order they were added, so progress.js is
     in place before a component that saves answers, and the page language's messages
     (settings.messages, for i18n.js's Four.i18n) before the first script that shows words:
     they come first, once, and only on a page that loads something. */
  function add(src, then) {
    var node = document.createElement("script");
    node.src = src;
    node.async = false;
    if (then) node.addEventListener("load", then);
    document.head.appendChild(node);
  }
  function script(name, then) {
    if (settings.messages && !loading[settings.messages] && !Four.messages) {
      loading[settings.messages] = true;
      add(base + settings.messages);
    }
    loading[name] = true;
    add(base + (name === settings.map ? name : asset(name)), then);
  }

  function progress() {
    if (Four.progress) Four.progress.mount();
    else if (!loading["progress.js"] && (document.querySelector(TRACKED) || saved())) {
      if (settings.map) script(settings.map);  // the module's lessons, which progress.js reads
      script("progress.js", progress);
    }
  }

  function mount() {
    progress();
    COMPONENTS.forEach(function (component) {
      if (!document.querySelector(component.selector)) return;
      if (components[component.name]) { components[component.name](); return; }
      if (loading[component.name + ".js"]) return;  // it mounts itself when it arrives
      var css = component.css && asset(component.css + ".css");
      if (css && !document.querySelector('link[href$="four/' + css + '"]')) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = base + css;
        document.head.appendChild(link);
      }
      script(component.name + ".js");
    });
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
    else mount();
  }

  // Another tab saved progress for the first time: fetch what shows it here. Once it is
  // here, the store itself follows other tabs (and never writes in answer).
  window.addEventListener("storage", function (event) {
    if (event.key === key && !Four.progress && !loading["progress.js"]) progress();
  });
  Four.site = { mount: mount };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
