/* mkdocs-material's announcement-bar restore (MIT, squidfunk), moved into a file for a strict CSP. */
(function () {
  "use strict";
  var el = document.querySelector("[data-md-component=announce]");
  if (!el) return;
  var content = el.querySelector(".md-typeset");
  try {
    if (content && window.__md_hash(content.innerHTML) === window.__md_get("__announce")) el.hidden = true;
  } catch (e) { /* storage off */ }
})();
