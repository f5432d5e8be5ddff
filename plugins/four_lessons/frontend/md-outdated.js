/* mkdocs-material's version-warning restore (MIT, squidfunk), moved into a file for a strict CSP.
   build.mjs wraps it in a function of its own, as every script. */
var warning = document.querySelector("[data-md-component=outdated]");
var base = new URL(document.currentScript.getAttribute("data-md-base"), location);
try {
  if (window.__md_get("__outdated", sessionStorage, base) === true && warning) warning.hidden = false;
} catch (e) { /* storage off */ }
