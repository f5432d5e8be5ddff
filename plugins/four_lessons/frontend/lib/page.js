/* What the build tells the scripts about the page. */

/* The page's four-lessons settings (the plugin's meta: module, exit, text, assets, map,
   messages), or {} where the page has none or they can't be read. */
export function settings() {
  try { return JSON.parse(document.querySelector('meta[name="four-lessons"]').content) || {}; } catch (e) { return {}; }
}

/* The id of the page whose progress is tracked here (its end marker, data-four-track), or
   null on a page that is not tracked. */
export function pageId() {
  var marker = document.querySelector("[data-four-track]");
  return marker && marker.getAttribute("data-four-track");
}
