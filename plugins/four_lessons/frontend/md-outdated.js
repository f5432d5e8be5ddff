/* mkdocs-material's version-warning restore (MIT, squidfunk), moved into a file for a strict CSP. */
(function () {
  "use strict";
  var el = document.querySelector("[data-md-component=outdated]");
  var base = new URL(document.currentScript.getAttribute("data-md-base"), location);
  try {
    if (window.__md_get("__outdated", sessionStorage, base) === true && el) el.hidden = false;
  } catch (e) { /* storage off */ }
})();
