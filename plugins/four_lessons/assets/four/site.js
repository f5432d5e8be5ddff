/* FOUR Lessons site script: runs on every page, mounts the page's components.
 *
 * Component code and styles are fetched only when a page holds that component (an
 * exercise, the classroom view). With Material's instant navigation the page changes
 * without a reload, so mounting runs on each `document$` emission; every mount is
 * idempotent, and each file is fetched once.
 */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/site\.js(\?.*)?$/, "");
  var COMPONENTS = [
    { selector: "[data-four-scenario]", name: "exercise", global: "FourExercise" },
    { selector: "[data-four-classroom]", name: "classroom", global: "FourClassroom" }
  ];
  var loading = {};

  function load(component) {
    if (window[component.global]) { window[component.global].mountAll(); return; }
    if (loading[component.name]) return;  // the script mounts itself when it arrives
    loading[component.name] = true;
    var css = base + component.name + ".css";
    if (!document.querySelector('link[href$="four/' + component.name + '.css"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      document.head.appendChild(link);
    }
    var script = document.createElement("script");
    script.src = base + component.name + ".js";
    document.head.appendChild(script);
  }

  function mount() {
    COMPONENTS.forEach(function (component) {
      if (document.querySelector(component.selector)) load(component);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
