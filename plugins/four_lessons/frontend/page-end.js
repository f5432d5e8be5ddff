/* FOUR Lessons: a lesson with nothing to answer is done when the learner reaches its end
 * (the build's end-of-page marker) or presses "Mark this page as done". Loaded by four.js
 * only on such pages, after progress.js, whose store it uses. */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { pageId } from "./lib/page.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";
  var store = Four.store;
  if (!store || components["page-end"]) return;
  var observer = null, current = pageId;

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
  components["page-end"] = function () { mount(); showEnd(); };
  components["page-end"]();
})();
