/* Classroom view: one scenario at a time for a projector, answers behind Reveal.
 *
 * Enhances the server-rendered slides (templates/classroom.html): shows the filters and
 * the control bar, keeps one slide visible, moves with the buttons or the arrow keys, and
 * reveals the answers with an optional hands-up tally beside them. Nothing is stored:
 * a reload starts afresh. Safe to mount twice (instant navigation).
 */
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  function mount(root) {
    if (root.hasAttribute("data-four-mounted")) return;
    root.setAttribute("data-four-mounted", "");
    var slides = Array.prototype.slice.call(root.querySelectorAll("[data-four-slide]"));
    var filters = root.querySelector("[data-four-classroom-filters]");
    var bar = root.querySelector("[data-four-classroom-bar]");
    var count = root.querySelector("[data-four-count]");
    var previous = root.querySelector("[data-four-previous]");
    var next = root.querySelector("[data-four-next]");
    var reveal = root.querySelector("[data-four-reveal]");
    var visible = [], index = 0, revealed = false;

    filters.hidden = false;
    bar.hidden = false;
    root.classList.add("four-classroom--live");
    slides.forEach(function (slide) {
      slide.querySelector("[data-four-tally]").hidden = false;
    });

    function setDisabled(button, disabled) {
      // aria-disabled keeps the button focusable, so focus is not lost at either end.
      button.setAttribute("aria-disabled", disabled ? "true" : "false");
    }

    function show() {
      slides.forEach(function (slide) { slide.hidden = true; });
      revealed = false;
      reveal.setAttribute("aria-expanded", "false");
      reveal.textContent = "Reveal answers";
      if (!visible.length) {
        count.textContent = "No scenarios match these choices.";
        [previous, next, reveal].forEach(function (b) { setDisabled(b, true); });
        return;
      }
      var slide = visible[index];
      slide.hidden = false;
      slide.querySelector("[data-four-slide-answers]").hidden = true;
      count.textContent = "Scenario " + (index + 1) + " of " + visible.length;
      setDisabled(previous, index === 0);
      setDisabled(next, index === visible.length - 1);
      setDisabled(reveal, false);
    }

    function go(step) {
      var target = index + step;
      if (target < 0 || target >= visible.length) return;
      index = target;
      show();
    }

    function applyFilters() {
      var audience = filters.elements.audience.value;
      var tag = filters.elements.tag.value;
      visible = slides.filter(function (slide) {
        var audiences = slide.getAttribute("data-four-audience").split(" ");
        var tags = slide.getAttribute("data-four-tags").split(" ");
        return (!audience || audiences.indexOf(audience) >= 0) && (!tag || tags.indexOf(tag) >= 0);
      });
      index = 0;
      show();
    }

    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    reveal.addEventListener("click", function () {
      if (!visible.length) return;
      revealed = !revealed;
      visible[index].querySelector("[data-four-slide-answers]").hidden = !revealed;
      reveal.setAttribute("aria-expanded", revealed ? "true" : "false");
      reveal.textContent = revealed ? "Hide answers" : "Reveal answers";
    });
    filters.addEventListener("change", applyFilters);
    filters.addEventListener("submit", function (event) { event.preventDefault(); });

    function onKey(event) {
      if (!root.isConnected) { document.removeEventListener("keydown", onKey); return; }
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) return;
      if (event.key === "ArrowRight") { go(1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { go(-1); event.preventDefault(); }
    }
    document.addEventListener("keydown", onKey);
    applyFilters();
  }

  function mountAll() {
    document.querySelectorAll("[data-four-classroom]").forEach(mount);
  }

  window.FourClassroom = { mountAll: mountAll };
  mountAll();
})();
