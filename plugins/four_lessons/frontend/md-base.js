/* mkdocs-material's bootstrap helpers (MIT, squidfunk), moved from an inline script into a
   file so the site works under a strict Content-Security-Policy. Same globals, same
   behaviour; the scope comes from the script tag's data attribute. Unlike the original, a
   blocked storage or a corrupt value reads as "nothing stored" instead of throwing, so the
   theme keeps working on locked-down browsers. Written as tersely as the original: it
   loads on every page. */
window.__md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location);
window.__md_hash = (value) => [...value].reduce((hash, c) => (hash << 5) - hash + c.charCodeAt(0), 0);
window.__md_get = (key, storage, base = window.__md_scope) => {
  try { return JSON.parse((storage || localStorage).getItem(base.pathname + "." + key)); } catch (e) { return null; }
};
window.__md_set = (key, value, storage, base = window.__md_scope) => {
  try { (storage || localStorage).setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage off or full */ }
};
