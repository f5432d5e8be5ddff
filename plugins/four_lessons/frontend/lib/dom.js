/* DOM helpers the scripts share. Text always goes in with textContent, never as HTML. */

/* A new element with a class list and text (either may be left out). */
export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/* The first element matching `selector` in `scope` (the document if none), or null. */
export function $(selector, scope) { return (scope || document).querySelector(selector); }

/* Every element matching `selector` in `scope` (the document if none), as an array. */
export function $$(selector, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(selector)); }

/* Focus on `target`, scrolled to the top of the screen, with a visible ring (.four-landed
   in exercise.css and lesson.css); an element made focusable for this is made plain again
   when focus leaves it. Where "Next" and "what is left" links take the learner. */
export function land(target) {
  if (!target) return;
  if (!target.hasAttribute("tabindex") && !target.matches("a[href], button, input, select, textarea, summary")) {
    target.setAttribute("tabindex", "-1");
    target.addEventListener("blur", function plain() {
      target.removeAttribute("tabindex");
      target.classList.remove("four-landed");
      target.removeEventListener("blur", plain);
    });
  }
  target.classList.add("four-landed");
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}
