/* mkdocs-material's content scripts (MIT, squidfunk), moved into a file for a strict CSP:
   restore linked content tabs, and open the tab named in the URL hash. build.mjs wraps it in
   a function of its own, as every script. */
if (document.currentScript.hasAttribute("data-md-tabs-link")) {
  var tabs;
  try { tabs = window.__md_get("__tabs"); } catch (e) { tabs = null; }
  if (Array.isArray(tabs)) {
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = set.querySelector(".tabbed-labels");
      if (!labels) return;
      for (var i = 0; i < tabs.length; i++) {
        var found = Array.from(labels.getElementsByTagName("label")).find(function (label) {
          return label.innerText.trim() === tabs[i];
        });
        if (found) { document.getElementById(found.htmlFor).checked = true; return; }
      }
    });
  }
}
var target = document.getElementById(location.hash.slice(1));
if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
