/* mkdocs-material's palette restore (MIT, squidfunk), moved into a file for a strict CSP.
   Guarded: a blocked or corrupt storage must not stop the page (__md_get returns null). */
(() => {
  const palette = window.__md_get("__palette"), color = palette && palette.color;
  if (!color) return;
  if (color.media === "(prefers-color-scheme)") {
    const scheme = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
    const input = document.querySelector(`[data-md-color-media='(prefers-color-scheme: ${scheme})']`);
    if (!input) return;
    for (const key of ["media", "scheme", "primary", "accent"]) color[key] = input.getAttribute("data-md-color-" + key);
  }
  for (const key of Object.keys(color)) document.body.setAttribute("data-md-color-" + key, color[key]);
})();
