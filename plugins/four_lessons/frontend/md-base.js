/* mkdocs-material's bootstrap helpers (MIT, squidfunk), moved from an inline script into a
   file so the site works under a strict Content-Security-Policy. Same globals, same
   behaviour; the scope comes from the script tag's data attribute. */
(function () {
  "use strict";
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    // Unlike the original, a blocked storage or a corrupt value reads as "nothing stored"
    // instead of throwing, so the theme keeps working on locked-down browsers.
    try {
      storage = storage || localStorage; base = base || window.__md_scope;
      return JSON.parse(storage.getItem(base.pathname + "." + key));
    } catch (e) { return null; }
  };
  window.__md_set = function (key, value, storage, base) {
    try {
      storage = storage || localStorage; base = base || window.__md_scope;
      storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage off or full */ }
  };
})();
