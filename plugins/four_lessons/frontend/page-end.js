/* FOUR Lessons: a lesson with nothing to answer is done when the learner reaches its end
 * (the build's end-of-page marker) or presses "Mark this page as done". Loaded by four.js
 * only on such pages, after progress.js, whose page tracking it uses. */
(function () {
  "use strict";
  var store = window.FourStore, track = window.FourTrack;
  if (!store || !track || window.FourPageEnd) return;
  var observer = null, current = track.current;
  function t(key, params) { return window.FourI18n ? window.FourI18n.t(key, params) : key; }

  function setDone(on) {
    store.updatePage(current(), function (page) {
      if (on === !!page.done) return false;
      if (on) { page.done = true; page.at = Date.now(); } else delete page.done;
    });
  }

  function showEnd() {
    var id = current(), button = document.querySelector("[data-four-done]");
    if (!button) return;
    var page = store.read().pages[id], done = !!(page && page.done);
    var status = document.querySelector("[data-four-end-status]");
    button.setAttribute("aria-pressed", String(done));
    if (status) status.textContent = done ? t("lesson.page_done") : "";
  }

  function mount() {
    var button = document.querySelector("[data-four-done]");
    if (observer) observer.disconnect();
    if (!button || !button.hidden) return;
    button.hidden = false;
    button.addEventListener("click", function () { setDone(button.getAttribute("aria-pressed") !== "true"); });
    if (!("IntersectionObserver" in window)) return;
    var watched = observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { watched.disconnect(); setDone(true); }
    });
    watched.observe(button.closest("[data-four-track]"));
  }

  store.subscribe(showEnd);
  window.FourPageEnd = { mountAll: function () { mount(); showEnd(); } };
  window.FourPageEnd.mountAll();
})();
