/* FOUR Lessons site script: runs on every page, mounts the page's components.
 *
 * Exercise code and styles are fetched only when a page holds an exercise. With Material's
 * instant navigation the page changes without a reload, so mounting runs on each `document$`
 * emission; every mount is idempotent.
 */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/site\.js(\?.*)?$/, "");
  var exerciseLoading = false;

  function loadExercises() {
    if (window.FourExercise) { window.FourExercise.mountAll(); return; }
    if (exerciseLoading) return;
    exerciseLoading = true;
    if (!document.querySelector('link[href$="four/exercise.css"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = base + "exercise.css";
      document.head.appendChild(link);
    }
    var script = document.createElement("script");
    script.src = base + "exercise.js";
    document.head.appendChild(script);  // mounts itself when loaded
  }

  function mount() {
    if (document.querySelector("[data-four-scenario]")) loadExercises();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
