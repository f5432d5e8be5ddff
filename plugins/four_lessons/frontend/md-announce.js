/* mkdocs-material's announcement-bar restore (MIT, squidfunk), moved into a file for a strict CSP.
   build.mjs wraps it in a function of its own, as every script. */
var bar = document.querySelector("[data-md-component=announce]");
var content = bar && bar.querySelector(".md-typeset");
try {
  if (content && window.__md_hash(content.innerHTML) === window.__md_get("__announce")) bar.hidden = true;
} catch (e) { /* storage off */ }
